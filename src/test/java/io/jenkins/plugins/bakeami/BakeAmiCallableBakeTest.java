package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import hudson.AbortException;
import hudson.EnvVars;
import io.jenkins.plugins.bakeami.engine.bake.BakeOutcome;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumCalculator;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumRequest;
import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.EmulatorFixture;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The agent's calls as the freestyle builder makes them (in-process, through a local workspace), with the real packer
 * against the project's EC2 emulator: baked, reused, failed, stopped; and no secret in anything a bake leaves behind.
 */
public class BakeAmiCallableBakeTest {
    @Rule
    public CallableBakeFixture fx = new CallableBakeFixture();

    @Rule
    public final Timeout timeout = Await.testTimeout();

    /** A bake may follow the probe: packer is checked before the probe's lookup, as the CLI does. */
    @Test
    public void theProbeOfABakeChecksPackerBeforeItsLookup() throws Exception {
        fx.writeDefinition("echo provisioning", "");
        BakeAmiStep step = fx.step();
        step.setPackerPath("bin/no-packer");
        AgentReply refused = fx.probe(fx.parameters(step, fx.stepEnvironment(), fx.fixtureKeys()));
        assertEquals(AgentReply.Outcome.FAILED, refused.getOutcome());
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("bakeAmi: The configured packer "));
        assertEquals("no EC2 call before packer is found", List.of(), fx.emulator.callLog().actions());

        step.setDryRun(true); // a dry run never runs Packer: its probe needs none
        AgentReply dryRun = fx.probe(fx.parameters(step, fx.stepEnvironment(), fx.fixtureKeys()));
        assertEquals(AgentReply.Outcome.DONE, dryRun.getOutcome());
        assertEquals(BakeOutcome.WOULD_BAKE, dryRun.getSummary().getOutcome());
    }

    /** A reuse gives the freestyle build's later steps the AMI of every region, as the bake did. */
    @Test
    public void aReuseSetsTheAmiIdOfEveryRegionAsTheBakeDid() throws Exception {
        fx.writeDefinition("echo provisioning", ",\n\"ami_regions\": [\"us-west-2\"]");
        BakeAmiSummary baked = fx.bake(fx.step());
        BakeAmiSummary reused = fx.bake(fx.step());
        assertEquals(BakeOutcome.REUSED, reused.getOutcome());
        Map<String, String> variables = AmiIdEnvironmentAction.variables(reused);
        assertEquals(AmiIdEnvironmentAction.variables(baked), variables);
        assertEquals(baked.getAmiIds().get("us-west-2"), variables.get("AMI_ID_US_WEST_2"));
        assertEquals(baked.getAmiId(), variables.get("AMI_ID_US_EAST_1"));
        assertEquals(3, variables.size());
    }

    @Test
    public void bakesThenReusesWithTheSeedsChecksumFileAndListing() throws Exception {
        RequiredTools.requirePacker();
        fx.writeDefinition("echo provisioning", "");
        BakeAmiParameters parameters = fx.parameters(fx.step(), fx.environmentWithKeys(), fx.fixtureKeys());

        AgentReply probe = fx.probe(parameters);
        assertEquals(AgentReply.Outcome.CONTINUE, probe.getOutcome());
        assertFalse("a probe that finds nothing writes nothing", Files.exists(fx.path(".ami_id.json")));
        assertEquals("its lines come back as values, none goes to the build's stream", "", fx.logText());
        assertTrue(probe.getLines().toString(), probe.getLines().get(0).startsWith("Checksum (ami-bakery) of 3 inputs: "));
        // a bake that ends after its probe (stopped while it waits for the lock) leaves nothing beside the workspace
        assertEquals(AgentReply.Outcome.STOPPED, BakeAmiCallable.discard(parameters, "probe").invoke(fx.workspace.toFile(), null)
                .getOutcome());

        BakeAmiSummary baked = fx.bake(fx.step());
        String seedChecksum = new ChecksumCalculator().calculate(
                ChecksumRequest.builder(fx.workspace).directory("ami").build()).getValue();
        assertEquals(BakeOutcome.BAKED, baked.getOutcome());
        assertEquals(seedChecksum, baked.getChecksum());
        assertEquals(probe.getChecksum(), baked.getChecksum());
        assertEquals(Map.of("us-east-1", baked.getAmiId()), baked.getAmiIds());
        assertEquals(seedChecksum, fx.emulator.image("us-east-1", baked.getAmiId()).orElseThrow().ownerTags()
                .get("ami_config_checksum"));
        assertTrue(fx.read(".ami_id.json"), fx.read(".ami_id.json").startsWith("{\"ami_id\": \"" + baked.getAmiId() + "\""));
        assertEquals(".ami_id.json", baked.getAmiIdFile());
        assertEquals(".ami_checksum_listing.txt", baked.getListingFile());
        assertEquals(fx.read(".ami_checksum_listing.txt"), baked.getListingText());
        assertTrue(baked.getListingText(), baked.getListingText().endsWith(seedChecksum + "\n"));
        assertTrue(baked.getListingText(), baked.getListingText().contains(" file ami/files/motd\n"));
        assertTrue(fx.logText(), fx.logText().contains("provisioning"));
        assertTrue(baked.getPhaseMillis().keySet().containsAll(List.of("checksum", "lookup", "packer", "tagging")));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertFalse("the bake's control directory beside the workspace is removed",
                Files.list(fx.workspace.resolveSibling(fx.workspace.getFileName() + "@tmp")).findAny().isPresent());

        fx.emulator.callLog().clear();
        BakeAmiSummary reused = fx.bake(fx.step());
        assertEquals(BakeOutcome.REUSED, reused.getOutcome());
        assertTrue(reused.isReused());
        assertEquals(baked.getAmiId(), reused.getAmiId());
        assertEquals(List.of("DescribeImages"), fx.emulator.callLog().actions());
        AgentReply hit = fx.probe(parameters);
        assertEquals(AgentReply.Outcome.DONE, hit.getOutcome());
        assertEquals(BakeOutcome.REUSED, hit.getSummary().getOutcome());

        // a changed file: a new checksum, a new bake, and the controller names the file
        fx.write("ami/files/motd", "Welcome to the rebaked image\n");
        BakeAmiSummary rebaked = fx.bake(fx.step());
        assertEquals(BakeOutcome.BAKED, rebaked.getOutcome());
        assertNotEquals(baked.getAmiId(), rebaked.getAmiId());
        List<String> changed = ChangedFiles.between(baked.getListingText(), rebaked.getListingText());
        assertTrue(changed.toString(), changed.stream().anyMatch(line -> line.startsWith("changed:  file ami/files/motd")));
        assertTrue(changed.toString(), changed.contains("1 changed, 0 added, 0 removed, 0 renamed, 0 moved"));
    }

    @Test
    public void aTemplatePackerRefusesFailsWithItsMessageAndLeavesNoAmiIdFile() throws Exception {
        RequiredTools.requirePacker();
        fx.writeDefinition("echo provisioning", ",\n\"no_such_option\": true");
        fx.write(".ami_id.json", "{\"ami_id\": \"ami-stale\"}");
        fx.write(".ami_checksum_listing.txt", "stale");
        AbortException e = assertThrows(AbortException.class, () -> fx.bake(fx.step()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("bakeAmi: "));
        assertTrue(e.getMessage(), e.getMessage().contains("no_such_option"));
        assertNull("no stack trace travels with the message", e.getCause());
        assertFalse(Files.exists(fx.path(".ami_id.json")));
        assertFalse(Files.exists(fx.path(".ami_checksum_listing.txt")));
        assertEquals(0, fx.emulator.callLog().count("RunInstances"));
    }

    @Test
    public void aMissingTemplateNamesIt() {
        AbortException e = assertThrows(AbortException.class, () -> fx.bake(fx.step()));
        assertTrue(e.getMessage(), e.getMessage().contains("Packer template ami/packer.json does not exist"));
    }

    /**
     * The freestyle build's stop as Jenkins delivers it: an interrupt of the build's thread. The bake stops Packer
     * on the agent, waits for its cleanup, which the log reports, and ends interrupted.
     */
    @Test
    public void aStopDuringTheInstanceWaitCleansUpAndEndsInterrupted() throws Exception {
        RequiredTools.requirePacker();
        fx.writeDefinition("echo provisioning", "");
        // the instance stays pending until the stop: Packer waits for it when the stop comes
        fx.emulator.delays(EmulatorFixture.DELAYS.withInstancePending(Duration.ofMinutes(30)));
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread build = new Thread(() -> {
            try {
                fx.bake(fx.step());
                ended.set(new AssertionError("the bake finished although it was stopped"));
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        build.start();
        Await.until("packer waits for its instance", () -> fx.emulator.callLog().count("DescribeInstances") > 0
                || !build.isAlive(), fx::logText);
        assertTrue("the bake ended before packer waited for its instance:\n" + fx.logText(), build.isAlive());
        build.interrupt();
        Await.ended(build);
        assertTrue(String.valueOf(ended.get()), ended.get() instanceof InterruptedException);
        assertTrue(ended.get().getMessage(), ended.get().getMessage().contains("Cleanup after the stopped build"));
        assertTrue(fx.logText(), fx.logText().contains("[bakeAmi] the build was stopped: stopping Packer on the agent"));
        assertEquals(fx.logText(), 1, count(fx.logText(), "Cleanup after the stopped build"));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertFalse(Files.exists(fx.path(".ami_id.json")));
    }

    /** Known secret values in the keys and in the step's environment appear nowhere a bake leaves text. */
    @Test
    public void noSecretInTheLogTheFilesTheSummaryOrTheAction() throws Exception {
        RequiredTools.requirePacker();
        fx.writeDefinition("echo provisioning", "");
        String sessionSecret = "session-secret-value-Hq3vX8";
        EnvVars env = fx.environmentWithKeys();
        env.put("DB_PASSWORD", sessionSecret);
        BakeAmiStep step = fx.step();
        BakeAmiParameters parameters = fx.parameters(step, env, fx.fixtureKeys());
        hudson.model.Run<?, ?> run = fx.run("job#1");

        BakeAmiSummary baked = fx.bake(step, env, run);
        assertEquals(BakeOutcome.BAKED, baked.getOutcome());
        BakeAmiAction action = run.getActions(BakeAmiAction.class).get(0);

        List<String> texts = new ArrayList<>(List.of(fx.logText(), fx.read(".ami_id.json"),
                fx.read(".ami_checksum_listing.txt"), baked.toString(), parameters.toString(), parameters.describe(),
                BakeAmiCallable.probe(parameters, "x").toString()));
        texts.addAll(stringFields(action));
        texts.addAll(action.getChangedFiles());
        ByteArrayOutputStream serialized = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(serialized)) {
            out.writeObject(baked);
        }
        texts.add(serialized.toString(StandardCharsets.ISO_8859_1));
        for (String text : texts) {
            assertFalse(text, text.contains(CallableBakeFixture.SECRET_KEY));
            assertFalse(text, text.contains(sessionSecret));
        }
        assertTrue("the log is the bake's", fx.logText().contains("Tagged " + baked.getAmiId()));
    }

    /** A failing provisioner: the message and the log name the failure, never the keys. */
    @Test
    public void noSecretInTheMessageOrTheLogOfAFailedBake() throws Exception {
        RequiredTools.requirePacker();
        fx.writeDefinition("exit 3", "");
        AbortException e = assertThrows(AbortException.class, () -> fx.bake(fx.step()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("bakeAmi: "));
        assertTrue("the provisioner's own failure: " + e.getMessage(),
                e.getMessage().contains("Script exited with non-zero exit status: 3"));
        for (String text : List.of(e.getMessage(), fx.logText())) {
            assertFalse(text, text.contains(CallableBakeFixture.SECRET_KEY));
        }
        assertFalse(Files.exists(fx.path(".ami_id.json")));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }

    /**
     * {@code keep} on the freestyle builder: after a reuse, the family is pruned in a call of its own; the newest AMI
     * and the current checksum's (reused, not the newest) stay, the oldest goes with its snapshot, and the build's
     * action says so.
     */
    @Test
    public void keepPrunesTheFamilyAfterAReuseKeepingTheCurrentChecksumsAmi() throws Exception {
        fx.writeDefinition("echo provisioning", "");
        String first = fx.bake(fx.step()).getAmiId();
        fx.write("ami/files/motd", "second\n");
        String second = fx.bake(fx.step()).getAmiId();
        fx.write("ami/files/motd", "third\n");
        String third = fx.bake(fx.step()).getAmiId();
        List<String> firstSnapshots = fx.emulator.image(CallableBakeFixture.REGION, first).orElseThrow().snapshotIds();
        fx.write("ami/files/motd", "second\n");
        BakeAmiStep step = fx.step();
        step.setKeep(1);
        step.setMinAge("0");
        hudson.model.Run<?, ?> run = fx.run("job#4");

        BakeAmiSummary reused = fx.bake(step, fx.environmentWithKeys(), run);

        assertEquals(BakeOutcome.REUSED, reused.getOutcome());
        assertEquals(second, reused.getAmiId());
        assertTrue("the oldest is deregistered", fx.emulator.image(CallableBakeFixture.REGION, first).isEmpty());
        assertEquals(1, firstSnapshots.size());
        assertTrue("and its snapshot deleted", fx.emulator.snapshot(CallableBakeFixture.REGION, firstSnapshots.get(0))
                .isEmpty());
        assertTrue(fx.emulator.image(CallableBakeFixture.REGION, second).isPresent());
        assertTrue(fx.emulator.image(CallableBakeFixture.REGION, third).isPresent());
        PruneSummary prune = run.getActions(BakeAmiAction.class).get(0).getPrune();
        assertEquals(List.of("us-east-1 " + first), prune.getDeleted());
        assertEquals(2, prune.getKept());
        assertEquals(List.of(), prune.getFailed());
        assertEquals("ami/packer.json", prune.getFamily());
        assertEquals("keep 1, min age 0s, shared and public AMIs kept", prune.getPolicy());
        String log = fx.logText();
        assertTrue(log, log.indexOf("Found " + second) < log.indexOf("[bakeAmi] prune: Family ami/packer.json:"
                + " keep 1, min age 0s"));
        assertTrue(log, log.lines().anyMatch(l -> l.startsWith("[bakeAmi] prune: us-east-1  " + first)
                && l.contains(" deleted ")));
        assertTrue(log, log.lines().anyMatch(l -> l.startsWith("[bakeAmi] prune: us-east-1  " + second)
                && l.contains("current checksum")));
    }

    static int count(String text, String fragment) {
        int n = 0;
        for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<String> stringFields(Object object) throws IllegalAccessException {
        List<String> values = new ArrayList<>();
        for (Field field : object.getClass().getDeclaredFields()) {
            field.setAccessible(true);
            Object value = field.get(object);
            if (value != null && !java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                values.add(String.valueOf(value));
            }
        }
        assertNotNull(values);
        return values;
    }
}
