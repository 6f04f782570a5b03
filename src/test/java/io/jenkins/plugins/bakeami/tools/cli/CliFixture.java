package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.testsupport.EmulatorFixture;
import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * The command line's view of {@link EmulatorFixture}: the CLI run in-process with an environment that is what the
 * commands read their variables from ({@link BakeAmiCli#commandLine(Map)}) and what Packer runs with. Tests that
 * run Packer say so with {@code RequiredTools.requirePacker()}.
 */
final class CliFixture extends EmulatorFixture {
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

    /** Packer's environment without the ami-bakery image's variables, plus the fixture's keys. */
    Map<String, String> environment() {
        Map<String, String> env = packerEnvironment();
        env.remove("AMI_DEFINITION_DIRS");
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
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
}
