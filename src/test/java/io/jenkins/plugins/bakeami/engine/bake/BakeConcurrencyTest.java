package io.jenkins.plugins.bakeami.engine.bake;

import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.REGION;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.tools.ec2.CallLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.Rule;
import org.junit.Test;

/** Concurrent bakes in one JVM: the same definition is baked once, different ones do not wait on each other. */
public class BakeConcurrencyTest {
    @Rule
    public BakeFixture fx = new BakeFixture();

    @Test
    public void twoThenFiveBakesOfTheSameChecksumRunPackerOnce() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo provisioning", "");
        assertBakedOnce(2);
        // A new checksum for the second round, so it bakes again rather than reusing the first round's AMI.
        BakeFixture.write(fx.workspace.resolve("ami/files/round"), "two\n");
        fx.emulator.callLog().clear();
        assertBakedOnce(5);
    }

    private void assertBakedOnce(int bakes) throws Exception {
        List<BakeResult> results = together(bakes, () -> fx.request("ami/packer.json").build());
        assertEquals(fx.emulator.callLog().calls("RunInstances").toString(), 1, succeeded("RunInstances"));
        assertEquals(1, succeeded("CreateImage"));
        String amiId = results.get(0).amiId();
        int baked = 0;
        for (BakeResult result : results) {
            assertEquals(amiId, result.amiId());
            if (result.outcome() == BakeOutcome.BAKED) {
                baked++;
            } else {
                assertEquals(BakeOutcome.REUSED, result.outcome());
            }
        }
        assertEquals(1, baked);
        assertTrue(fx.logText(), fx.logText().contains("is running; waiting for it"));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }

    /**
     * Each of three bakes of different checksums or regions must launch its instance before any of them may go on:
     * the emulator holds every StopInstances (which comes after the provisioner) until three instances were launched.
     * A bake that waited for another would never launch, and the held ones would give up at the deadline.
     */
    @Test
    public void differentChecksumsOrRegionsDoNotWaitForEachOther() throws Exception {
        RequiredTools.requirePacker();
        CountDownLatch launched = new CountDownLatch(3);
        AtomicLong neverLaunched = new AtomicLong();
        fx.restartEmulator(builder -> builder.callListener(call -> {
            if (call.action().equals("RunInstances") && call.succeeded()) {
                launched.countDown();
            } else if (call.action().equals("StopInstances")) {
                try {
                    if (!launched.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                        neverLaunched.set(launched.getCount());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        fx.writeJsonDefinition("echo provisioning", "");
        Path other = fx.workspace.resolve("other");
        BakeFixture.write(other.resolve("files/motd"), "another image\n");
        List<Supplier<BakeRequest>> requests = List.of(
                () -> fx.request("ami/packer.json").amiIdFile("a.json").build(),
                () -> fx.request("ami/packer.json").dirs(List.of("other")).amiIdFile("b.json").build(),
                () -> fx.request("ami/packer.json").region("eu-west-1").amiIdFile("c.json").build());
        List<BakeResult> results = together(requests);
        assertEquals("a bake waited for another: instances never launched while the others were held", 0,
                neverLaunched.get());
        for (BakeResult result : results) {
            assertEquals(BakeOutcome.BAKED, result.outcome());
        }
        assertNotEquals(results.get(0).checksum(), results.get(1).checksum());
        assertEquals(results.get(0).checksum(), results.get(2).checksum());
        List<CallLog.Call> launches = fx.emulator.callLog().calls("RunInstances").stream()
                .filter(CallLog.Call::succeeded).toList();
        assertEquals(3, launches.size());
        assertEquals(2, launches.stream().filter(c -> c.region().equals(REGION)).count());
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }

    private long succeeded(String action) {
        return fx.emulator.callLog().calls(action).stream().filter(CallLog.Call::succeeded).count();
    }

    private List<BakeResult> together(int bakes, Supplier<BakeRequest> request) throws Exception {
        List<Supplier<BakeRequest>> requests = new ArrayList<>();
        for (int i = 0; i < bakes; i++) {
            requests.add(request);
        }
        return together(requests);
    }

    /** Starts all bakes at once (one thread each) and returns their results in order. */
    private List<BakeResult> together(List<Supplier<BakeRequest>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<BakeResult>> futures = new ArrayList<>();
            for (Supplier<BakeRequest> request : requests) {
                BakeRequest built = request.get();
                futures.add(pool.submit(() -> {
                    if (!start.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                        throw new AssertionError("the bakes were never started");
                    }
                    return fx.bakery().bake(built);
                }));
            }
            start.countDown();
            List<BakeResult> results = new ArrayList<>();
            long deadline = System.nanoTime() + Await.DEADLINE.multipliedBy(3).toNanos(); // bakes that waited, one by one
            for (Future<BakeResult> future : futures) {
                results.add(future.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
