package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.Map;

/**
 * What a test can check about an emulated snapshot (see {@link Ec2Emulator#snapshot(String, String)}).
 *
 * @param ownerTags the tags its owner set on it
 * @param kmsKeyId  the KMS key it is encrypted with, when one was named; null otherwise
 */
public record SnapshotInfo(String region, String snapshotId, String ownerId, String state, Map<String, String> ownerTags,
        boolean encrypted, String kmsKeyId) {}
