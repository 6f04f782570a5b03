package io.jenkins.plugins.bakeami.engine.bake;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link Bakery#probe} found: the checksum, and either the result (an AMI carries the checksum, or a dry run)
 * or null, when Packer must bake ({@link PackerBake}, given this probe).
 *
 * @param checksum     the {@code ami_config_checksum}
 * @param checksumMode the checksum mode's name
 * @param timings      how long the checksum and the lookup took
 * @param result       the bake's result when it needs no Packer; null otherwise
 */
public record BakeProbe(String checksum, String checksumMode, Map<String, Duration> timings, BakeResult result)
        implements Serializable {

    public BakeProbe {
        timings = Collections.unmodifiableMap(new LinkedHashMap<>(timings));
    }

    BakeProbe with(BakeResult value) {
        return new BakeProbe(checksum, checksumMode, timings, value);
    }
}
