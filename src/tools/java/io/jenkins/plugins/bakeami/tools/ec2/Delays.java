package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each EC2 lifecycle state lasts before the next one: a launched instance is pending this long, a new
 * image is pending this long, a copy takes this long in the destination region. Small by default so Packer's
 * waiters poll a few times; tests use tiny ones.
 *
 * @param instancePending      pending to running
 * @param instanceStopping     stopping to stopped
 * @param instanceShuttingDown shutting-down to terminated (delete-on-termination volumes go with it)
 * @param imagePending         a new image (CreateImage) pending to available, its snapshots pending to completed
 * @param imageCopy            a copy (CopyImage) pending to available in the destination region
 */
public record Delays(Duration instancePending, Duration instanceStopping, Duration instanceShuttingDown,
        Duration imagePending, Duration imageCopy) {

    public Delays {
        Objects.requireNonNull(instancePending, "instancePending");
        Objects.requireNonNull(instanceStopping, "instanceStopping");
        Objects.requireNonNull(instanceShuttingDown, "instanceShuttingDown");
        Objects.requireNonNull(imagePending, "imagePending");
        Objects.requireNonNull(imageCopy, "imageCopy");
        for (Duration d : new Duration[] {instancePending, instanceStopping, instanceShuttingDown, imagePending, imageCopy}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("delays cannot be negative: " + d);
            }
        }
    }

    /** Every state lasts {@code each}. */
    public static Delays uniform(Duration each) {
        return new Delays(each, each, each, each, each);
    }

    /** The defaults: half a second per state, one second for a cross-region copy. */
    public static Delays defaults() {
        Duration half = Duration.ofMillis(500);
        return new Delays(half, half, half, half, Duration.ofSeconds(1));
    }

    public Delays withInstancePending(Duration d) {
        return new Delays(d, instanceStopping, instanceShuttingDown, imagePending, imageCopy);
    }

    public Delays withImagePending(Duration d) {
        return new Delays(instancePending, instanceStopping, instanceShuttingDown, d, imageCopy);
    }

    public Delays withImageCopy(Duration d) {
        return new Delays(instancePending, instanceStopping, instanceShuttingDown, imagePending, d);
    }
}
