package io.jenkins.plugins.bakeami.engine.packer;

/**
 * A run stopped by {@link Cancellation#cancel()} or by its timeout. Packer was given its grace period to clean up;
 * {@link #report()} says how that went and what it may have left behind.
 */
public final class PackerCancelledException extends PackerException {
    private static final long serialVersionUID = 1L;

    private final CancellationReport report;

    public PackerCancelledException(CancellationReport report) {
        super(report.summary());
        this.report = report;
    }

    public CancellationReport report() {
        return report;
    }
}
