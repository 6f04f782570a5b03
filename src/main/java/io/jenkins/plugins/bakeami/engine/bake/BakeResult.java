package io.jenkins.plugins.bakeami.engine.bake;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of one bake: the AMI id in the build region (null only for a dry run that would bake), ids per region,
 * the checksum, what happened, how long each phase took, and the source image the AMI was baked from (its source
 * tag: null when unknown, for an AMI baked before base images were tracked).
 */
public record BakeResult(
        String amiId,
        String region,
        Map<String, String> amiIdsByRegion,
        String checksum,
        String checksumMode,
        BakeOutcome outcome,
        Map<String, Duration> timings,
        String sourceAmi)
        implements Serializable {

    public BakeResult {
        amiIdsByRegion = Collections.unmodifiableMap(new LinkedHashMap<>(amiIdsByRegion));
        timings = Collections.unmodifiableMap(new LinkedHashMap<>(timings));
    }

    public boolean reused() {
        return outcome == BakeOutcome.REUSED || outcome == BakeOutcome.WOULD_REUSE;
    }

    public Duration total() {
        return timings.values().stream().reduce(Duration.ZERO, Duration::plus);
    }
}
