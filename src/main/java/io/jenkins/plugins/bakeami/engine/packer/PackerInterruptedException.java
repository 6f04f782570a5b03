package io.jenkins.plugins.bakeami.engine.packer;

/**
 * The calling thread was interrupted (Jenkins aborts a step that way) and the run was stopped: Packer was given
 * its grace period to clean up before anything was killed. Thrown only after that cleanup, with the thread's
 * interrupt status cleared as for any {@link InterruptedException}, so the caller can still clean up (e.g. call
 * EC2) before it re-asserts the interrupt. {@link #report()} says what happened.
 */
public final class PackerInterruptedException extends InterruptedException {
    private static final long serialVersionUID = 1L;

    private final CancellationReport report;

    public PackerInterruptedException(CancellationReport report) {
        super(report.summary());
        this.report = report;
    }

    public CancellationReport report() {
        return report;
    }
}
