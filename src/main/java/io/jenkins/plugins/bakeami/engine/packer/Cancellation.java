package io.jenkins.plugins.bakeami.engine.packer;

/**
 * Lets another thread stop a Packer run: {@link #cancel()} makes the run stop as an interrupt would (SIGTERM,
 * grace period for Packer's cleanup, then kill) and end with a {@link PackerCancelledException}. One instance
 * per run; cancelling is permanent. Interrupting the thread that runs Packer has the same effect.
 */
public final class Cancellation {

    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
