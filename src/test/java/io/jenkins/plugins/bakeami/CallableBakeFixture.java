package io.jenkins.plugins.bakeami;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Action;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.bakeami.testsupport.EmulatorFixture;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

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
        return bake(step, env, run, workspace.toFile());
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
                .invoke(workspace.toFile(), null);
    }

    String logText() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    String read(String relative) throws IOException {
        return Files.readString(path(relative), StandardCharsets.UTF_8);
    }
}
