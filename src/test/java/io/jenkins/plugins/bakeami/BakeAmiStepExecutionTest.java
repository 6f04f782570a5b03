package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.security.AnyTypePermission;
import hudson.ExtensionList;
import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.EmulatorFixture;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.engine.bake.BakeProbe;
import io.jenkins.plugins.bakeami.engine.lifecycle.BakeJournal;
import io.jenkins.plugins.bakeami.engine.lifecycle.JournalEntry;
import io.jenkins.plugins.bakeami.engine.packer.PackerRun;
import io.jenkins.plugins.bakeami.tools.ec2.Delays;
import io.jenkins.plugins.bakeami.tools.ec2.StsTlsFront;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import jenkins.model.CauseOfInterruption;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.After;
import org.junit.Before;
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
    @Rule
    public CallableBakeFixture fx = new CallableBakeFixture();

    /** The stand-in's running Jenkins: where the global defaults and the Packer installations live. */
    @Rule
    public JenkinsHome jenkinsHome = new JenkinsHome();

    @Before
    public void everyCaseBakesWithPacker() {
        RequiredTools.requirePacker();
    }

    @After
    public void restartTheTimer() {
        Timer.shutdown(); // no poll of a finished test goes on into the next one
    }

    private TestStepContext context(String build, Run<?, ?> run) {
        return new TestStepContext(build, new FilePath(fx.workspace.toFile()), fx.environmentWithKeys(), fx.new Listener(),
                run);
    }

    private StepExecution start(BakeAmiStep step, TestStepContext context) throws Exception {
        step.setArchive(false);
        StepExecution execution = step.start(context);
        assertFalse("the step runs on asynchronously", execution.start());
        return execution;
    }

    /**
     * A provisioner that says first-line, then waits for the test's go file, then says after-go. A go file that never
     * comes fails the provisioner (after {@link Await#DEADLINE}): it never says after-go without it.
     */
    private Path waitingDefinition() throws Exception {
        Path go = fx.workspace.resolveSibling("go");
        fx.writeDefinition("echo first-line && i=0; while [ ! -f " + go + " ] && [ $i -lt "
                + Await.DEADLINE.toSeconds() * 10 + " ]; do sleep 0.1; i=$((i+1)); done; test -f " + go
                + " && echo after-go", "");
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
        Path tmp = fx.workspace.resolveSibling(fx.workspace.getFileName() + "@tmp");
        try (Stream<Path> dirs = Files.list(tmp)) {
            Path pid = dirs.filter(d -> d.getFileName().toString().startsWith("bakeAmi-"))
                    .map(d -> d.resolve("build/pid")).filter(Files::exists).findFirst().orElseThrow();
            return Long.parseLong(Files.readString(pid, StandardCharsets.US_ASCII).trim().split(" ")[1]);
        }
    }

    private static boolean running(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private void awaitLog(String fragment) throws InterruptedException {
        Await.until("the log shows " + fragment, () -> fx.logText().contains(fragment), fx::logText);
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
        String amiId = bakedAmi(context.outcome(Await.DEADLINE));
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
        String amiId = bakedAmi(context.outcome(Await.DEADLINE));
        assertEquals(fx.logText(), 1, count(fx.logText(), ": after-go"));
        assertTrue(fx.logText(), fx.logText().contains("[bakeAmi] baked " + amiId));
    }

    /** {@code keep} on the pipeline step: after the finish, one more short call prunes the family. */
    @Test
    public void keepPrunesTheFamilyInACallOfItsOwnAfterTheBake() throws Exception {
        fx.writeDefinition("echo provisioning", "");
        String older = fx.bake(fx.step()).getAmiId();
        fx.write("ami/files/motd", "second\n");
        BakeAmiStep step = fx.step();
        step.setKeep(1);
        step.setMinAge("0");
        Run<?, ?> run = fx.run("p#keep");
        TestStepContext context = context("p#keep", run);
        start(step, context);

        String amiId = bakedAmi(context.outcome(Await.DEADLINE));
        assertTrue("the older AMI is deregistered", fx.emulator.image(CallableBakeFixture.REGION, older).isEmpty());
        PruneSummary prune = run.getActions(BakeAmiAction.class).get(0).getPrune();
        assertEquals(List.of("us-east-1 " + older), prune.getDeleted());
        assertEquals(1, prune.getKept());
        String log = fx.logText();
        assertTrue(log, log.indexOf("Tagged " + amiId) < log.indexOf("[bakeAmi] prune: Pruning family ami/packer.json"));
        assertTrue(log, log.contains("[bakeAmi] prune: Deleted 1 AMI(s) and 1 snapshot(s), 8 GiB freed; kept 1; failed 0"));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }

    /**
     * A bake killed hard on the agent (the agent's JVM and Packer, {@code kill -9}) while Packer ran: the next bake on
     * that agent finds its journal entry. Its probe (a short call) terminates the instance and deletes the key pair
     * without waiting for the termination; its finish, once the instance is gone, deletes the security group.
     */
    @Test
    public void theNextBakeOnTheAgentSweepsAKilledBakeInItsProbeAndItsFinish() throws Exception {
        Path go = waitingDefinition();
        BakeJournal journal = BakeJournal.of(fx.stepEnvironment());
        BakeAmiParameters parameters = fx.parameters(fx.step(), fx.environmentWithKeys(), fx.fixtureKeys());
        AgentReply probe = fx.probe(parameters);
        BakeProbe checksum = new BakeProbe(probe.getChecksum(), probe.getChecksumMode(), java.util.Map.of(), null);
        PackerRun[] run = {BakeAmiCallable.start(parameters, "killed", checksum, false).invoke(fx.workspace.toFile(), null)
                .getRun()};
        JournalEntry[] entry = new JournalEntry[1];
        Await.until("the polls recorded Packer's instance, key pair and group in the journal", () -> {
            try {
                run[0] = BakeAmiCallable.poll(parameters, "killed", checksum, run[0]).invoke(fx.workspace.toFile(), null)
                        .getRun();
                List<JournalEntry> entries = journal.read().entries();
                entry[0] = entries.isEmpty() ? null : entries.get(0);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return entry[0] != null && entry[0].leftovers().resources().instanceIds().size() == 1
                    && entry[0].leftovers().resources().keyPairNames().size() == 1
                    && entry[0].leftovers().resources().securityGroupNames().size() == 1;
        });
        List<ProcessHandle> tree = run[0].processes().stream().map(id -> ProcessHandle.of(id.pid()))
                .flatMap(java.util.Optional::stream).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        Await.until("the killed bake's Packer is gone", () -> tree.stream().noneMatch(ProcessHandle::isAlive));
        String instance = entry[0].leftovers().resources().instanceIds().get(0);
        String group = entry[0].leftovers().resources().securityGroupNames().get(0);
        Files.createFile(go);

        TestStepContext context = context("p#next", fx.run("p#next"));
        start(fx.step(), context);
        bakedAmi(context.outcome(Await.DEADLINE));

        String log = fx.logText();
        assertTrue(log, log.contains("Bake killed (packer pid " + entry[0].packerPid()));
        int terminated = log.indexOf("Terminated instance " + instance);
        int waiting = log.indexOf("waiting for " + instance + " to terminate");
        int removed = log.indexOf("Removed security group " + group);
        int afterGo = log.indexOf(": after-go");
        assertTrue(log, terminated >= 0 && terminated < waiting && waiting < afterGo && afterGo < removed);
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertEquals(List.of(), journal.read().entries());
    }

    /** The start call returns while Packer builds; Packer runs on without any call in flight. */
    @Test
    public void packerOutlivesTheCallThatStartedIt() throws Exception {
        Path go = waitingDefinition();
        BakeAmiParameters parameters = fx.parameters(fx.step(), fx.environmentWithKeys(), fx.fixtureKeys());
        AgentReply probe = fx.probe(parameters);
        io.jenkins.plugins.bakeami.engine.bake.BakeProbe checksum = new io.jenkins.plugins.bakeami.engine.bake.BakeProbe(
                probe.getChecksum(), probe.getChecksumMode(), java.util.Map.of(), null);
        AgentReply started = BakeAmiCallable.start(parameters, "probe", checksum, false).invoke(fx.workspace.toFile(), null);
        assertEquals(AgentReply.Outcome.CONTINUE, started.getOutcome());
        long pid = started.getRun().packer().pid();
        assertTrue("the call returned, Packer builds on", running(pid));
        AgentReply polled = BakeAmiCallable.poll(parameters, "probe", checksum, started.getRun())
                .invoke(fx.workspace.toFile(), null);
        Await.until("Packer says first-line", () -> {
            try {
                return BakeAmiCallable.poll(parameters, "probe", checksum, polled.getRun()).invoke(fx.workspace.toFile(), null)
                        .getLines().stream().anyMatch(l -> l.endsWith(": first-line"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Files.createFile(go);
        Await.until("Packer ends", () -> !running(pid), fx::logText);
        AtomicReference<AgentReply> last = new AtomicReference<>(polled);
        Await.until("a poll sees the run ended", () -> {
            try {
                last.set(BakeAmiCallable.poll(parameters, "probe", checksum, last.get().getRun())
                        .invoke(fx.workspace.toFile(), null));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return last.get().getRun().ended();
        });
        AgentReply finished = BakeAmiCallable.finish(parameters, "probe", checksum, last.get().getRun())
                .invoke(fx.workspace.toFile(), null);
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
        bakedAmi(context.outcome(Await.DEADLINE));
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
        Await.until("Packer ends while nobody watches", () -> !running(pid), fx::logText);
        assertFalse(fx.logText(), fx.logText().contains("after-go"));

        StepExecution resumed = fromJavaForm(saved);
        resumed.onResume();
        String amiId = bakedAmi(context.outcome(Await.DEADLINE));
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
        // the instance stays pending until the stop: Packer waits for it when the stop comes
        fx.emulator.delays(EmulatorFixture.DELAYS.withInstancePending(Duration.ofMinutes(30)));
        TestStepContext context = context("p#5", fx.run("p#5"));
        StepExecution execution = start(fx.step(), context);
        Await.until("Packer waits for its instance", () -> fx.emulator.callLog().count("DescribeInstances") > 0,
                fx::logText);
        controllerStops();
        long pid = packerPid();
        StepExecution resumed = fromJavaForm(javaForm(execution));
        resumed.onResume();
        FlowInterruptedException cause = new FlowInterruptedException(Result.ABORTED, new StoppedByTest());
        resumed.stop(cause);
        assertSame("the step ends with the stop's own cause: ABORTED, no stack trace", cause,
                context.failure(Await.DEADLINE));
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
        String amiId = bakedAmi(first.outcome(Await.DEADLINE));

        fx.emulator.callLog().clear();
        fx.logBytes.reset();
        Run<?, ?> run = fx.run("p#7");
        TestStepContext second = context("p#7", run);
        start(fx.step(), second);
        assertEquals(amiId, second.outcome(Await.DEADLINE));
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

    private static final String WEST = "us-west-2";

    /** Bakes the seed's layout with ami_regions [us-west-2], then deletes the copy in us-west-2 as a user might. */
    private BakeAmiAction bakeThenLoseTheWestCopy(String build) throws Exception {
        fx.writeDefinition("echo provisioning", ",\n\"ami_regions\": [\"" + WEST + "\"]");
        Run<?, ?> run = fx.run(build);
        TestStepContext first = context(build, run);
        start(fx.step(), first);
        bakedAmi(first.outcome(Await.DEADLINE));
        BakeAmiAction baked = run.getActions(BakeAmiAction.class).get(0);
        String copy = baked.getAmiIds().get(WEST);
        io.jenkins.plugins.bakeami.engine.aws.Ec2Target west = new io.jenkins.plugins.bakeami.engine.aws.Ec2Target(WEST,
                fx.emulator.endpoint(), new io.jenkins.plugins.bakeami.engine.aws.AwsKeys(CallableBakeFixture.ACCESS_KEY,
                        CallableBakeFixture.SECRET_KEY, null));
        try (var ec2 = io.jenkins.plugins.bakeami.engine.aws.Ec2Clients.open(west,
                io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment.fastEc2Limits(), io.jenkins.plugins.bakeami.engine.aws.Ec2Clients.Transport.APACHE)) {
            List<String> snapshots = fx.emulator.image(WEST, copy).orElseThrow().snapshotIds();
            ec2.deregisterImage(b -> b.imageId(copy));
            snapshots.forEach(snapshot -> ec2.deleteSnapshot(b -> b.snapshotId(snapshot)));
        }
        // a copy now stays pending until the test says otherwise
        fx.emulator.delays(EmulatorFixture.DELAYS.withImageCopy(Duration.ofHours(1)));
        fx.emulator.callLog().clear();
        fx.logBytes.reset();
        return baked;
    }

    /** The copy the repair started, once it started one and polled it at least twice. */
    private String copyStartedAndPolledTwice() throws InterruptedException {
        Await.until("a CopyImage to " + WEST, () -> fx.emulator.callLog().count("CopyImage") == 1, fx::logText);
        String copy = fx.emulator.images(WEST).stream().map(io.jenkins.plugins.bakeami.tools.ec2.ImageInfo::imageId)
                .filter(id -> !id.equals(io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator.BASE_IMAGE_ID)).findFirst()
                .orElseThrow();
        Await.until("two polls of the pending copy", () -> fx.emulator.callLog().calls("DescribeImages").stream()
                .filter(c -> copy.equals(c.param("ImageId.1"))).count() >= 2, fx::logText);
        return copy;
    }

    /**
     * A region whose copy is gone is repaired in short calls: one starts the copy, the polls follow it (the
     * execution is written out and resumed meanwhile, as across a restart), the last tags it and writes
     * .ami_id.json with both regions. Packer does not run.
     */
    @Test
    public void aMissingRegionIsRepairedByACopyFollowedThroughThePollsAcrossARestart() throws Exception {
        BakeAmiAction baked = bakeThenLoseTheWestCopy("p#8");
        Run<?, ?> run = fx.run("p#9");
        TestStepContext context = context("p#9", run);
        StepExecution execution = start(fx.step(), context);
        String copy = copyStartedAndPolledTwice();
        controllerStops();
        String xml = xstream().toXML(execution);
        assertTrue(xml, xml.contains("<phase>RUN</phase>") && xml.contains(copy));

        StepExecution resumed = (StepExecution) xstream().fromXML(xml);
        resumed.onResume();
        fx.emulator.setImageState(WEST, copy, "available");
        assertEquals(baked.getAmiId(), context.outcome(Await.DEADLINE));
        BakeAmiAction repaired = run.getActions(BakeAmiAction.class).get(0);
        assertEquals("reused", repaired.getResult());
        assertEquals(Map.of("us-east-1", baked.getAmiId(), WEST, copy), repaired.getAmiIds());
        assertEquals(io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator.BASE_IMAGE_ID, repaired.getSourceAmi());
        assertEquals("one copy, no Packer", 1, fx.emulator.callLog().count("CopyImage"));
        assertEquals(0, fx.emulator.callLog().count("RunInstances"));
        assertEquals(repaired.getChecksum(), fx.emulator.image(WEST, copy).orElseThrow().ownerTags()
                .get("ami_config_checksum"));
        String log = fx.logText();
        assertTrue(log, log.contains("[bakeAmi] checksum " + repaired.getChecksum() + " (ami-bakery): an AMI carries it,"
                + " but not in " + WEST + ": copying it there"));
        assertTrue(log, log.indexOf("copied to " + WEST + ": " + copy) < log.indexOf("[bakeAmi] reused " + baked.getAmiId()));
        assertTrue(log, log.contains("[bakeAmi] AMI per region: us-east-1=" + baked.getAmiId() + ", " + WEST + "=" + copy
                + "; source image " + io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator.BASE_IMAGE_ID));
        assertTrue(fx.read(".ami_id.json"), fx.read(".ami_id.json").contains("\"ami_ids\": {\"us-east-1\": \""
                + baked.getAmiId() + "\", \"" + WEST + "\": \"" + copy + "\"}"));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }

    /** A stop while a copy is pending removes it: no image is left in the region, no .ami_id.json written. */
    @Test
    public void aStopDuringARepairRemovesTheCopyItStarted() throws Exception {
        bakeThenLoseTheWestCopy("p#10");
        Files.delete(fx.path(".ami_id.json"));
        TestStepContext context = context("p#11", fx.run("p#11"));
        StepExecution execution = start(fx.step(), context);
        String copy = copyStartedAndPolledTwice();
        FlowInterruptedException cause = new FlowInterruptedException(Result.ABORTED, new StoppedByTest());
        execution.stop(cause);
        assertSame(cause, context.failure(Await.DEADLINE));
        assertTrue(fx.emulator.image(WEST, copy).isEmpty());
        assertTrue(fx.logText(), fx.logText().contains("Cleanup after the stopped build: removed AMI " + copy + " in "
                + WEST));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertFalse(Files.exists(fx.path(".ami_id.json")));
    }

    // Issue 15: the role's profile for Packer lives with Packer's control files

    /** The step with a role, its Packer reaching the emulator's STS through the TLS front. */
    private TestStepContext roleContext(String build, StsTlsFront front) {
        hudson.EnvVars env = fx.environmentWithKeys();
        env.put("AWS_ENDPOINT_URL_STS", fx.emulator.endpoint().toString());
        env.putAll(front.packerEnvironment());
        return new TestStepContext(build, new FilePath(fx.workspace.toFile()), env, fx.new Listener(), fx.run(build));
    }

    private BakeAmiStep roleStep() {
        BakeAmiStep step = fx.step();
        step.setRole("arn:aws:iam::222222222222:role/ami-baker");
        return step;
    }

    /** Packer's private AWS profile, in this workspace's bake control directory, or null. */
    private Path profile() throws Exception {
        Path tmp = fx.workspace.resolveSibling(fx.workspace.getFileName() + "@tmp");
        if (!Files.isDirectory(tmp)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(tmp)) {
            return dirs.map(d -> d.resolve("aws/credentials")).filter(Files::exists).findFirst().orElse(null);
        }
    }

    @Test
    public void aRolesProfileForPackerOutlivesARestartAndGoesWhenTheBakeEnds() throws Exception {
        Path go = waitingDefinition();
        try (StsTlsFront front = StsTlsFront.start(fx.emulator, fx.tmp.newFolder("front").toPath())) {
            TestStepContext context = roleContext("p#7", front);
            StepExecution execution = start(roleStep(), context);
            awaitLog("first-line");
            controllerStops();
            Path profile = profile();
            assertNotNull("Packer's profile is beside its control files while it runs", profile);
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(profile)));
            byte[] saved = javaForm(execution);
            assertFalse("program.dat holds no AWS secret", new String(saved, StandardCharsets.ISO_8859_1)
                    .contains(CallableBakeFixture.SECRET_KEY));

            StepExecution resumed = fromJavaForm(saved);
            assertEquals("the restart leaves it for the Packer that reads it", profile, profile());
            resumed.onResume();
            Files.createFile(go);
            String amiId = bakedAmi(context.outcome(Await.DEADLINE));
            assertEquals("222222222222", fx.emulator.image(CallableBakeFixture.REGION, amiId).orElseThrow().ownerId());
            assertEquals("removed with the control files when the bake ended", null, profile());
        }
    }

    @Test
    public void aStoppedBakeRemovesTheRolesProfileForPacker() throws Exception {
        fx.writeDefinition("echo provisioning", "");
        fx.emulator.delays(new Delays(Duration.ofSeconds(120), Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ofMillis(200), Duration.ofMillis(200)));
        try (StsTlsFront front = StsTlsFront.start(fx.emulator, fx.tmp.newFolder("front").toPath())) {
            TestStepContext context = roleContext("p#8", front);
            StepExecution execution = start(roleStep(), context);
            Await.until("Packer waits for its instance", () -> fx.emulator.callLog().count("DescribeInstances") > 0);
            assertNotNull(profile());
            FlowInterruptedException cause = new FlowInterruptedException(Result.ABORTED, new StoppedByTest());
            execution.stop(cause);
            assertSame(cause, context.failure(Await.DEADLINE));
            assertEquals(null, profile());
            assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        }
    }

    // Issue 16: global defaults and Packer installations

    /**
     * A Packer installation's home: a packer that notes each run in {@code runs} beside it, then runs the machine's
     * packer (the one on the PATH).
     */
    private Path packerInstallation(String name) throws Exception {
        Path realPacker = RequiredTools.requirePacker();
        Path home = fx.workspace.resolveSibling("tools").resolve(name);
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
        String amiId = bakedAmi(context.outcome(Await.DEADLINE));
        Map<String, String> tags = fx.emulator.images(CallableBakeFixture.REGION).stream()
                .filter(i -> i.imageId().equals(amiId)).findFirst().orElseThrow().ownerTags();
        assertTrue(tags.toString(), tags.containsKey("team_checksum"));
        assertFalse(tags.toString(), tags.containsKey("changed_checksum"));
        assertEquals("packer version (asked once per binary), validate and build ran from the installation",
                List.of("version", "validate", "build"), Files.readAllLines(tool.resolve("runs")));
        assertEquals(fx.logText(), 1, count(fx.logText(), "[bakeAmi] template "));
    }
}
