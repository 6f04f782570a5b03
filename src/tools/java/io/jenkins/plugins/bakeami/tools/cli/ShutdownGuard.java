package io.jenkins.plugins.bakeami.tools.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * Lets a command stopped by Ctrl-C or SIGTERM end cleanly, with exit status 130, before the JVM exits; for a bake that
 * means letting Packer clean up. The JVM runs shutdown hooks on both
 * signals and exits when they return, which would kill Packer mid-cleanup and leave an instance running. The hook
 * interrupts the bake thread instead (the engine then lets Packer terminate what it launched and deletes what it
 * left), waits for the command to finish, bounded, and ends the JVM with the command's exit status (130).
 *
 * <pre>{@code
 * try (ShutdownGuard guard = ShutdownGuard.install(maxWait, err)) {
 *     ... bake ...
 *     guard.finish(exitCode); // after the last output
 * }
 * }</pre>
 */
final class ShutdownGuard implements AutoCloseable {
    private final Thread worker;
    private final Duration maxWait;
    private final PrintWriter err;
    private final String name;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean stopRequested;
    private volatile int exitCode = ExitCodes.INTERRUPTED;

    private ShutdownGuard(String name, Duration maxWait, PrintWriter err) {
        this.worker = Thread.currentThread();
        this.name = name;
        this.maxWait = maxWait;
        this.err = err;
        this.hook = new Thread(this::stop, "bake-ami-shutdown");
    }

    /** Guards the calling thread until {@link #close()}. */
    static ShutdownGuard install(String name, Duration maxWait, PrintWriter err) {
        ShutdownGuard guard = new ShutdownGuard(name, maxWait, err);
        Runtime.getRuntime().addShutdownHook(guard.hook);
        return guard;
    }

    /**
     * Runs a command on this thread under a guard, so that Ctrl-C and SIGTERM end it with its own status (130 when it
     * stops on the interrupt) rather than the JVM's 143 or 130 from under it: its output is flushed before a waiting
     * hook ends the JVM with its status. For commands whose stop has nothing to wait for beyond {@code maxWait}.
     *
     * @return the command's exit status
     */
    static int run(String name, Duration maxWait, PrintWriter out, PrintWriter err, ToIntFunction<ShutdownGuard> command) {
        try (ShutdownGuard guard = install(name, maxWait, err)) {
            int status = command.applyAsInt(guard);
            out.flush();
            err.flush();
            guard.finish(status);
            return status;
        }
    }

    /** Whether a signal asked the command to stop (its failure is then an interruption, whatever it says). */
    boolean stopRequested() {
        return stopRequested;
    }

    /** Call once the command has printed everything: a waiting hook ends the JVM with this status. */
    void finish(int status) {
        exitCode = status;
        finished.countDown();
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running and ends it
        }
    }

    private void stop() {
        if (finished.getCount() == 0) {
            return;
        }
        stopRequested = true;
        err.println(name + ": stopping (signal received); letting it end cleanly, waiting up to "
                + DurationOption.format(maxWait));
        err.flush();
        worker.interrupt();
        boolean done;
        try {
            done = finished.await(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            done = false;
        }
        if (!done) {
            err.println(name + ": cleanup did not finish within " + DurationOption.format(maxWait) + "; exiting");
        }
        err.flush();
        System.out.flush();
        // halt, not exit: exit would wait for this very hook. The status is the command's (130 when interrupted).
        Runtime.getRuntime().halt(done ? exitCode : ExitCodes.INTERRUPTED);
    }
}
