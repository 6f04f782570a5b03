package io.jenkins.plugins.bakeami.engine.lifecycle;

import io.jenkins.plugins.bakeami.engine.bake.LeftoverCleaner;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Removes {@link Leftovers} in their region: terminates the instances and waits for them (a security group cannot
 * be deleted while an instance uses it), then deletes the key pairs and the security groups. Whatever is already
 * gone counts as nothing to do; whatever cannot be removed is reported and the rest carries on.
 */
public final class LeftoverSweep {
    /** EC2 usually terminates an instance within a minute or two; the group waits for it. */
    static final Duration TERMINATION_WAIT = Duration.ofMinutes(10);

    /** What was removed and what could not be, each as {@code kind id}. */
    public record Result(String region, List<String> removed, List<String> failures) {
        public Result {
            removed = List.copyOf(removed);
            failures = List.copyOf(failures);
        }

        public String summary() {
            return "Sweep of " + region + ": " + (removed.isEmpty() ? "nothing removed" : "removed "
                    + String.join(", ", removed)) + (failures.isEmpty() ? "" : "; COULD NOT REMOVE "
                    + String.join(", ", failures));
        }
    }

    private final Ec2Client ec2;
    private final Consumer<String> log;

    /** @param ec2 a client of the leftovers' region */
    public LeftoverSweep(Ec2Client ec2, Consumer<String> log) {
        this.ec2 = ec2;
        this.log = log;
    }

    public Result remove(Leftovers leftovers) {
        LeftoverCleaner cleaner = new LeftoverCleaner(ec2, log, TERMINATION_WAIT);
        cleaner.clean(leftovers.resources());
        return new Result(leftovers.region(), cleaner.removed(), cleaner.failures());
    }
}
