package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An image to put into the emulator directly (no Packer build): for tests that need AMIs of their own or of other
 * accounts, and for the CLI's {@code --seed-image}. The image gets one completed root snapshot (8 GiB, /dev/xvda).
 * Defaults: region us-east-1, state available, creation date now, private, no tags; the owner is required.
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
    String virtualizationType = "hvm";
    String rootDeviceType = "ebs";
    int rootVolumeSize = 8;
    String snapshotId;
    boolean publicSnapshot;
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

    /** {@code hvm} (default) or {@code paravirtual}. */
    public ImageSeed virtualizationType(String virtualizationType) {
        this.virtualizationType = virtualizationType;
        return this;
    }

    /** {@code ebs} (default) or {@code instance-store}. */
    public ImageSeed rootDeviceType(String rootDeviceType) {
        this.rootDeviceType = rootDeviceType;
        return this;
    }

    /**
     * Reads a seed file: a JSON array of images, each {@code {"region", "name", "owner", "id", "public", "state",
     * "creationDate", "description", "architecture", "virtualizationType", "rootDeviceType", "tags": {...},
     * "sharedWith": [...]}} (name and owner required).
     */
    @SuppressWarnings("unchecked")
    public static java.util.List<ImageSeed> readFile(java.nio.file.Path file) throws java.io.IOException {
        Object parsed;
        try {
            parsed = Json.parse(java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("seed file " + file + ": " + e.getMessage(), e);
        }
        if (!(parsed instanceof java.util.List)) {
            throw new IllegalArgumentException("seed file " + file + ": expected a JSON array of images");
        }
        java.util.List<ImageSeed> seeds = new java.util.ArrayList<>();
        int n = 0;
        for (Object item : (java.util.List<Object>) parsed) {
            n++;
            try {
                Map<String, Object> o = (Map<String, Object>) item;
                ImageSeed seed = named((String) Objects.requireNonNull(o.get("name"), "name is missing"));
                seed.owner((String) o.get("owner"));
                if (o.containsKey("region")) {
                    seed.region((String) o.get("region"));
                }
                seed.id((String) o.get("id"));
                if (o.containsKey("state")) {
                    seed.state((String) o.get("state"));
                }
                if (o.get("creationDate") != null) {
                    seed.creationDate(Instant.parse((String) o.get("creationDate")));
                }
                seed.publicImage(Boolean.TRUE.equals(o.get("public")));
                seed.description((String) o.get("description"));
                if (o.get("architecture") != null) {
                    seed.architecture((String) o.get("architecture"));
                }
                if (o.get("virtualizationType") != null) {
                    seed.virtualizationType((String) o.get("virtualizationType"));
                }
                if (o.get("rootDeviceType") != null) {
                    seed.rootDeviceType((String) o.get("rootDeviceType"));
                }
                if (o.get("tags") != null) {
                    for (Map.Entry<String, Object> t : ((Map<String, Object>) o.get("tags")).entrySet()) {
                        seed.tag(t.getKey(), (String) t.getValue());
                    }
                }
                if (o.get("sharedWith") != null) {
                    for (Object account : (java.util.List<Object>) o.get("sharedWith")) {
                        seed.sharedWith((String) account);
                    }
                }
                seed.check();
                seeds.add(seed);
            } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException | IllegalArgumentException e) {
                throw new IllegalArgumentException("seed file " + file + ", image " + n + ": " + e.getMessage(), e);
            }
        }
        return seeds;
    }

    /** A fixed id for the root snapshot (the base image has one). */
    ImageSeed snapshot(String snapshotId, boolean publicSnapshot) {
        this.snapshotId = snapshotId;
        this.publicSnapshot = publicSnapshot;
        return this;
    }

    /** Puts the image and its completed root snapshot into a region. Call with the state lock held. */
    Image plant(RegionState region, Ids ids, Instant now) {
        String imageId = id != null ? id : ids.next("ami");
        ids.reserve(imageId);
        if (region.images.containsKey(imageId)) {
            throw new IllegalArgumentException("image " + imageId + " already exists in " + region.name);
        }
        for (Image other : region.images.values()) {
            if (other.ownerId.equals(ownerId) && other.name.equals(name)) {
                throw new IllegalArgumentException("image name " + name + " is already used by " + other.id
                        + " of " + ownerId + " in " + region.name);
            }
        }
        Instant created = creationDate != null ? creationDate : now;
        Snapshot snapshot = new Snapshot(snapshotId != null ? snapshotId : ids.next("snap"), ownerId);
        ids.reserve(snapshot.id);
        snapshot.volumeId = "vol-ffffffff";
        snapshot.volumeSize = rootVolumeSize;
        snapshot.state = "completed";
        snapshot.startTime = created;
        snapshot.isPublic = publicSnapshot;
        snapshot.description = name + " root volume";
        region.snapshots.put(snapshot.id, snapshot);

        Image image = new Image(imageId, ownerId);
        image.name = name;
        image.description = description;
        image.state = state;
        image.readyAt = Long.MAX_VALUE; // a seeded pending image stays pending until a test changes it
        if ("failed".equals(state)) {
            image.stateReasonCode = "Server.InternalError";
            image.stateReasonMessage = "Server.InternalError: Internal error on launch";
        }
        image.creationDate = Timestamps.toSeconds(created);
        image.isPublic = isPublic;
        image.launchPermissions.addAll(sharedWith);
        image.architecture = architecture;
        image.virtualizationType = virtualizationType;
        image.rootDeviceType = rootDeviceType;
        image.mappings.add(DeviceMapping.ebs(image.rootDeviceName, snapshot.id, rootVolumeSize));
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            image.tags.put(ownerId, tag.getKey(), tag.getValue());
        }
        region.images.put(imageId, image);
        return image;
    }

    public String region() {
        return region;
    }

    public String name() {
        return name;
    }

    public String ownerId() {
        return ownerId;
    }

    @Override
    public String toString() {
        return region + ":" + name + " (owner " + ownerId + (isPublic ? ", public" : "") + ", " + state + ")";
    }

    void check() {
        if (ownerId == null || !ownerId.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("image seed " + name + ": owner must be a 12-digit account id, got " + ownerId);
        }
        if (id != null && !Ids.wellFormed(id, "ami")) {
            throw new IllegalArgumentException("image seed " + name + ": not an AMI id: " + id);
        }
        if (!Set.of("hvm", "paravirtual").contains(virtualizationType)) {
            throw new IllegalArgumentException("image seed " + name + ": virtualization type must be hvm or paravirtual, got " + virtualizationType);
        }
        if (!Set.of("ebs", "instance-store").contains(rootDeviceType)) {
            throw new IllegalArgumentException("image seed " + name + ": root device type must be ebs or instance-store, got " + rootDeviceType);
        }
        if (!Set.of("available", "pending", "failed").contains(state)) {
            throw new IllegalArgumentException("image seed " + name + ": state must be available, pending or failed, got " + state);
        }
    }
}
