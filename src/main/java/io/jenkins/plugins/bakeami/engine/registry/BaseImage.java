package io.jenkins.plugins.bakeami.engine.registry;

import java.io.Serializable;
import java.time.Instant;

/**
 * A source image (base) as EC2 describes it; {@code name} and {@code creationDate} are null when it was not
 * described (a fixed {@code source_ami}) or is no longer visible.
 */
public record BaseImage(String imageId, String name, Instant creationDate) implements Serializable {

    /** Known by its id only. */
    public static BaseImage ofId(String imageId) {
        return new BaseImage(imageId, null, null);
    }

    /** For messages: {@code ami-... (name, 2024-01-01T00:00:00Z)}, or the id alone. */
    public String describe() {
        return imageId + (name == null ? "" : " (" + name + ", " + creationDate + ")");
    }
}
