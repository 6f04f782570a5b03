package io.jenkins.plugins.bakeami;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits on the controller for a bake running on an agent, and turns the build's stop into a clean stop there.
 *
 * <p>Why not just {@code FilePath.act}: remoting's {@code Request.call} answers an interrupt of the waiting thread by
 * sending {@code Cancel} (which interrupts the agent thread) and returns at once, without waiting for the agent. The
 * step would end while Packer is still cleaning up, the node block would end and Jenkins would kill the remaining
 * processes of the build (Packer among them, by its {@code JENKINS_NODE_COOKIE}), leaking the instance, and the
 * cleanup lines would miss the log. So the bake runs with {@code FilePath.actAsync} and this class waits with a
 * timed {@code get} (which, unlike the untimed one, sends no {@code Cancel} when interrupted). When the waiting
 * thread is interrupted, it stops the bake itself (a {@link StopBakeCallable}: one interrupt of the agent thread), and
 * waits again, up to a limit, for the agent to report that Packer stopped and what was cleaned up. A second interrupt
 * during that wait gives up waiting. Jenkins-free: the futures are {@link Future}s.
 */
final class AgentBakeWaiter {
    /** Sends the stop to where the bake runs. */
    interface Stopper {
        void stop() throws IOException, InterruptedException;
    }

    private static final long POLL_SECONDS = 60;

    private AgentBakeWaiter() {
    }

    /**
     * @param cleanupLimit how long to wait for the bake to end after the stop (Packer's own cleanup and ours)
     * @throws InterruptedException when the build was stopped: the agent's own (whose message says what was cleaned
     *     up) once the bake ended, else the controller's
     */
    static <T> T await(Future<T> running, Stopper stopper, Duration cleanupLimit, PrintStream log)
            throws IOException, InterruptedException {
        try {
            while (true) {
                try {
                    return result(running, POLL_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException stillRunning) {
                    // wait on; the timed get is what keeps remoting from cancelling the call on an interrupt
                }
            }
        } catch (InterruptedException stop) {
            log.println(Messages.Log_Stopping(cleanupLimit.toSeconds()));
            throw stopAndWait(running, stopper, cleanupLimit, log, stop);
        }
    }

    private static <T> InterruptedException stopAndWait(Future<T> running, Stopper stopper, Duration cleanupLimit,
            PrintStream log, InterruptedException stop) {
        try {
            stopper.stop();
            running.get(cleanupLimit.toMillis(), TimeUnit.MILLISECONDS);
            return stop; // it finished before the stop reached it: the build was stopped all the same
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InterruptedException agentStopped) {
                return agentStopped; // the usual end: Packer stopped, the message says what was cleaned up
            }
            log.println("[bakeAmi] the stopped bake ended with: " + e.getCause().getMessage());
            return stop;
        } catch (InterruptedException again) {
            running.cancel(true); // stopped a second time: stop waiting for the cleanup
            return again;
        } catch (TimeoutException tooLong) {
            log.println(Messages.Log_StopTimedOut(cleanupLimit.toSeconds()));
            running.cancel(true);
            return stop;
        } catch (CancellationException | IOException e) {
            log.println("[bakeAmi] could not stop the bake on the agent: " + e.getMessage());
            running.cancel(true);
            return stop;
        }
    }

    /** The bake's result, or its exception unwrapped: IOException (AbortException), InterruptedException, else wrapped. */
    private static <T> T result(Future<T> running, long timeout, TimeUnit unit)
            throws IOException, InterruptedException, TimeoutException {
        try {
            return running.get(timeout, unit);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException agentStopped) {
                throw agentStopped;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        } catch (CancellationException e) {
            InterruptedException cancelled = new InterruptedException("bakeAmi: the bake was cancelled");
            cancelled.initCause(e);
            throw cancelled;
        }
    }
}
