package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Instant;

/** An EBS volume, possibly attached to an instance. */
final class Volume extends Resource {
    int size;
    String volumeType = "gp2";
    String snapshotId;
    String availabilityZone;
    boolean encrypted;
    Integer iops;
    /** creating, available, in-use, deleting. */
    String state = "creating";
    Instant createTime;
    long readyAt;
    String instanceId;
    String device;
    boolean deleteOnTermination;
    Instant attachTime;

    Volume(String id, String ownerId) {
        super(id, ownerId);
    }

    boolean attached() {
        return instanceId != null;
    }
}
