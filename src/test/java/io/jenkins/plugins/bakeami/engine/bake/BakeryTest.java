package io.jenkins.plugins.bakeami.engine.bake;

import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.REGION;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.checksum.ChecksumCalculator;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumRequest;
import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.EmulatorFixture;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/** The bake with the real packer against the project's EC2 emulator. */
public class BakeryTest {
    private static final Pattern SEED_FORMAT = Pattern.compile("^\\{\"ami_id\": \"ami-[0-9a-f]{17}\", .*\\}$");

    @Rule
    public BakeFixture fx = new BakeFixture();

    @Rule
    public final Timeout timeout = Await.testTimeout();

    @Test
    public void jsonTemplateMissBakesTagsAndTheNextRunReusesWithoutPacker() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo provisioning", "");
        BakeResult baked = fx.bakery().bake(fx.request("ami/packer.json").build());

        assertEquals(BakeOutcome.BAKED, baked.outcome());
        String expectedChecksum = new ChecksumCalculator().calculate(
                ChecksumRequest.builder(fx.workspace).directory("ami").build()).getValue();
        assertEquals(expectedChecksum, baked.checksum());
        assertTaggedWithSnapshots(REGION, baked.amiId(), baked.checksum());
        assertEquals(Map.of(REGION, baked.amiId()), baked.amiIdsByRegion());
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        String json = Files.readString(fx.workspace.resolve(".ami_id.json"), StandardCharsets.UTF_8);
        assertTrue(json, SEED_FORMAT.matcher(json).matches());
        assertTrue(json, json.startsWith("{\"ami_id\": \"" + baked.amiId() + "\""));
        assertTrue(fx.logText(), fx.logText().contains("provisioning"));

        fx.emulator.callLog().clear();
        fx.log.clear();
        BakeResult reused = fx.bakery().bake(fx.request("ami/packer.json").build());
        assertEquals(BakeOutcome.REUSED, reused.outcome());
        assertEquals(baked.amiId(), reused.amiId());
        assertEquals(List.of("DescribeImages"), fx.emulator.callLog().actions());
        assertFalse(fx.logText(), fx.logText().contains("packer"));
        assertTrue(Files.readString(fx.workspace.resolve(".ami_id.json"), StandardCharsets.UTF_8)
                .startsWith("{\"ami_id\": \"" + baked.amiId() + "\""));
    }

    @Test
    public void hcl2TemplateBakesAndIsReused() throws Exception {
        RequiredTools.requirePacker();
        fx.writeHclDefinition();
        BakeResult baked = fx.bakery().bake(fx.request("hcl/app.pkr.hcl").build());
        assertEquals(BakeOutcome.BAKED, baked.outcome());
        assertTaggedWithSnapshots(REGION, baked.amiId(), baked.checksum());
        assertEquals(BakeOutcome.REUSED, fx.bakery().bake(fx.request("hcl/app.pkr.hcl").build()).outcome());
    }

    @Test
    public void strictModeIsNotChangedByWhatTheBakeWritesButByAVariable() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo provisioning", "");
        BakeResult baked = fx.bakery().bake(fx.request("ami/packer.json").checksumMode("strict").build());
        assertTrue(baked.checksum(), baked.checksum().startsWith("strict-v1:"));
        assertTrue("the manifest post-processor wrote into the definition directory",
                Files.exists(fx.workspace.resolve("ami/.manifest.json")));
        BakeResult again = fx.bakery().bake(fx.request("ami/packer.json").checksumMode("strict").build());
        assertEquals(BakeOutcome.REUSED, again.outcome());
        assertEquals(baked.amiId(), again.amiId());
        BakeResult dryRunWithVar = fx.bakery().bake(fx.request("ami/packer.json").checksumMode("strict")
                .vars(Map.of("ec2_endpoint", fx.emulator.endpoint().toString())).dryRun(true).build());
        assertEquals(BakeOutcome.WOULD_BAKE, dryRunWithVar.outcome());
    }

    @Test
    public void forceBakesAgainAndTheNewestWins() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo provisioning", "");
        BakeResult first = fx.bakery().bake(fx.request("ami/packer.json").build());
        fx.clock.advance(Duration.ofSeconds(1)); // CreationDate has one-second resolution: the next AMI is newer
        BakeResult forced = fx.bakery().bake(fx.request("ami/packer.json").force(true).build());
        assertEquals(BakeOutcome.BAKED, forced.outcome());
        assertNotEquals(first.amiId(), forced.amiId());
        assertEquals(first.checksum(), forced.checksum());
        assertEquals(forced.amiId(), fx.bakery().bake(fx.request("ami/packer.json").build()).amiId());
    }

    @Test
    public void dryRunLooksUpAndChangesNothing() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo provisioning", "");
        BakeResult wouldBake = fx.bakery().bake(fx.request("ami/packer.json").dryRun(true).build());
        assertEquals(BakeOutcome.WOULD_BAKE, wouldBake.outcome());
        assertEquals(null, wouldBake.amiId());
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));
        assertEquals(List.of("DescribeImages"), fx.emulator.callLog().actions());

        BakeResult baked = fx.bakery().bake(fx.request("ami/packer.json").build());
        Files.delete(fx.workspace.resolve(".ami_id.json"));
        BakeResult wouldReuse = fx.bakery().bake(fx.request("ami/packer.json").dryRun(true).build());
        assertEquals(BakeOutcome.WOULD_REUSE, wouldReuse.outcome());
        assertEquals(baked.amiId(), wouldReuse.amiId());
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));
    }

    @Test
    public void amiRegionsCopiesAreReturnedAndTaggedInEveryRegion() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo provisioning", ",\n\"ami_regions\": [\"us-west-2\", \"eu-west-1\"]");
        BakeResult baked = fx.bakery().bake(fx.request("ami/packer.json").build());
        assertEquals(List.of("eu-west-1", "us-east-1", "us-west-2"), baked.amiIdsByRegion().keySet().stream().sorted().toList());
        for (Map.Entry<String, String> entry : baked.amiIdsByRegion().entrySet()) {
            assertTaggedWithSnapshots(entry.getKey(), entry.getValue(), baked.checksum());
        }
        String json = Files.readString(fx.workspace.resolve(".ami_id.json"), StandardCharsets.UTF_8);
        assertTrue(json, json.contains("\"us-west-2\": \"" + baked.amiIdsByRegion().get("us-west-2") + "\""));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }

    @Test
    public void templateThatFailsValidationNamesItAndWritesNothing() throws Exception {
        RequiredTools.requirePacker();
        Path template = fx.writeJsonDefinition("echo provisioning", ",\n\"no_such_option\": true");
        Files.writeString(fx.workspace.resolve(".ami_id.json"), "{\"ami_id\": \"ami-stale\"}", StandardCharsets.UTF_8);
        BakeException e = assertThrows(BakeException.class, () -> fx.bakery().bake(fx.request("ami/packer.json").build()));
        assertTrue(e.getMessage(), e.getMessage().contains(template.toString()));
        assertTrue(e.getMessage(), e.getMessage().contains("no_such_option"));
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));
        assertEquals(0, fx.emulator.callLog().count("RunInstances"));
    }

    @Test
    public void provisionerFailureFailsTheBakeAndLeavesNothing() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("exit 3", "");
        BakeException e = assertThrows(BakeException.class, () -> fx.bakery().bake(fx.request("ami/packer.json").build()));
        assertTrue(e.getMessage(), e.getMessage().contains("exit"));
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertEquals(0, fx.emulator.callLog().count("CreateImage"));
    }

    @Test
    public void packerMissingSaysHowToInstallIt() throws Exception {
        fx.writeJsonDefinition("echo provisioning", "");
        BakeException e = assertThrows(BakeException.class, () -> fx.bakery().bake(fx.request("ami/packer.json")
                .packerPath(fx.workspace.resolve("no/packer").toString()).build()));
        assertTrue(e.getMessage(), e.getMessage().contains("apt-get install packer"));
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));
    }

    @Test
    public void cancelDuringTheInstanceWaitLeavesNoInstanceKeyPairOrSecurityGroup() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo provisioning", "");
        // the instance stays pending until the stop: Packer waits for it when the stop comes
        fx.emulator.delays(EmulatorFixture.DELAYS.withInstancePending(Duration.ofMinutes(30)));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread bake = new Thread(() -> {
            try {
                fx.bakery().bake(fx.request("ami/packer.json").build());
                outcome.set(new AssertionError("the bake finished although it was cancelled"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        bake.start();
        Await.until("packer waits for its instance",
                () -> fx.emulator.callLog().count("DescribeInstances") > 0 || !bake.isAlive(), fx::logText);
        assertTrue("the bake ended before packer waited for its instance:\n" + fx.logText(), bake.isAlive());
        bake.interrupt();
        Await.ended(bake);
        assertTrue(String.valueOf(outcome.get()), outcome.get() instanceof InterruptedException);
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));
        assertTrue(fx.logText(), fx.logText().contains("Cleanup after the stopped build"));
    }

    private void assertTaggedWithSnapshots(String region, String amiId, String checksum) {
        io.jenkins.plugins.bakeami.tools.ec2.ImageInfo image = fx.emulator.image(region, amiId).orElseThrow();
        assertEquals("available", image.state());
        assertEquals(checksum, image.ownerTags().get(BakeRequest.DEFAULT_TAG_KEY));
        assertFalse(image.snapshotIds().isEmpty());
        for (String snapshot : image.snapshotIds()) {
            assertEquals(checksum, fx.emulator.snapshot(region, snapshot).orElseThrow().ownerTags()
                    .get(BakeRequest.DEFAULT_TAG_KEY));
        }
    }
}
