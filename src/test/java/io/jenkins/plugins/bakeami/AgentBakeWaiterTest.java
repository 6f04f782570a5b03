package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import hudson.AbortException;
import io.jenkins.plugins.bakeami.testsupport.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.After;
import org.junit.Test;

/** The controller's side of a bake on an agent: results, errors, and a stop that waits for the cleanup. */
public class AgentBakeWaiterTest {
    private final ExecutorService agent = Executors.newCachedThreadPool();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    @After
    public void stopAgent() {
        agent.shutdownNow();
    }

    @Test
    public void returnsTheResultAndPassesTheAgentsAbortExceptionOn() throws Exception {
        assertEquals("ami-1", AgentBakeWaiter.await(CompletableFuture.completedFuture("ami-1"), () -> { },
                Duration.ofSeconds(1), log));
        Future<String> failed = agent.submit(() -> {
            throw new AbortException("bakeAmi: Packer template x does not exist");
        });
        AbortException e = assertThrows(AbortException.class,
                () -> AgentBakeWaiter.await(failed, () -> { }, Duration.ofSeconds(1), log));
        assertEquals("bakeAmi: Packer template x does not exist", e.getMessage());
    }

    /** The bake stands for the agent: it ends, after its cleanup, with the InterruptedException that says what was done. */
    @Test
    public void aStopInterruptsTheBakeOnceAndWaitsForItsCleanup() throws Exception {
        CountDownLatch bakeStarted = new CountDownLatch(1);
        CountDownLatch cleanupMayEnd = new CountDownLatch(1);
        AtomicReference<Thread> bakeThread = new AtomicReference<>();
        AtomicInteger stops = new AtomicInteger();
        Future<String> bake = agent.submit(() -> {
            bakeThread.set(Thread.currentThread());
            bakeStarted.countDown();
            try {
                new CountDownLatch(1).await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
                return "ami-never";
            } catch (InterruptedException e) {
                // the cleanup takes a while, and the controller waits for it: until the test lets it end
                if (!cleanupMayEnd.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new AssertionError("the test never let the cleanup end");
                }
                throw new InterruptedException("Cleanup after the stopped build: terminated i-1");
            }
        });
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread controller = new Thread(() -> {
            try {
                AgentBakeWaiter.await(bake, () -> {
                    stops.incrementAndGet();
                    bakeThread.get().interrupt();
                }, Duration.ofSeconds(30), log);
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        controller.start();
        assertTrue(bakeStarted.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        controller.interrupt();
        Await.until("the controller sent the stop", () -> stops.get() > 0);
        assertTrue("the controller waits for the cleanup", controller.isAlive());
        cleanupMayEnd.countDown();
        Await.ended(controller);
        assertEquals(1, stops.get());
        assertTrue(String.valueOf(ended.get()), ended.get() instanceof InterruptedException);
        assertEquals("Cleanup after the stopped build: terminated i-1", ended.get().getMessage());
        assertTrue(bake.isDone());
        assertTrue(logBytes.toString(StandardCharsets.UTF_8), logBytes.toString(StandardCharsets.UTF_8)
                .contains("[bakeAmi] the build was stopped: stopping Packer on the agent and waiting up to 30 s"));
    }

    @Test
    public void aBakeThatDoesNotEndInTimeIsCancelledAndTheStopReported() throws Exception {
        Future<String> stubborn = agent.submit(() -> {
            for (int interrupts = 0; interrupts < 2; ) { // deaf to the first interrupt (the cancel), not to shutdownNow
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException ignored) {
                    interrupts++;
                }
            }
            return "never";
        });
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread controller = new Thread(() -> {
            try {
                AgentBakeWaiter.await(stubborn, () -> { }, Duration.ofMillis(200), log);
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        controller.start();
        controller.interrupt();
        Await.ended(controller);
        assertTrue(String.valueOf(ended.get()), ended.get() instanceof InterruptedException);
        assertTrue(stubborn.isCancelled());
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("did not end within 0 s of the stop"));
    }

    @Test
    public void aStopThatArrivesBeforeTheBakeRegistersStillStopsIt() {
        String id = "bake-" + System.nanoTime();
        assertFalse("not running yet", RunningBakes.stop(id));
        Thread self = Thread.currentThread();
        try (RunningBakes.Registration registration = RunningBakes.register(id, self)) {
            assertTrue("interrupted as it registers", Thread.interrupted());
            assertFalse("a bake is stopped once", RunningBakes.stop(id));
            assertFalse(Thread.interrupted());
        }
        assertFalse(RunningBakes.isRunning(id));
    }

    @Test
    public void aRunningBakeIsInterruptedOnce() {
        String id = "bake-" + System.nanoTime();
        try (RunningBakes.Registration registration = RunningBakes.register(id, Thread.currentThread())) {
            assertTrue(RunningBakes.isRunning(id));
            assertTrue(RunningBakes.stop(id));
            assertTrue(Thread.interrupted());
            assertFalse(RunningBakes.stop(id));
            assertFalse(Thread.interrupted());
        }
        assertSame(false, RunningBakes.isRunning(id));
    }
}
