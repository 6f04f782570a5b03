package io.jenkins.plugins.bakeami.tools.ec2;

/** The default VPC of a region and its subnets (one per availability zone), shared by every account. */
final class Network {
    static final class Vpc extends Resource {
        String cidrBlock = "172.31.0.0/16";
        boolean isDefault = true;

        Vpc(String id, String ownerId) {
            super(id, ownerId);
        }
    }

    static final class Subnet extends Resource {
        String vpcId;
        String availabilityZone;
        String cidrBlock;
        int availableIpAddressCount = 4091;
        boolean defaultForAz = true;

        Subnet(String id, String ownerId) {
            super(id, ownerId);
        }
    }

    private Network() {}
}
