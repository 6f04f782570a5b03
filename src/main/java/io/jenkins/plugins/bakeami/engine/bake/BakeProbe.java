package io.jenkins.plugins.bakeami.engine.bake;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Bakery#probe} found: the checksum, the base image it tracks, the regions the AMI must be in, and either
 * the result (an AMI carries the checksum in every region, or a dry run), or copies to make ({@link RegionRepair}),
 * or neither, when Packer must bake ({@link PackerBake}, given this probe).
 *
 * @param checksum      the {@code ami_config_checksum}
 * @param checksumMode  the checksum mode's name
 * @param timings       how long the checksum and the lookup took
 * @param result        the bake's result when it needs no Packer and no copy; null otherwise
 * @param baseImage     the base image resolved by the probe, or null when it is not tracked
 * @param targetRegions the regions the AMI must be in, the build region first; empty: the build region only
 * @param repair        the copies to make instead of baking, or null
 */
public record BakeProbe(String checksum, String checksumMode, Map<String, Duration> timings, BakeResult result,
        String baseImage, List<String> targetRegions, RegionCopies repair) implements Serializable {

    public BakeProbe {
        timings = Collections.unmodifiableMap(new LinkedHashMap<>(timings));
        targetRegions = List.copyOf(targetRegions);
    }

    /** A probe that tracks no base, for the build region only, that found nothing. */
    public BakeProbe(String checksum, String checksumMode, Map<String, Duration> timings, BakeResult result) {
        this(checksum, checksumMode, timings, result, null, List.of(), null);
    }

    BakeProbe with(BakeResult value) {
        return new BakeProbe(checksum, checksumMode, timings, value, baseImage, targetRegions, repair);
    }

    BakeProbe withRepair(RegionCopies copies) {
        return new BakeProbe(checksum, checksumMode, timings, result, baseImage, targetRegions, copies);
    }
}
