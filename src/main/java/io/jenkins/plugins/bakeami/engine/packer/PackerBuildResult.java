package io.jenkins.plugins.bakeami.engine.packer;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A successful {@code packer build}.
 *
 * @param artifacts        every artifact Packer reported, in order
 * @param amiIdsByTarget   per build target ({@code amazon-ebs}, {@code amazon-ebs.NAME}) its AMI id by region, in
 *                         Packer's order; targets without AMIs are left out
 * @param resources        what Packer announced creating (its temporary resources, which it deleted itself)
 * @param outputTail       the last lines of Packer's raw output, secrets masked
 * @param validateDuration how long {@code packer validate} took
 * @param buildDuration    how long {@code packer build} took
 */
public record PackerBuildResult(List<PackerArtifact> artifacts, Map<String, Map<String, String>> amiIdsByTarget,
                                PackerResources resources, List<String> outputTail, Duration validateDuration,
                                Duration buildDuration) implements Serializable {

    private static final long serialVersionUID = 1L;

    public PackerBuildResult {
        artifacts = List.copyOf(artifacts);
        outputTail = List.copyOf(outputTail);
        Map<String, Map<String, String>> byTarget = new LinkedHashMap<>();
        amiIdsByTarget.forEach((target, amis) -> byTarget.put(target,
                Collections.unmodifiableMap(new LinkedHashMap<>(amis))));
        amiIdsByTarget = Collections.unmodifiableMap(byTarget);
    }

    /**
     * The AMI id by region of the one build that made AMIs (the usual template has one).
     *
     * @throws IllegalStateException when no build or several builds made AMIs; use {@link #amiIdsByTarget()}
     */
    public Map<String, String> amiIdsByRegion() {
        if (amiIdsByTarget.size() != 1) {
            throw new IllegalStateException(amiIdsByTarget.isEmpty() ? "the build made no AMI"
                    : "several builds made AMIs: " + amiIdsByTarget.keySet());
        }
        return amiIdsByTarget.values().iterator().next();
    }
}
