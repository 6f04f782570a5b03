package io.jenkins.plugins.bakeami.engine.bake;

import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.REGION;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.tools.ec2.CallLog;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * EC2 misbehaving during a real bake: throttling, server errors, slow answers, the endpoint refusing connections
 * for a while or for good. The SDK side (lookup, tagging) retries with backoff (Ec2Clients' standard strategy),
 * Packer's aws-sdk-go retries its own calls ({@code max_retries}); nothing creates a second instance or image, and
 * the bake ends within its timeout, baked or with a message that says what failed.
 */
public class BakeFaultsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(150);
    private static final Predicate<CallLog.Call> OUR_TAGGING =
            c -> c.action().equals("CreateTags") && "ami_config_checksum".equals(c.param("Tag.1.Key"));

    @Rule
    public BakeFixture fx = new BakeFixture();

    private Thread outage;

    @Before
    public void definition() throws Exception {
        // Packer's own retries: aws-sdk-go retries throttling, 5xx and refused connections up to max_retries times.
        fx.writeJsonDefinition("echo provisioning", ",\n\"max_retries\": 20");
    }

    @After
    public void endOutage() throws InterruptedException {
        if (outage != null) {
            outage.join();
        }
    }

    /**
     * Packer's aws-sdk-go backs off at least half a second per throttled call, and 30% throttling of every call
     * (cleanup included) makes a build take minutes: the bake either finishes or is stopped by its timeout, which
     * lets Packer clean up; either way it ends in bounded time, with one instance and image at most, and no leaks.
     */
    @Test
    public void throttlingOnThirtyPercentAndServerErrorsAreRetriedWithinTheTimeout() throws Exception {
        // The first calls (our lookup) get 500s: the SDK retries them; then 30% of all calls are throttled.
        fx.emulator.faults().seed(7).serverErrorNext(2).throttleRate(0.3).serverErrorRate(0.05);
        BakeResult result = null;
        try {
            result = fx.bakery().bake(fx.request("ami/packer.json").timeout(Duration.ofSeconds(30))
                    .gracePeriod(Duration.ofSeconds(40)).build());
        } catch (BakeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("timed out"));
            assertTrue(e.getMessage(), e.getMessage().contains("Cleanup after the stopped build"));
            assertFalse(Files.exists(fx.workspace.resolve(AmiIdFile.DEFAULT_NAME)));
        }
        fx.emulator.faults().clear();
        CallLog log = fx.emulator.callLog();
        System.out.println("30% throttling: " + (result != null ? "baked " + result.amiId() + " in " + result.total()
                : "stopped by the timeout") + "; calls " + log.calls().size() + ", throttled "
                + log.calls().stream().filter(c -> "RequestLimitExceeded".equals(c.errorCode())).count());
        if (Boolean.getBoolean("bake.debug")) {
            System.out.println(fx.logText());
            log.calls().forEach(System.out::println);
        }
        assertTrue(succeeded("RunInstances") <= 1);
        assertTrue(succeeded("CreateImage") <= 1);
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        if (result != null) {
            assertBakedOnce(result);
        }
        assertTrue(log.calls().toString(), log.calls().stream().anyMatch(c -> "RequestLimitExceeded".equals(c.errorCode())));
        assertTrue(log.calls().stream().anyMatch(c -> "InternalError".equals(c.errorCode())));
        // Our own calls were throttled too, and retried: the lookup or the tagging saw an error and then succeeded.
        assertTrue(log.calls().toString(), log.calls().stream().anyMatch(c -> (OUR_TAGGING.test(c)
                || "tag:ami_config_checksum".equals(c.param("Filter.1.Name"))) && !c.succeeded()));
    }

    @Test
    public void slowAnswersOnlyMakeItSlower() throws Exception {
        fx.emulator.faults().latency(Duration.ofMillis(150));
        assertBakedOnce(bake());
    }

    @Test
    public void connectionRefusedDuringPackersInstanceWaitIsRetriedByPacker() throws Exception {
        refuseConnectionsAt(c -> c.action().equals("DescribeInstances"), Duration.ofSeconds(3));
        assertBakedOnce(bake());
        assertTrue("the outage never happened", outage != null);
    }

    @Test
    public void connectionRefusedForASecondDuringOurTaggingIsRetriedBySdk() throws Exception {
        refuseConnectionsAt(OUR_TAGGING, Duration.ofSeconds(1));
        assertBakedOnce(patientBakery().bake(fx.request("ami/packer.json").timeout(TIMEOUT).build()));
        assertTrue(fx.emulator.callLog().calls().stream().anyMatch(OUR_TAGGING.and(CallLog.Call::succeeded)));
    }

    /** Closer to the default limits (8 attempts, backoff up to 2 s) than the fixture's fast ones. */
    private Bakery patientBakery() {
        return new Bakery(fx.log::add, new Ec2Clients.Limits(8, Duration.ofMillis(200), Duration.ofMillis(500),
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60)));
    }

    @Test
    public void endpointGoneForGoodDuringOurTaggingFailsNamingTheBakedAmi() throws Exception {
        refuseConnectionsAt(OUR_TAGGING, null);
        BakeException e = assertThrows(BakeException.class, this::bake);
        assertTrue(e.getMessage(), e.getMessage().contains("but tagging or confirming it failed"));
        assertTrue(e.getMessage(), e.getMessage().contains("cannot reach the endpoint"));
        assertTrue(e.getMessage(), e.getMessage().matches("(?s)Packer built \\{us-east-1=ami-[0-9a-f]+\\}.*"));
        assertFalse(Files.exists(fx.workspace.resolve(AmiIdFile.DEFAULT_NAME)));
        fx.emulator.listen();
        assertEquals(1, succeeded("RunInstances"));
        assertEquals(1, succeeded("CreateImage"));
    }

    /**
     * Packer removes the source AMI of a failed build but not its copies in {@code ami_regions}: the engine finds
     * them by the AMI's name and removes them with their snapshots.
     */
    @Test
    public void aBuildFailingAfterTheRegionCopyLeavesNoCopies() throws Exception {
        fx.writeJsonDefinition("echo provisioning", ",\n\"max_retries\": 20, \"ami_regions\": [\"us-west-2\"]");
        // Packer tags the AMI and its copies (the template's Name tag) after the copy: from the copy on, every
        // CreateTags fails (Packer also tags its instance earlier, which must still work).
        fx.emulator.close();
        Ec2Emulator[] holder = new Ec2Emulator[1];
        fx.emulator = Ec2Emulator.builder().delays(fx.emulator.delays()).callListener(call -> {
            if (call.action().equals("CopyImage")) {
                holder[0].faults().failAction("CreateTags", "InvalidParameterValue", "tagging refused by the test", 0);
            }
        }).start();
        holder[0] = fx.emulator;
        fx.emulator.accounts().map(BakeFixture.ACCESS_KEY, BakeFixture.ACCOUNT);
        BakeException e = assertThrows(BakeException.class, this::bake);
        fx.emulator.faults().clear();
        assertTrue(e.getMessage(), e.getMessage().contains("tagging refused by the test"));
        assertEquals(1, succeeded("CopyImage"));
        // Removed by the engine, not by Packer:
        assertTrue(fx.logText(), fx.log.stream().anyMatch(l -> l.matches("Removed AMI ami-[0-9a-f]+ in us-west-2")));
        for (String region : java.util.List.of(REGION, "us-west-2")) {
            assertEquals(region, java.util.List.of(), fx.emulator.images(region).stream()
                    .filter(i -> BakeFixture.ACCOUNT.equals(i.ownerId())).map(i -> i.imageId()).toList());
        }
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertFalse(Files.exists(fx.workspace.resolve(AmiIdFile.DEFAULT_NAME)));
    }

    private BakeResult bake() throws Exception {
        return fx.bakery().bake(fx.request("ami/packer.json").timeout(TIMEOUT).build());
    }

    /** On the first call matching, stops listening for {@code length} (null: for good), from another thread. */
    private void refuseConnectionsAt(Predicate<CallLog.Call> when, Duration length) throws Exception {
        fx.emulator.close();
        AtomicBoolean done = new AtomicBoolean();
        Ec2Emulator[] holder = new Ec2Emulator[1];
        fx.emulator = Ec2Emulator.builder().delays(fx.emulator.delays()).callListener(call -> {
            if (when.test(call) && done.compareAndSet(false, true)) {
                outage = new Thread(() -> {
                    holder[0].stopListening();
                    if (length != null) {
                        try {
                            Thread.sleep(length.toMillis());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        holder[0].listen();
                    }
                }, "outage");
                outage.start();
            }
        }).start();
        holder[0] = fx.emulator;
        fx.emulator.accounts().map(BakeFixture.ACCESS_KEY, BakeFixture.ACCOUNT);
    }

    private void assertBakedOnce(BakeResult result) throws Exception {
        assertEquals(BakeOutcome.BAKED, result.outcome());
        assertEquals("one instance launched", 1, succeeded("RunInstances"));
        assertEquals("one image created", 1, succeeded("CreateImage"));
        assertEquals("available", fx.emulator.image(REGION, result.amiId()).orElseThrow().state());
        assertEquals(result.checksum(), fx.emulator.image(REGION, result.amiId()).orElseThrow().ownerTags()
                .get(BakeRequest.DEFAULT_TAG_KEY));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertTrue(Files.exists(fx.workspace.resolve(AmiIdFile.DEFAULT_NAME)));
    }

    private long succeeded(String action) {
        return fx.emulator.callLog().calls(action).stream().filter(CallLog.Call::succeeded).count();
    }
}
