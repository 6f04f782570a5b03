package io.jenkins.plugins.bakeami;

import hudson.FilePath;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes a {@link DurableBake}'s calls where the workspace is, with {@code FilePath.actAsync} and a timed wait.
 *
 * <p>Why not {@code FilePath.act}: remoting answers an interrupt of a thread waiting in a synchronous call by
 * cancelling the call on the agent (an interrupt there) and returning at once. That is right for the probe (it
 * changes nothing the bake must know of), wrong for the other calls: a start cut after it launched Packer would lose
 * the run. So the wait is a timed {@code get} (which, interrupted, sends nothing); an interrupt of the waiting thread
 * (the freestyle build's stop) asks the bake to stop, and only a cancellable call is cut short. In a pipeline an
 * interrupt of the timer thread means Jenkins shuts down: the wait ends and nothing is sent (the call's answer is
 * lost; the resumed bake repeats the call, which every call allows). A pipeline's stop comes on another thread and
 * cuts a cancellable call through {@link #cancelCurrent()}.
 */
final class AgentCalls implements DurableBake.Agent {
    private static final long WAIT_SECONDS = 60;

    private final FilePath workspace;
    private final Runnable onInterrupt;
    private volatile Future<AgentReply> cancellable;

    /**
     * @param onInterrupt what an interrupt of the waiting thread means: the bake's stop; null: it means shutting
     *     down, stop waiting
     */
    AgentCalls(FilePath workspace, Runnable onInterrupt) {
        this.workspace = workspace;
        this.onInterrupt = onInterrupt;
    }

    @Override
    public AgentReply call(BakeAmiCallable callable, boolean mayBeCancelled) throws IOException, InterruptedException {
        Future<AgentReply> future = workspace.actAsync(callable);
        if (mayBeCancelled) {
            cancellable = future;
        }
        try {
            while (true) {
                try {
                    return result(future);
                } catch (TimeoutException stillRunning) {
                    // wait on: the timed get is what keeps remoting from cancelling the call on an interrupt
                } catch (InterruptedException stop) {
                    if (onInterrupt == null) {
                        throw stop;
                    }
                    onInterrupt.run();
                    if (mayBeCancelled) {
                        future.cancel(true);
                        throw stop;
                    }
                }
            }
        } finally {
            cancellable = null;
        }
    }

    /** Cuts the cancellable call in flight short, if there is one (an interrupt on the agent). */
    void cancelCurrent() {
        Future<AgentReply> current = cancellable;
        if (current != null) {
            current.cancel(true);
        }
    }

    private static AgentReply result(Future<AgentReply> future)
            throws IOException, InterruptedException, TimeoutException {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        } catch (CancellationException e) {
            InterruptedException cancelled = new InterruptedException("bakeAmi: the call to the agent was cancelled");
            cancelled.initCause(e);
            throw cancelled;
        }
    }
}
