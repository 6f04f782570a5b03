package io.jenkins.plugins.bakeami.engine.bake;

import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.REGION;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.tools.ec2.CallLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * EC2 misbehaving during a real bake: throttling, server errors, slow answers, the endpoint cutting connections for a
 * while or refusing them for good. The SDK side (lookup, tagging) retries with backoff (Ec2Clients' standard
 * strategy), Packer's aws-sdk-go retries its own calls ({@code max_retries}): each fault a bake can outlive ends in
 * one instance, one image, tagged, and no leak; one it cannot outlive fails naming the AMI that was built.
 */
public class BakeFaultsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(150);
    private static final Predicate<CallLog.Call> OUR_TAGGING =
            c -> c.action().equals("CreateTags") && "ami_config_checksum".equals(c.param("Tag.1.Key"));
    private static final Predicate<CallLog.Call> OUR_LOOKUP =
            c -> c.action().equals("DescribeImages") && "tag:ami_config_checksum".equals(c.param("Filter.1.Name"));

    @Rule
    public BakeFixture fx = new BakeFixture();

    @Rule
    public final Timeout timeout = Await.testTimeout();

    private Thread outage;
    private final AtomicReference<Throwable> outageFailure = new AtomicReference<>();

    @Before
    public void definition() throws Exception {
        RequiredTools.requirePacker(); // every case bakes
        // Packer's own retries: aws-sdk-go retries throttling, 5xx and failed connections up to max_retries times.
        fx.writeJsonDefinition("echo provisioning", ",\n\"max_retries\": 20");
    }

    @After
    public void endOutage() throws InterruptedException {
        if (outage != null) {
            Await.ended(outage);
        }
    }

    /**
     * Our first two calls (the lookup) get 500s, then 30% of all calls are throttled and 5% get 500s, Packer's and
     * ours, cleanup included (a seeded generator, so a run can be repeated): both SDKs back off and retry, so the bake
     * must end baked, once, within its timeout.
     */
    @Test
    public void throttlingOnThirtyPercentAndServerErrorsAreRetried() throws Exception {
        fx.emulator.faults().seed(7).serverErrorNext(2).throttleRate(0.3).serverErrorRate(0.05);
        BakeResult result = patientBakery().bake(fx.request("ami/packer.json").timeout(TIMEOUT).build());
        fx.emulator.faults().clear();
        List<CallLog.Call> calls = fx.emulator.callLog().calls();
        System.out.println("30% throttling: baked " + result.amiId() + " in " + result.total() + "; calls "
                + calls.size() + ", throttled " + calls.stream().filter(c -> "RequestLimitExceeded".equals(c.errorCode()))
                .count());
        assertBakedOnce(result);
        assertTrue(calls.toString(), calls.stream().anyMatch(c -> "RequestLimitExceeded".equals(c.errorCode())));
        // Our own lookup got the two 500s first, and was retried until it was answered.
        assertEquals("InternalError", calls.get(0).errorCode());
        assertEquals("InternalError", calls.get(1).errorCode());
        assertTrue(OUR_LOOKUP.test(calls.get(0)) && OUR_LOOKUP.test(calls.get(1)));
        assertTrue(calls.toString(), calls.stream().anyMatch(OUR_LOOKUP.and(CallLog.Call::succeeded)));
    }

    @Test
    public void slowAnswersOnlyMakeItSlower() throws Exception {
        fx.emulator.faults().latency(Duration.ofMillis(150));
        assertBakedOnce(bake());
    }

    @Test
    public void connectionsCutDuringPackersInstanceWaitAreRetriedByPacker() throws Exception {
        AtomicInteger cut = cutConnectionsAt(c -> c.action().equals("DescribeInstances"), 2);
        assertBakedOnce(bake());
        assertEquals("connections Packer opened while the endpoint cut them", 2, cut.get());
    }

    @Test
    public void connectionsCutDuringOurTaggingAreRetriedBySdk() throws Exception {
        AtomicInteger cut = cutConnectionsAt(OUR_TAGGING, 1);
        assertBakedOnce(patientBakery().bake(fx.request("ami/packer.json").timeout(TIMEOUT).build()));
        assertEquals("connections our SDK opened while the endpoint cut them", 1, cut.get());
        assertTrue(fx.emulator.callLog().calls().stream().anyMatch(OUR_TAGGING.and(CallLog.Call::succeeded)));
    }

    /** Closer to the default limits (backoff up to 2 s) than the fixture's fast ones, with a few more attempts. */
    private Bakery patientBakery() {
        return new Bakery(fx.log::add, new Ec2Clients.Limits(10, Duration.ofMillis(200), Duration.ofMillis(500),
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60)));
    }

    @Test
    public void endpointRefusingConnectionsForGoodDuringOurTaggingFailsNamingTheBakedAmi() throws Exception {
        AtomicBoolean stopped = new AtomicBoolean();
        fx.restartEmulator(builder -> builder.callListener(call -> {
            if (OUR_TAGGING.test(call) && stopped.compareAndSet(false, true)) {
                outage = new Thread(() -> fx.emulator.stopListening(), "outage");
                outage.start();
            }
        }));
        BakeException e = assertThrows(BakeException.class, this::bake);
        assertTrue(e.getMessage(), e.getMessage().contains("but tagging or confirming it failed"));
        assertTrue(e.getMessage(), e.getMessage().contains("cannot reach the endpoint"));
        assertTrue("the connections were refused: " + e.getMessage(), e.getMessage().contains("Connection refused"));
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
        fx.restartEmulator(builder -> builder.callListener(call -> {
            if (call.action().equals("CopyImage")) {
                fx.emulator.faults().failAction("CreateTags", "InvalidParameterValue", "tagging refused by the test", 0);
            }
        }));
        BakeException e = assertThrows(BakeException.class, this::bake);
        fx.emulator.faults().clear();
        assertTrue(e.getMessage(), e.getMessage().contains("tagging refused by the test"));
        assertEquals(1, succeeded("CopyImage"));
        // Removed by the engine, not by Packer:
        assertTrue(fx.logText(), fx.log.stream().anyMatch(l -> l.matches("Removed AMI ami-[0-9a-f]+ in us-west-2")));
        for (String region : List.of(REGION, "us-west-2")) {
            assertEquals(region, List.of(), fx.emulator.images(region).stream()
                    .filter(i -> BakeFixture.ACCOUNT.equals(i.ownerId())).map(i -> i.imageId()).toList());
        }
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertFalse(Files.exists(fx.workspace.resolve(AmiIdFile.DEFAULT_NAME)));
    }

    private BakeResult bake() throws Exception {
        return fx.bakery().bake(fx.request("ami/packer.json").timeout(TIMEOUT).build());
    }

    /**
     * On the first call matching {@code when} (its answer is cut too), the emulator stops listening and its port
     * accepts each connection and resets it at once, until {@code count} connections were cut; then the emulator
     * listens again on the same port. Returns the number of connections cut.
     */
    private AtomicInteger cutConnectionsAt(Predicate<CallLog.Call> when, int count) {
        AtomicInteger cut = new AtomicInteger();
        AtomicBoolean started = new AtomicBoolean();
        fx.restartEmulator(builder -> builder.callListener(call -> {
            if (when.test(call) && started.compareAndSet(false, true)) {
                outage = new Thread(() -> {
                    try {
                        cutConnections(count, cut);
                    } catch (Throwable t) {
                        outageFailure.set(t);
                    }
                }, "outage");
                outage.start();
            }
        }));
        return cut;
    }

    private void cutConnections(int count, AtomicInteger cut) throws IOException {
        int port = fx.emulator.port();
        fx.emulator.stopListening();
        try (ServerSocket cutter = new ServerSocket()) {
            cutter.setReuseAddress(true);
            cutter.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port));
            cutter.setSoTimeout((int) Await.DEADLINE.toMillis());
            while (cut.get() < count) {
                try (Socket connection = cutter.accept()) {
                    connection.setSoLinger(true, 0); // close with a reset, before any answer
                }
                cut.incrementAndGet();
            }
        } finally {
            fx.emulator.listen();
        }
    }

    private void assertBakedOnce(BakeResult result) throws Exception {
        assertNull("the outage failed", outageFailure.get());
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
