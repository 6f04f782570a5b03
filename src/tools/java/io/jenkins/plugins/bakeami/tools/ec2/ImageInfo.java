package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a test can check about an emulated image, read straight from the emulator's state (see
 * {@link Ec2Emulator#image(String, String)}).
 *
 * @param ownerTags   the tags its owner set on it
 * @param snapshotIds the snapshots of its block device mappings
 */
public record ImageInfo(String region, String imageId, String name, String ownerId, String state, Instant creationDate,
        boolean isPublic, Map<String, String> ownerTags, List<String> snapshotIds) {}
