package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** An EBS snapshot: pending, then completed. */
final class Snapshot extends Resource {
    String volumeId;
    int volumeSize;
    String state = "pending";
    Instant startTime;
    long readyAt;
    String description = "";
    boolean encrypted;
    String kmsKeyId;
    boolean isPublic;
    final Set<String> createVolumePermissions = new LinkedHashSet<>();

    Snapshot(String id, String ownerId) {
        super(id, ownerId);
    }

    boolean visibleTo(String account) {
        return ownerId.equals(account) || isPublic || createVolumePermissions.contains(account);
    }
}
