package io.jenkins.plugins.bakeami.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.rules.Timeout;

/**
 * Waiting for an event that no latch reports (a line in a log, a call in the emulator's call log, a process state):
 * the condition is checked every few milliseconds until it holds, and a wait that reaches its deadline fails the
 * test, saying what never happened. The deadline only bounds a hang; no test measures time with it.
 */
public final class Await {
    /** Long enough for any event of a test on a slow, shared machine; short enough that a hang fails in minutes. */
    public static final Duration DEADLINE = Duration.ofSeconds(90);

    private static final long CHECK_EVERY_MILLIS = 10;

    private Await() {
    }

    /** Waits until {@code condition} holds, at most {@link #DEADLINE}. */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, condition, () -> "");
    }

    /** As {@link #until(String, BooleanSupplier)}; {@code context} is added to the failure (e.g. a log). */
    public static void until(String what, BooleanSupplier condition, Supplier<String> context)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + DEADLINE.toSeconds() + " s, but never: " + what + "\n"
                        + context.get());
            }
            Thread.sleep(CHECK_EVERY_MILLIS);
        }
    }

    /**
     * The JUnit timeout of a test that runs a bake or Packer on the test's own thread, where no wait of the test bounds
     * a hang: far longer than such a test takes, far shorter than CI's limit.
     */
    public static Timeout testTimeout() {
        return Timeout.builder().withTimeout(5, TimeUnit.MINUTES).withLookingForStuckThread(true).build();
    }

    /** Joins {@code thread}, at most {@link #DEADLINE}; fails the test when it is still alive then. */
    public static void ended(Thread thread) throws InterruptedException {
        thread.join(DEADLINE.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("thread " + thread.getName() + " did not end within " + DEADLINE.toSeconds()
                    + " s");
        }
    }
}
