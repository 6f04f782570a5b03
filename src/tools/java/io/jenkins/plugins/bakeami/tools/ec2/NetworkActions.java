package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** DescribeRegions, DescribeAvailabilityZones, DescribeVpcs, DescribeSubnets: the fixed network of each region. */
final class NetworkActions {
    /** The regions DescribeRegions lists; any other region name in a credential scope works as well. */
    static final List<String> REGIONS = List.of("af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2",
            "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1",
            "eu-north-1", "eu-south-1", "eu-west-1", "eu-west-2", "eu-west-3", "me-south-1", "sa-east-1", "us-east-1",
            "us-east-2", "us-west-1", "us-west-2");

    private static final FilterFields<String> REGION_FILTERS = new FilterFields<String>(null)
            .field("region-name", r -> r)
            .field("endpoint", r -> "ec2." + r + ".amazonaws.com")
            .field("opt-in-status", r -> "opt-in-not-required");

    private static final FilterFields<Network.Vpc> VPC_FILTERS = new FilterFields<Network.Vpc>(v -> v.tags)
            .field("vpc-id", v -> v.id)
            .field("cidr", v -> v.cidrBlock)
            .field("cidr-block-association.cidr-block", v -> v.cidrBlock)
            .field("is-default", v -> v.isDefault)
            .field("state", v -> "available");

    private static final FilterFields<Network.Subnet> SUBNET_FILTERS = new FilterFields<Network.Subnet>(s -> s.tags)
            .field("subnet-id", s -> s.id)
            .field("vpc-id", s -> s.vpcId)
            .field("availability-zone", s -> s.availabilityZone)
            .field("availabilityZone", s -> s.availabilityZone)
            .field("cidr-block", s -> s.cidrBlock)
            .field("default-for-az", s -> s.defaultForAz)
            .field("defaultForAz", s -> s.defaultForAz)
            .field("state", s -> "available");

    private NetworkActions() {}

    static void register(Map<String, Action> actions) {
        actions.put("DescribeRegions", NetworkActions::describeRegions);
        actions.put("DescribeAvailabilityZones", NetworkActions::describeAvailabilityZones);
        actions.put("DescribeVpcs", NetworkActions::describeVpcs);
        actions.put("DescribeSubnets", NetworkActions::describeSubnets);
    }

    static void describeRegions(Request r, XmlWriter xml) {
        List<String> names = r.params.list("RegionName");
        Filters wanted = Filters.parse(r.params).checkedAgainst(REGION_FILTERS);
        for (String name : names) {
            if (!REGIONS.contains(name)) {
                throw Ec2Error.of("InvalidParameterValue", "Invalid region: " + name);
            }
        }
        xml.start("regionInfo");
        for (String region : REGIONS) {
            if ((names.isEmpty() || names.contains(region)) && wanted.matches(region, REGION_FILTERS, r.account)) {
                xml.start("item").element("regionName", region).element("regionEndpoint", "ec2." + region + ".amazonaws.com")
                        .element("optInStatus", "opt-in-not-required").end();
            }
        }
        xml.end();
    }

    static void describeAvailabilityZones(Request r, XmlWriter xml) {
        RegionState region = r.here();
        xml.start("availabilityZoneInfo");
        int n = 1;
        for (String suffix : RegionState.ZONE_SUFFIXES) {
            xml.start("item").element("zoneName", region.name + suffix).element("zoneState", "available")
                    .element("regionName", region.name).element("zoneId", region.name.replace("-", "").substring(0, 4) + "-az" + n++)
                    .element("zoneType", "availability-zone").element("optInStatus", "opt-in-not-required").end();
        }
        xml.end();
    }

    static void describeVpcs(Request r, XmlWriter xml) {
        RegionState region = r.here();
        List<String> ids = r.params.list("VpcId");
        Filters wanted = Filters.parse(r.params).checkedAgainst(VPC_FILTERS);
        for (String id : ids) {
            if (!region.vpc.id.equals(id)) {
                throw Ec2Error.of("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
            }
        }
        xml.start("vpcSet");
        Network.Vpc vpc = region.vpc;
        if (wanted.matches(vpc, VPC_FILTERS, r.account)) {
            xml.start("item").element("vpcId", vpc.id).element("ownerId", r.account).element("state", "available")
                    .element("cidrBlock", vpc.cidrBlock).element("dhcpOptionsId", "dopt-" + vpc.id.substring(4, 12))
                    .element("instanceTenancy", "default").element("isDefault", vpc.isDefault);
            vpc.tags.writeTagSet(xml, r.account);
            xml.end();
        }
        xml.end();
    }

    static void describeSubnets(Request r, XmlWriter xml) {
        RegionState region = r.here();
        List<String> ids = r.params.list("SubnetId");
        Filters wanted = Filters.parse(r.params).checkedAgainst(SUBNET_FILTERS);
        for (String id : ids) {
            if (!region.subnets.containsKey(id)) {
                throw Ec2Error.of("InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
            }
        }
        List<Network.Subnet> matching = new ArrayList<>();
        for (Network.Subnet s : region.subnets.values()) {
            if ((ids.isEmpty() || ids.contains(s.id)) && wanted.matches(s, SUBNET_FILTERS, r.account)) {
                matching.add(s);
            }
        }
        xml.start("subnetSet");
        for (Network.Subnet s : matching) {
            xml.start("item").element("subnetId", s.id).element("state", "available").element("vpcId", s.vpcId)
                    .element("ownerId", r.account).element("cidrBlock", s.cidrBlock)
                    .element("availableIpAddressCount", s.availableIpAddressCount)
                    .element("availabilityZone", s.availabilityZone).element("defaultForAz", s.defaultForAz)
                    .element("mapPublicIpOnLaunch", true).element("assignIpv6AddressOnCreation", false);
            s.tags.writeTagSet(xml, r.account);
            xml.end();
        }
        xml.end();
    }
}
