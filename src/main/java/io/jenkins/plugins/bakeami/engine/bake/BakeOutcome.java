package io.jenkins.plugins.bakeami.engine.bake;

/** What a bake did, or with dry-run would have done. */
public enum BakeOutcome {
    /** An AMI with the checksum existed; Packer did not run. */
    REUSED,
    /** Packer built a new AMI, which was tagged with the checksum. */
    BAKED,
    /** Dry run: an AMI with the checksum exists and would be reused. */
    WOULD_REUSE,
    /** Dry run: no AMI with the checksum exists (or force was set); a bake would run Packer. */
    WOULD_BAKE;

    public boolean dryRun() {
        return this == WOULD_REUSE || this == WOULD_BAKE;
    }
}
