package io.jenkins.plugins.bakeami.engine.aws;

import java.io.Serializable;
import java.net.URI;

/**
 * Where and as whom to call EC2: a region, an optional endpoint override (null: the region's public endpoint),
 * optional keys (null: the SDK's default provider chain of the machine the engine runs on) and an optional role
 * assumed with them (null: the keys themselves).
 */
public record Ec2Target(String region, URI endpoint, AwsKeys keys, AwsRole role) implements Serializable {
    /** Callers check a region the user gave with {@link RegionNames#requireValid}; this only refuses a non-name. */
    public Ec2Target {
        if (!RegionNames.hasRegionShape(region)) {
            throw new IllegalArgumentException("Invalid AWS region '" + region + "': expected a name like us-east-1");
        }
    }

    /** Without a role. */
    public Ec2Target(String region, URI endpoint, AwsKeys keys) {
        this(region, endpoint, keys, null);
    }

    public Ec2Target inRegion(String otherRegion) {
        return new Ec2Target(otherRegion, endpoint, keys, role);
    }

    /** Endpoint shown in messages: the override, or the public one. */
    public String endpointForMessages() {
        return endpoint != null ? endpoint.toString() : "https://ec2." + region + ".amazonaws.com";
    }
}
