package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.security.AnyTypePermission;
import hudson.ExtensionList;
import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.bakeami.tools.ec2.Delays;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import jenkins.model.CauseOfInterruption;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/**
 * The pipeline step's durable execution, without Jenkins: a {@link TestStepContext} stands for the build, Jenkins'
 * timer is the stand-in's (a real scheduled pool), the workspace is local, and the real packer bakes against the
 * project's EC2 emulator. A controller restart is what Jenkins does: its timer is shut down, the execution is written
 * out and read back, and {@code onResume} is called on the copy.
 *
 * <p>Two written forms: Java serialization stands for program.dat (Jenkins writes the running steps' executions with
 * JBoss River, which follows Java serialization: {@code Serializable}, {@code transient}, {@code writeObject}); XStream
 * is the XML form Jenkins persists everything else with (build.xml, where the bake's action goes), and which support
 * bundles and the script console show: the state must survive it and show no secret either.
 */
public class BakeAmiStepExecutionTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @Rule
    public CallableBakeFixture fx = new CallableBakeFixture();

    /** The stand-in's running Jenkins: where the global defaults and the Packer installations live. */
    @Rule
    public JenkinsHome jenkinsHome = new JenkinsHome();

    @After
    public void restartTheTimer() {
        Timer.shutdown(); // no poll of a finished test goes on into the next one
    }

    private TestStepContext context(String build, Run<?, ?> run) {
        return new TestStepContext(build, new FilePath(fx.workspace), fx.environmentWithKeys(), fx.new Listener(),
                run);
    }

    private StepExecution start(BakeAmiStep step, TestStepContext context) throws Exception {
        step.setArchive(false);
        StepExecution execution = step.start(context);
        assertFalse("the step runs on asynchronously", execution.start());
        return execution;
    }

    /** A provisioner that says first-line, then waits for the test's go file (up to a minute), then says after-go. */
    private Path waitingDefinition() throws Exception {
        Path go = fx.workspace.toPath().resolveSibling("go");
        fx.writeDefinition("echo first-line && i=0; while [ ! -f " + go + " ] && [ $i -lt 600 ]; do sleep 0.1;"
                + " i=$((i+1)); done; echo after-go", "");
        return go;
    }

    /** Jenkins going down: its timer stops (a running poll is interrupted and gives up), nothing more is polled. */
    private static void controllerStops() {
        Timer.shutdown();
    }

    private static byte[] javaForm(StepExecution execution) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(execution);
        }
        return bytes.toByteArray();
    }

    private static StepExecution fromJavaForm(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (StepExecution) in.readObject();
        }
    }

    private static XStream xstream() {
        XStream xstream = new XStream();
        xstream.addPermission(AnyTypePermission.ANY);
        return xstream;
    }

    /** The pid of the Packer build this workspace's bake launched, from its control directory. */
    private long packerPid() throws Exception {
        Path tmp = fx.workspace.toPath().resolveSibling(fx.workspace.getName() + "@tmp");
        try (Stream<Path> dirs = Files.list(tmp)) {
            Path pid = dirs.filter(d -> d.getFileName().toString().startsWith("bakeAmi-"))
                    .map(d -> d.resolve("build/pid")).filter(Files::exists).findFirst().orElseThrow();
            return Long.parseLong(Files.readString(pid, StandardCharsets.US_ASCII).trim().split(" ")[1]);
        }
    }

    private static boolean running(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("never happened: " + what + "\n" + fx.logText());
            }
            Thread.sleep(50);
        }
    }

    private void awaitLog(String fragment) throws InterruptedException {
        await("the log shows " + fragment, () -> fx.logText().contains(fragment));
    }

    private String bakedAmi(Object outcome) {
        assertNotNull(outcome);
        String amiId = outcome.toString();
        assertEquals("the AMI is tagged with the checksum", amiId, fx.emulator.images(CallableBakeFixture.REGION)
                .stream().filter(i -> i.imageId().equals(amiId)).findFirst().orElseThrow().imageId());
        return amiId;
    }

    private static int count(String text, String fragment) {
        return BakeAmiCallableBakeTest.count(text, fragment);
    }

    @Test
    public void resumedFromTheJavaFormInTheMiddleOfPackersRunItFinishesWithTheAmi() throws Exception {
        Path go = waitingDefinition();
        TestStepContext context = context("p#1", fx.run("p#1"));
        StepExecution execution = start(fx.step(), context);
        awaitLog("first-line");
        controllerStops();
        long pid = packerPid();
        byte[] saved = javaForm(execution);
        String asText = new String(saved, StandardCharsets.ISO_8859_1);
        assertFalse("program.dat holds no AWS secret", asText.contains(CallableBakeFixture.SECRET_KEY));
        assertTrue("Packer outlives the calls that started and polled it", running(pid));

        Files.createFile(go);
        StepExecution resumed = fromJavaForm(saved);
        resumed.onResume();
        String amiId = bakedAmi(context.outcome(LIMIT));
        String log = fx.logText();
        assertEquals(log, 1, count(log, ": first-line"));
        assertEquals(log, 1, count(log, ": after-go"));
        assertTrue(log, log.indexOf("[bakeAmi] resumed after a restart of Jenkins") < log.indexOf(": after-go"));
        assertTrue(log, log.indexOf(": after-go") < log.indexOf("[bakeAmi] baked " + amiId));
        assertTrue(fx.read(".ami_id.json"), fx.read(".ami_id.json").contains(amiId));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }

    @Test
    public void resumedFromTheXmlFormInTheMiddleOfPackersRunItFinishesWithTheAmi() throws Exception {
        Path go = waitingDefinition();
        TestStepContext context = context("p#2", fx.run("p#2"));
        StepExecution execution = start(fx.step(), context);
        awaitLog("first-line");
        controllerStops();
        String xml = xstream().toXML(execution);
        assertFalse("the XML form holds no AWS secret", xml.contains(CallableBakeFixture.SECRET_KEY));
        assertTrue(xml, xml.contains("<phase>RUN</phase>"));

        Files.createFile(go);
        StepExecution resumed = (StepExecution) xstream().fromXML(xml);
        resumed.onResume();
        String amiId = bakedAmi(context.outcome(LIMIT));
        assertEquals(fx.logText(), 1, count(fx.logText(), ": after-go"));
        assertTrue(fx.logText(), fx.logText().contains("[bakeAmi] baked " + amiId));
    }

    /** The start call returns while Packer builds; Packer runs on without any call in flight. */
    @Test
    public void packerOutlivesTheCallThatStartedIt() throws Exception {
        Path go = waitingDefinition();
        BakeAmiParameters parameters = fx.parameters(fx.step(), fx.environmentWithKeys(), fx.fixtureKeys());
        AgentReply probe = fx.probe(parameters);
        io.jenkins.plugins.bakeami.engine.bake.BakeProbe checksum = new io.jenkins.plugins.bakeami.engine.bake.BakeProbe(
                probe.getChecksum(), probe.getChecksumMode(), java.util.Map.of(), null);
        AgentReply started = BakeAmiCallable.start(parameters, "probe", checksum, false).invoke(fx.workspace, null);
        assertEquals(AgentReply.Outcome.CONTINUE, started.getOutcome());
        long pid = started.getRun().packer().pid();
        assertTrue("the call returned, Packer builds on", running(pid));
        AgentReply polled = BakeAmiCallable.poll(parameters, "probe", checksum, started.getRun())
                .invoke(fx.workspace, null);
        await("Packer says first-line", () -> {
            try {
                return BakeAmiCallable.poll(parameters, "probe", checksum, polled.getRun()).invoke(fx.workspace, null)
                        .getLines().stream().anyMatch(l -> l.endsWith(": first-line"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Files.createFile(go);
        await("Packer ends", () -> !running(pid));
        AgentReply last = BakeAmiCallable.poll(parameters, "probe", checksum, polled.getRun()).invoke(fx.workspace, null);
        while (!last.getRun().ended()) {
            last = BakeAmiCallable.poll(parameters, "probe", checksum, last.getRun()).invoke(fx.workspace, null);
        }
        AgentReply finished = BakeAmiCallable.finish(parameters, "probe", checksum, last.getRun())
                .invoke(fx.workspace, null);
        assertEquals(finished.toString(), AgentReply.Outcome.DONE, finished.getOutcome());
        bakedAmi(finished.getSummary().getAmiId());
    }

    @Test
    public void aLogWrittenInBurstsArrivesCompleteAndInOrder() throws Exception {
        fx.writeDefinition("sh bursts.sh", "");
        fx.write("ami/bursts.sh", "b=1\nwhile [ $b -le 3 ]; do\n  i=1\n  while [ $i -le 300 ]; do echo burst-$b-$i;"
                + " i=$((i+1)); done\n  sleep 1\n  b=$((b+1))\ndone\nprintf 'half a '\nsleep 1\necho line\n");
        TestStepContext context = context("p#3", fx.run("p#3"));
        start(fx.step(), context);
        bakedAmi(context.outcome(LIMIT));
        List<String> shown = new ArrayList<>();
        for (String line : fx.logText().split("\n")) {
            int at = line.indexOf(": burst-");
            if (at >= 0) {
                shown.add(line.substring(at + 2));
            }
        }
        List<String> expected = new ArrayList<>();
        for (int b = 1; b <= 3; b++) {
            for (int i = 1; i <= 300; i++) {
                expected.add("burst-" + b + "-" + i);
            }
        }
        assertEquals("every line once, in order", expected, shown);
        assertEquals(fx.logText(), 1, count(fx.logText(), ": half a line\n"));
    }

    @Test
    public void aResumedExecutionWhosePackerEndedUnwatchedFinishesFromItsFiles() throws Exception {
        Path go = waitingDefinition();
        TestStepContext context = context("p#4", fx.run("p#4"));
        StepExecution execution = start(fx.step(), context);
        awaitLog("first-line");
        controllerStops();
        long pid = packerPid();
        byte[] saved = javaForm(execution);
        Files.createFile(go);
        await("Packer ends while nobody watches", () -> !running(pid));
        assertFalse(fx.logText(), fx.logText().contains("after-go"));

        StepExecution resumed = fromJavaForm(saved);
        resumed.onResume();
        String amiId = bakedAmi(context.outcome(LIMIT));
        String log = fx.logText();
        assertEquals("what Packer wrote unwatched is shown", 1, count(log, ": after-go"));
        assertTrue(log, log.contains("Tagged " + amiId + " and its snapshots"));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }

    /** A cause as Jenkins gives a stop (the real one is a UserInterruption). */
    private static final class StoppedByTest extends CauseOfInterruption {
        @Override
        public String getShortDescription() {
            return "Aborted by the test";
        }

        private static final long serialVersionUID = 1L;
    }

    @Test
    public void aStopAfterAResumeReachesPackerAndEndsWithTheStopsCause() throws Exception {
        fx.writeDefinition("echo provisioning", "");
        fx.emulator.delays(new Delays(Duration.ofSeconds(120), Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ofMillis(200), Duration.ofMillis(200)));
        TestStepContext context = context("p#5", fx.run("p#5"));
        StepExecution execution = start(fx.step(), context);
        await("Packer waits for its instance", () -> fx.emulator.callLog().count("DescribeInstances") > 0);
        controllerStops();
        long pid = packerPid();
        StepExecution resumed = fromJavaForm(javaForm(execution));
        resumed.onResume();
        FlowInterruptedException cause = new FlowInterruptedException(Result.ABORTED, new StoppedByTest());
        resumed.stop(cause);
        assertSame("the step ends with the stop's own cause: ABORTED, no stack trace", cause,
                context.failure(LIMIT));
        assertFalse("Packer was stopped", running(pid));
        String log = fx.logText();
        assertEquals(log, 1, count(log, "Cleanup after the stopped build"));
        assertTrue(log, log.contains("Stopping packer (pid " + pid + "): sent SIGTERM"));
        assertTrue("what Packer printed before the stop comes before it", log.indexOf(": Creating temporary keypair")
                < log.indexOf("Stopping packer (pid "));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertFalse(Files.exists(fx.path(".ami_id.json")));
    }

    /** The second bake of the same definition: one call to the agent, one checksum, one DescribeImages. */
    @Test
    public void aNoOpBakeIsOneChecksumAndOneDescribeImagesWithEveryLineInOrder() throws Exception {
        fx.writeDefinition("echo provisioning", "");
        TestStepContext first = context("p#6", fx.run("p#6"));
        start(fx.step(), first);
        String amiId = bakedAmi(first.outcome(LIMIT));

        fx.emulator.callLog().clear();
        fx.logBytes.reset();
        Run<?, ?> run = fx.run("p#7");
        TestStepContext second = context("p#7", run);
        start(fx.step(), second);
        assertEquals(amiId, second.outcome(LIMIT));
        assertEquals(List.of("DescribeImages"), fx.emulator.callLog().actions());
        String log = fx.logText();
        assertEquals(log, 1, count(log, "Checksum (ami-bakery) of "));
        int checksum = log.indexOf("Checksum (ami-bakery) of ");
        int found = log.indexOf("Found " + amiId);
        int wrote = log.indexOf("Wrote " + fx.path(".ami_id.json"));
        int reused = log.indexOf("[bakeAmi] reused " + amiId);
        assertTrue(log, log.indexOf("[bakeAmi] template ami/packer.json") < checksum);
        assertTrue(log, checksum < found && found < wrote && wrote < reused);
        assertEquals("reused", run.getActions(BakeAmiAction.class).get(0).getResult());
    }

    /**
     * A Packer installation's home: a packer that notes each run in {@code runs} beside it, then runs the machine's
     * packer (the one on the PATH).
     */
    private Path packerInstallation(String name) throws Exception {
        Path realPacker = Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator)).map(d -> Path.of(d, "packer"))
                .filter(Files::isExecutable).findFirst().orElseThrow();
        Path home = fx.workspace.toPath().resolveSibling("tools").resolve(name);
        Files.createDirectories(home);
        Path packer = home.resolve("packer");
        Files.writeString(packer, "#!/bin/sh\necho \"$1\" >> " + home.resolve("runs") + "\nexec " + realPacker
                + " \"$@\"\n", StandardCharsets.UTF_8);
        assertTrue(packer.toFile().setExecutable(true));
        return home;
    }

    /**
     * The global defaults apply to the step (the first line says so), and a step resumed after a restart resolves with
     * the defaults it started with: an administrator's change in between does not reach the bake in flight. The global
     * default Packer installation is what runs, resolved for the workspace's node (the built-in one here).
     */
    @Test
    public void aResumedStepKeepsTheGlobalDefaultsItStartedWith() throws Exception {
        Path tool = packerInstallation("packer-1.11");
        ExtensionList.lookupSingleton(PackerInstallation.DescriptorImpl.class)
                .setInstallations(new PackerInstallation("packer-1.11", tool.toString(), List.of()));
        BakeAmiGlobalConfiguration defaults = ExtensionList.lookupSingleton(BakeAmiGlobalConfiguration.class);
        defaults.setTagKey("team_checksum");
        defaults.setPackerInstallation("packer-1.11");
        Path go = waitingDefinition();
        TestStepContext context = context("p#9", fx.run("p#9"));
        StepExecution execution = start(fx.step(), context);
        awaitLog("first-line");
        String firstLine = fx.logText().lines().filter(l -> l.startsWith("[bakeAmi] ")).findFirst().orElseThrow();
        assertTrue(firstLine, firstLine.contains("tag key team_checksum (global default)"));
        assertTrue(firstLine, firstLine.contains("packer " + tool.resolve("packer") + " (tool 'packer-1.11', global default)"));
        assertTrue(firstLine, firstLine.contains("region " + CallableBakeFixture.REGION + " (option)"));
        controllerStops();
        byte[] saved = javaForm(execution);

        defaults.setTagKey("changed_checksum");
        defaults.setPackerInstallation(null);
        Files.createFile(go);
        StepExecution resumed = fromJavaForm(saved);
        resumed.onResume();
        String amiId = bakedAmi(context.outcome(LIMIT));
        Map<String, String> tags = fx.emulator.images(CallableBakeFixture.REGION).stream()
                .filter(i -> i.imageId().equals(amiId)).findFirst().orElseThrow().ownerTags();
        assertTrue(tags.toString(), tags.containsKey("team_checksum"));
        assertFalse(tags.toString(), tags.containsKey("changed_checksum"));
        assertEquals("packer version (asked once per binary), validate and build ran from the installation",
                List.of("version", "validate", "build"), Files.readAllLines(tool.resolve("runs")));
        assertEquals(fx.logText(), 1, count(fx.logText(), "[bakeAmi] template "));
    }
}
