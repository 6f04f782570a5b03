package io.jenkins.plugins.bakeami.engine.bake;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the lookup does with the template's source image (the base): an AMI is reused only when it was baked from
 * the base resolved now ({@link #TRACK}, {@link #REQUIRE}), or whatever its base ({@link #IGNORE}, the behaviour
 * before base tracking). They differ on AMIs that carry no source tag (baked by the ami-bakery image, or by an older
 * version) and on a base that cannot be resolved before Packer runs.
 */
public enum BaseImagePolicy {
    /** Untagged AMIs are reused; a base that cannot be resolved is said and not tracked. The default. */
    TRACK,
    /** Untagged AMIs are rebaked; a base that cannot be resolved fails the bake. */
    REQUIRE,
    /** The base is neither resolved nor compared. */
    IGNORE;

    /** The option's value: {@code track}, {@code require}, {@code ignore}. */
    public String getName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the value and the valid ones */
    public static BaseImagePolicy fromName(String name) {
        for (BaseImagePolicy policy : values()) {
            if (policy.getName().equals(name == null ? null : name.strip())) {
                return policy;
            }
        }
        throw new IllegalArgumentException("Unknown base image setting '" + name + "' (baseImage): use "
                + Arrays.stream(values()).map(BaseImagePolicy::getName).collect(Collectors.joining(", ")));
    }
}
