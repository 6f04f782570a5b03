package io.jenkins.plugins.bakeami;

import hudson.EnvVars;
import hudson.model.TaskListener;
import io.jenkins.plugins.bakeami.testsupport.EmulatorFixture;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Jenkins layer's view of {@link EmulatorFixture}: the step as a user writes it, its environment on an agent, and
 * the callable run in-process as an agent would run it, logging to a build log the test reads. Tests that run Packer
 * say so with {@code RequiredTools.requirePacker()}.
 */
final class CallableBakeFixture extends EmulatorFixture {
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

    Path path(String relative) {
        return workspace.resolve(relative);
    }

    /** The seed's example layout (ami/packer.json, ami/files/*), pointed at the emulator. */
    void writeDefinition(String provisionerCommand, String extraBuilderFields) throws IOException {
        writeDefinition("ami", provisionerCommand, extraBuilderFields);
    }

    void write(String relative, String text) throws IOException {
        write(path(relative), text);
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
        env.putAll(packerEnvironment());
        return env;
    }

    BakeAmiParameters parameters(BakeAmiSettings settings, Map<String, String> env, AgentAwsCredentials credentials) {
        return BakeAmiParameters.from(settings, env, credentials);
    }

    AgentAwsCredentials fixtureKeys() {
        return AgentAwsCredentials.keys("Jenkins credentials 'aws-test'", ACCESS_KEY, SECRET_KEY, null);
    }

    BakeAmiCallable bake(BakeAmiParameters parameters) {
        return BakeAmiCallable.bake(parameters, new Listener()).withLimits(PackerTestEnvironment.fastEc2Limits());
    }

    BakeAmiCallable probe(BakeAmiParameters parameters) {
        return BakeAmiCallable.probe(parameters, new Listener()).withLimits(PackerTestEnvironment.fastEc2Limits());
    }

    String logText() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    String read(String relative) throws IOException {
        return Files.readString(path(relative), StandardCharsets.UTF_8);
    }
}
