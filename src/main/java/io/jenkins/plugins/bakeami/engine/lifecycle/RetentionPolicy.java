package io.jenkins.plugins.bakeami.engine.lifecycle;

import java.io.Serializable;
import java.time.Duration;

/**
 * What retention keeps of a family in each region, besides the AMI of the current checksum and the AMIs in use:
 * the newest {@code keep}, anything younger than {@code minAge}, and, unless {@code includeShared}, AMIs shared
 * with other accounts or public.
 */
public record RetentionPolicy(int keep, Duration minAge, boolean includeShared) implements Serializable {
    public static final int DEFAULT_KEEP = 3;
    public static final Duration DEFAULT_MIN_AGE = Duration.ofDays(7);

    public RetentionPolicy {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1 (the newest AMI is always kept), got " + keep);
        }
        if (minAge == null || minAge.isNegative()) {
            throw new IllegalArgumentException("minAge must be zero or more, got " + minAge);
        }
    }

    /** E.g. {@code keep 3, min age 7d, shared and public AMIs kept}. */
    public String describe() {
        return "keep " + keep + ", min age " + Ages.format(minAge) + ", shared and public AMIs "
                + (includeShared ? "pruned too" : "kept");
    }
}
