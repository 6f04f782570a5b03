package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** An AMI of one region: pending until its snapshots are done, then available (or failed, when a test says so). */
final class Image extends Resource {
    String name;
    String description;
    String state = "pending";
    String stateReasonCode;
    String stateReasonMessage;
    Instant creationDate;
    /** When a pending image leaves pending (epoch millis). */
    long readyAt;
    /** A test asked for this image to fail instead of becoming available. */
    boolean failWhenReady;
    String architecture = "x86_64";
    String virtualizationType = "hvm";
    String rootDeviceType = "ebs";
    String rootDeviceName = "/dev/xvda";
    String hypervisor = "xen";
    String imageType = "machine";
    String platformDetails = "Linux/UNIX";
    String usageOperation = "RunInstances";
    boolean enaSupport = true;
    String sriovNetSupport = "simple";
    boolean isPublic;
    final Set<String> launchPermissions = new LinkedHashSet<>();
    final List<DeviceMapping> mappings = new ArrayList<>();
    String sourceInstanceId;
    String sourceImageId;
    String sourceRegion;

    Image(String id, String ownerId) {
        super(id, ownerId);
    }

    /** Whether an account may see and launch this image: its owner, everyone when public, or granted accounts. */
    boolean visibleTo(String account) {
        return ownerId.equals(account) || isPublic || launchPermissions.contains(account);
    }

    List<String> snapshotIds() {
        List<String> ids = new ArrayList<>();
        for (DeviceMapping m : mappings) {
            if (m.ebs && m.snapshotId != null) {
                ids.add(m.snapshotId);
            }
        }
        return ids;
    }
}
