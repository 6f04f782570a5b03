package io.jenkins.plugins.bakeami.engine.registry;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * An available AMI that carries the checksum tag.
 *
 * @param tags the tags its owner set on it (what a lookup saw; empty for an AMI the bake has just made)
 */
public record FoundAmi(String imageId, String name, Instant creationDate, String ownerId, String region,
        Map<String, String> tags) implements Serializable {

    public FoundAmi {
        tags = Map.copyOf(tags);
    }

    /** The value of one of its tags, or null. */
    public String tag(String key) {
        return tags.get(key);
    }

    /** For messages: {@code ami-... (name, created 2024-01-01T00:00:00Z)}. */
    public String describe() {
        return imageId + (name == null ? "" : " (" + name + ", created " + creationDate + ")");
    }
}
