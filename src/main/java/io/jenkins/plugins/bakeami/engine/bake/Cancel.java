package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import software.amazon.awssdk.core.exception.AbortedException;

/**
 * How a bake is cancelled: by interrupting its thread (a Jenkins abort, the CLI's Ctrl-C). These helpers turn
 * the interrupt, wherever it lands, into an {@link InterruptedException} that says in which phase it came.
 * Public for {@link #runUninterruptibly} and {@link #isInterrupt}, which retention uses too.
 */
public final class Cancel {
    private Cancel() {}

    /** Between phases: honours an interrupt that arrived while nothing was listening for it. */
    static void check(String phase) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("Bake cancelled " + phase);
        }
    }

    static InterruptedException during(String phase, Throwable cause) {
        InterruptedException e = new InterruptedException("Bake cancelled during " + phase);
        e.initCause(cause);
        return e;
    }

    /** Whether an EC2 call failed because its thread was interrupted (the SDK aborts the call then). */
    public static boolean isInterrupt(Ec2CallException e) {
        if (Thread.currentThread().isInterrupted()) {
            Thread.interrupted();
            return true;
        }
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof AbortedException || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code work} on its own thread and waits for it whatever interrupts this thread receives: for work
     * that must not be cut in the middle. Exceptions of the work are rethrown here.
     *
     * @return whether this thread was interrupted meanwhile (its interrupt status is cleared)
     */
    public static boolean runUninterruptibly(String name, Callable<Void> work) throws BakeException,
            InterruptedException {
        FutureTask<Void> task = new FutureTask<>(work);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                task.get();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                Throwable cause = e.getCause();
                if (cause instanceof BakeException bake) {
                    throw bake;
                }
                if (cause instanceof InterruptedException stopped) {
                    throw stopped;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new BakeException(String.valueOf(cause.getMessage()), cause);
            }
        }
    }
}
