package io.jenkins.plugins.bakeami;

import static org.junit.Assume.assumeTrue;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Action;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.bakeami.tools.ec2.Delays;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/**
 * A workspace with the seed's layout (ami/packer.json, ami/files/*), the project's EC2 emulator, and the callable
 * run in-process as an agent would run it. Skips the test when packer is not installed (bin/setup installs it).
 */
final class CallableBakeFixture extends ExternalResource {
    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "AKIAJENKINSFIXTURE01";
    static final String SECRET_KEY = "jenkins-fixture-secret-W9q2Lm7";
    static final String ACCOUNT = "123456789012";

    final TemporaryFolder tmp = new TemporaryFolder();
    Ec2Emulator emulator;
    File workspace;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    /** A listener as the agent side sees it: the build log's stream. */
    final class Listener implements TaskListener {
        @Override
        public PrintStream getLogger() {
            return log;
        }

        private static final long serialVersionUID = 1L;
    }

    @Override
    protected void before() throws Throwable {
        assumeTrue("packer is not installed", PackerTestEnvironment.packerInstalled());
        tmp.create();
        workspace = tmp.newFolder("workspace");
        emulator = Ec2Emulator.builder().delays(Delays.uniform(Duration.ofMillis(200))).start();
        emulator.accounts().map(ACCESS_KEY, ACCOUNT);
    }

    @Override
    protected void after() {
        if (emulator != null) {
            emulator.close();
        }
        tmp.delete();
    }

    /** Replaces the emulator with one built from {@code builder} (a clock, a call listener), the fixture's key mapped. */
    void useEmulator(Ec2Emulator.Builder builder) {
        emulator.close();
        emulator = builder.start();
        emulator.accounts().map(ACCESS_KEY, ACCOUNT);
    }

    Path path(String relative) {
        return workspace.toPath().resolve(relative);
    }

    /** The seed's example layout, pointed at the emulator through the ec2_endpoint variable. */
    void writeDefinition(String provisionerCommand, String extraBuilderFields) throws IOException {
        write("ami/files/motd", "Welcome to the baked image\n");
        write("ami/files/setup.sh", "#!/bin/sh\necho configuring\n");
        write("ami/packer.json", """
                {
                  "variables": {"aws_region": "", "aws_subnet_id": "", "config_checksum": "", "ec2_endpoint": ""},
                  "builders": [{
                    "type": "amazon-ebs",
                    "region": "{{user `aws_region`}}",
                    "source_ami": "%s",
                    "instance_type": "t3.micro",
                    "ami_name": "app-{{uuid}}",
                    "communicator": "none",
                    "custom_endpoint_ec2": "{{user `ec2_endpoint`}}",
                    "skip_credential_validation": true,
                    "skip_region_validation": true,
                    "skip_metadata_api_check": true,
                    "tags": {"Name": "app"}%s
                  }],
                  "provisioners": [{"type": "shell-local", "inline": ["%s"]}],
                  "post-processors": [{"type": "manifest", "output": ".manifest.json"}]
                }
                """.formatted(Ec2Emulator.BASE_IMAGE_ID, extraBuilderFields, provisionerCommand));
    }

    void write(String relative, String text) throws IOException {
        Path file = path(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The step as a user would write it: template, region, endpoint; everything else default. */
    BakeAmiStep step() {
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        step.setRegion(REGION);
        step.setEndpoint(emulator.endpoint().toString());
        return step;
    }

    /** The step's environment on an agent: the machine's, without AWS settings; Packer polls fast. */
    EnvVars stepEnvironment() {
        EnvVars env = new EnvVars();
        env.putAll(PackerTestEnvironment.forPacker(workspace.getParentFile().toPath()));
        return env;
    }

    BakeAmiParameters parameters(BakeAmiSettings settings, Map<String, String> env, AgentAwsCredentials credentials) {
        return BakeAmiParameters.from(settings, env, credentials);
    }

    AgentAwsCredentials fixtureKeys() {
        return AgentAwsCredentials.keys("Jenkins credentials 'aws-test'", ACCESS_KEY, SECRET_KEY, null);
    }

    /** The step's environment with the fixture's keys bound, as withCredentials binds them. */
    EnvVars environmentWithKeys() {
        EnvVars env = stepEnvironment();
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        return env;
    }

    /** A build to record on (there is no Jenkins): its id and the actions added to it. */
    Run<?, ?> run(String id) {
        Run<?, ?> run = mock(Run.class);
        List<Action> actions = new CopyOnWriteArrayList<>();
        when(run.getExternalizableId()).thenReturn(id);
        doAnswer(call -> actions.add(call.getArgument(0))).when(run).addAction(any());
        when(run.getActions(any())).thenAnswer(call -> actions.stream()
                .filter(((Class<?>) call.getArgument(0))::isInstance).toList());
        return run;
    }

    /** The freestyle builder's bake (the same calls as the pipeline step's), in this workspace, without archiving. */
    BakeAmiSummary bake(BakeAmiStep step, EnvVars env, Run<?, ?> run) throws IOException, InterruptedException {
        return bake(step, env, run, workspace);
    }

    BakeAmiSummary bake(BakeAmiStep step, EnvVars env, Run<?, ?> run, File in) throws IOException, InterruptedException {
        step.setArchive(false);
        return BakeAmiRunner.bake(step, run, new FilePath(in), env, null, new Listener());
    }

    BakeAmiSummary bake(BakeAmiStep step) throws IOException, InterruptedException {
        return bake(step, environmentWithKeys(), run("job#1"));
    }

    /** The probe alone, as the agent runs it. */
    AgentReply probe(BakeAmiParameters parameters) throws IOException, InterruptedException {
        return BakeAmiCallable.probe(parameters, "probe").withLimits(PackerTestEnvironment.fastEc2Limits())
                .invoke(workspace, null);
    }

    String logText() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    String read(String relative) throws IOException {
        return Files.readString(path(relative), StandardCharsets.UTF_8);
    }
}
