package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.PackerTestEnvironment;
import static org.junit.Assume.assumeTrue;

import io.jenkins.plugins.bakeami.tools.ec2.Delays;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/**
 * An EC2 emulator, a workspace and an environment for running the CLI in-process: the environment is what the
 * commands read their variables from ({@link BakeAmiCli#commandLine(Map)}) and what Packer runs with.
 */
final class CliFixture extends ExternalResource {
    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "AKIACLIFIXTURE000001";
    static final String SECRET_KEY = "cli-fixture-secret-9Qx";
    static final String ACCOUNT = "210987654321";

    final TemporaryFolder tmp = new TemporaryFolder();
    Ec2Emulator emulator;
    Path workspace;

    /** What one run printed. */
    static final class Run {
        final int exitCode;
        final String out;
        final String err;

        Run(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }

        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        String lastLine() {
            List<String> lines = outLines();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    @Override
    protected void before() throws Throwable {
        tmp.create();
        workspace = tmp.newFolder("workspace").toPath().toRealPath();
        emulator = Ec2Emulator.builder().delays(Delays.uniform(Duration.ofMillis(200))).diagnostics(line -> { }).start();
        emulator.accounts().map(ACCESS_KEY, ACCOUNT);
    }

    @Override
    protected void after() {
        if (emulator != null) {
            emulator.close();
        }
        tmp.delete();
    }

    /** The machine's environment without its AWS and Packer settings, plus our keys, fast waiters, a private HOME. */
    Map<String, String> environment() {
        Map<String, String> env = PackerTestEnvironment.forPacker(workspace.getParent());
        env.remove("AMI_DEFINITION_DIRS");
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        env.put("CHECKPOINT_DISABLE", "1");
        return env;
    }

    Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = BakeAmiCli.commandLine(environment).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** An available AMI of our account tagged with the checksum. */
    String seedOurImage(String name, String checksum) {
        return emulator.seedImage(ImageSeed.named(name).region(REGION).owner(ACCOUNT)
                .tag("ami_config_checksum", checksum));
    }

    String endpoint() {
        return emulator.endpoint().toString();
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
    }

    static void assumePacker() {
        assumeTrue("packer is not installed (bin/setup installs it)", PackerTestEnvironment.packerInstalled());
    }
}
