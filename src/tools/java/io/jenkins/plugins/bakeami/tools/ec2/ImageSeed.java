package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An image to put into the emulator directly (no Packer build): for tests that need AMIs of their own or of other
 * accounts, and for the CLI's {@code --seed-image}. The image gets one completed root snapshot.
 */
public final class ImageSeed {
    String region = "us-east-1";
    String ownerId;
    String name;
    String id;
    String state = "available";
    Instant creationDate;
    boolean isPublic;
    String description;
    String architecture = "x86_64";
    String rootDeviceType = "ebs";
    int rootVolumeSize = 8;
    final Map<String, String> tags = new LinkedHashMap<>();
    final Set<String> sharedWith = new LinkedHashSet<>();

    private ImageSeed(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public static ImageSeed named(String name) {
        return new ImageSeed(name);
    }

    public ImageSeed region(String region) {
        this.region = Objects.requireNonNull(region, "region");
        return this;
    }

    /** The owning account (12 digits). Required. */
    public ImageSeed owner(String accountId) {
        this.ownerId = accountId;
        return this;
    }

    /** A fixed image id ({@code ami-} and 8 or 17 hex digits); by default a fresh one. */
    public ImageSeed id(String imageId) {
        this.id = imageId;
        return this;
    }

    /** {@code available} (default), {@code pending} or {@code failed}. */
    public ImageSeed state(String state) {
        this.state = state;
        return this;
    }

    public ImageSeed creationDate(Instant creationDate) {
        this.creationDate = creationDate;
        return this;
    }

    public ImageSeed publicImage(boolean isPublic) {
        this.isPublic = isPublic;
        return this;
    }

    /** Grants another account launch permission. */
    public ImageSeed sharedWith(String accountId) {
        sharedWith.add(accountId);
        return this;
    }

    /** A tag set by the owner (visible to the owner only). */
    public ImageSeed tag(String key, String value) {
        tags.put(key, value);
        return this;
    }

    public ImageSeed tags(Map<String, String> tags) {
        this.tags.putAll(tags);
        return this;
    }

    public ImageSeed description(String description) {
        this.description = description;
        return this;
    }

    public ImageSeed architecture(String architecture) {
        this.architecture = architecture;
        return this;
    }

    /** {@code ebs} (default) or {@code instance-store}. */
    public ImageSeed rootDeviceType(String rootDeviceType) {
        this.rootDeviceType = rootDeviceType;
        return this;
    }

    void check() {
        if (ownerId == null || !ownerId.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("image seed " + name + ": owner must be a 12-digit account id, got " + ownerId);
        }
        if (id != null && !Ids.wellFormed(id, "ami")) {
            throw new IllegalArgumentException("image seed " + name + ": not an AMI id: " + id);
        }
        if (!Set.of("available", "pending", "failed").contains(state)) {
            throw new IllegalArgumentException("image seed " + name + ": state must be available, pending or failed, got " + state);
        }
    }
}
