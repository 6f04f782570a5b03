package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An EC2 instance: pending, running, stopping, stopped, shutting-down, terminated. The state changes when its
 * delay has passed since {@link #stateSince}; terminated instances stay visible, as EC2 keeps them for a while.
 */
final class Instance extends Resource {
    String reservationId;
    String imageId;
    String instanceType;
    String keyName;
    String subnetId;
    String vpcId;
    String availabilityZone;
    String tenancy = "default";
    String privateIpAddress;
    /** Only with an {@link SshEndpoint}: its address while the instance is pending or running. */
    String publicIpAddress;
    String architecture;
    String virtualizationType;
    String rootDeviceType;
    String rootDeviceName;
    String shutdownBehavior = "stop";
    boolean ebsOptimized;
    Instant launchTime;
    final List<String> securityGroupIds = new ArrayList<>();
    /** The instance's volumes, in device order. */
    final List<String> volumeIds = new ArrayList<>();
    String state = "pending";
    long stateSince;
    String reason = "";
    String stateReasonCode = "pending";
    String stateReasonMessage = "pending";

    Instance(String id, String ownerId) {
        super(id, ownerId);
    }

    static int stateCode(String state) {
        switch (state) {
            case "pending":
                return 0;
            case "running":
                return 16;
            case "shutting-down":
                return 32;
            case "terminated":
                return 48;
            case "stopping":
                return 64;
            case "stopped":
                return 80;
            default:
                throw new IllegalStateException("unknown instance state " + state);
        }
    }

    void enter(String newState, long at) {
        state = newState;
        stateSince = at;
    }
}
