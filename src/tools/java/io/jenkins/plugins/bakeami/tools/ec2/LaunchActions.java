package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RunInstances: checks the image, key pair, subnet and security groups, creates the instances (pending) with their
 * EBS volumes from the image's block device mappings, and honours ClientToken so a retried launch is not doubled.
 */
final class LaunchActions {
    private LaunchActions() {}

    static void register(Map<String, Action> actions) {
        actions.put("RunInstances", LaunchActions::runInstances);
    }

    static void runInstances(Request r, XmlWriter xml) {
        QueryParams p = r.params;
        RegionState region = r.here();
        String imageId = p.required("ImageId");
        Integer minCount = p.integer("MinCount");
        Integer maxCount = p.integer("MaxCount");
        if (minCount == null) {
            throw Ec2Error.missingParameter("MinCount");
        }
        if (maxCount == null) {
            throw Ec2Error.missingParameter("MaxCount");
        }
        if (minCount < 1 || maxCount < minCount) {
            throw Ec2Error.invalidParameterValue("Invalid MinCount/MaxCount: " + minCount + "/" + maxCount);
        }
        if (minCount > 20) {
            throw Ec2Error.of("InstanceLimitExceeded", "You have requested more instances (" + minCount
                    + ") than your current instance limit of 20 allows for the specified instance type.");
        }
        int count = Math.min(maxCount, 20);
        r.checkTagSpecificationTypes("instance", "volume", "network-interface");
        if (!Ids.wellFormed(imageId, "ami")) {
            throw Ec2Error.of("InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\"");
        }
        Image image = region.images.get(imageId);
        if (image == null || !image.visibleTo(r.account)) {
            throw ImageActions.notFound(List.of(imageId));
        }
        if (!"available".equals(image.state)) {
            throw Ec2Error.of("InvalidAMIID.Unavailable", "The image id '[" + imageId + "]' is not available: " + image.state);
        }
        String keyName = p.get("KeyName");
        if (keyName != null && !keyName.isEmpty() && region.keyPair(r.account, keyName) == null) {
            throw Ec2Error.of("InvalidKeyPair.NotFound", "The key pair '" + keyName + "' does not exist");
        }
        String clientToken = p.get("ClientToken");
        if (clientToken != null && !clientToken.isEmpty()) {
            String reservationId = region.launchTokens.get(r.account + "|" + clientToken);
            if (reservationId != null) {
                writeReservation(xml, region, reservationId, r.account);
                return;
            }
        }
        QueryParams nic = p.scope("NetworkInterface.1");
        Network.Subnet subnet = subnet(r, region, firstNonEmpty(p.get("SubnetId"), nic.get("SubnetId")),
                p.get("Placement.AvailabilityZone"));
        List<SecurityGroup> groups = securityGroups(r, region, nic, subnet.vpcId);
        List<DeviceMapping> mappings = launchMappings(image, p.members("BlockDeviceMapping"), region);

        String reservationId = r.newId("r");
        List<Instance> launched = new ArrayList<>();
        List<Volume> volumes = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            Instance i = new Instance(r.newId("i"), r.account);
            i.reservationId = reservationId;
            i.imageId = image.id;
            i.instanceType = p.get("InstanceType", "m1.small");
            i.keyName = keyName == null || keyName.isEmpty() ? null : keyName;
            i.subnetId = subnet.id;
            i.vpcId = subnet.vpcId;
            i.availabilityZone = subnet.availabilityZone;
            i.privateIpAddress = "172.31." + (region.instances.size() / 250 % 250) + "." + (region.instances.size() % 250 + 4);
            i.architecture = image.architecture;
            i.virtualizationType = image.virtualizationType;
            i.rootDeviceType = image.rootDeviceType;
            i.rootDeviceName = image.rootDeviceName;
            i.ebsOptimized = p.bool("EbsOptimized", false);
            i.tenancy = p.get("Placement.Tenancy", "default");
            i.shutdownBehavior = p.get("InstanceInitiatedShutdownBehavior", "stop");
            i.launchTime = r.instant();
            i.enter("pending", r.now);
            for (SecurityGroup g : groups) {
                i.securityGroupIds.add(g.id);
            }
            for (DeviceMapping m : mappings) {
                if (!m.ebs) {
                    continue;
                }
                Volume v = new Volume(r.newId("vol"), r.account);
                v.size = m.volumeSize;
                v.volumeType = m.volumeType == null ? "gp2" : m.volumeType;
                v.snapshotId = m.snapshotId;
                v.availabilityZone = subnet.availabilityZone;
                v.encrypted = Boolean.TRUE.equals(m.encrypted);
                v.iops = m.iops;
                v.createTime = r.instant();
                v.state = "in-use";
                v.instanceId = i.id;
                v.device = m.deviceName;
                v.deleteOnTermination = m.deleteOnTermination == null || m.deleteOnTermination;
                v.attachTime = r.instant();
                region.volumes.put(v.id, v);
                i.volumeIds.add(v.id);
                volumes.add(v);
            }
            region.instances.put(i.id, i);
            launched.add(i);
            InstanceSsh.boot(r, i);
        }
        r.applyTagSpecifications("instance", launched);
        r.applyTagSpecifications("volume", volumes);
        if (clientToken != null && !clientToken.isEmpty()) {
            region.launchTokens.put(r.account + "|" + clientToken, reservationId);
        }
        writeReservation(xml, region, reservationId, r.account);
    }

    /** The RunInstances answer: one reservation with its instances. */
    private static void writeReservation(XmlWriter xml, RegionState region, String reservationId, String viewer) {
        List<Instance> instances = new ArrayList<>();
        for (Instance i : region.instances.values()) {
            if (i.reservationId.equals(reservationId)) {
                instances.add(i);
            }
        }
        xml.element("reservationId", reservationId);
        xml.element("ownerId", instances.get(0).ownerId);
        InstanceXml.writeGroupSet(xml, region, instances.get(0));
        xml.start("instancesSet");
        for (Instance i : instances) {
            InstanceXml.writeInstance(xml, i, region, viewer);
        }
        xml.end();
    }

    private static String firstNonEmpty(String a, String b) {
        return a != null && !a.isEmpty() ? a : (b != null && !b.isEmpty() ? b : null);
    }

    private static Network.Subnet subnet(Request r, RegionState region, String subnetId, String zone) {
        if (subnetId != null) {
            Network.Subnet subnet = region.subnets.get(subnetId);
            if (subnet == null) {
                throw Ec2Error.of("InvalidSubnetID.NotFound", "The subnet ID '" + subnetId + "' does not exist");
            }
            if (zone != null && !zone.isEmpty() && !zone.equals(subnet.availabilityZone)) {
                throw Ec2Error.invalidParameterValue("Subnet " + subnetId + " is in " + subnet.availabilityZone
                        + ", not in the requested availability zone " + zone);
            }
            return subnet;
        }
        Network.Subnet subnet = region.defaultSubnet(zone);
        if (subnet == null) {
            throw Ec2Error.invalidParameterValue("Invalid availability zone: [" + zone + "]");
        }
        return subnet;
    }

    private static List<SecurityGroup> securityGroups(Request r, RegionState region, QueryParams nic, String vpcId) {
        List<String> ids = new ArrayList<>(r.params.list("SecurityGroupId"));
        ids.addAll(nic.list("SecurityGroupId"));
        List<SecurityGroup> groups = new ArrayList<>();
        for (String id : ids) {
            SecurityGroup g = region.securityGroups.get(id);
            if (g == null || !g.ownerId.equals(r.account)) {
                throw Ec2Error.of("InvalidGroup.NotFound", "The security group '" + id + "' does not exist in VPC '" + vpcId + "'");
            }
            groups.add(g);
        }
        for (String name : r.params.list("SecurityGroup")) {
            SecurityGroup g = SecurityGroupActions.byName(region, r.account, name, vpcId);
            if (g == null) {
                throw Ec2Error.of("InvalidGroup.NotFound", "The security group '" + name + "' does not exist in VPC '" + vpcId + "'");
            }
            groups.add(g);
        }
        for (SecurityGroup g : groups) {
            if (!g.vpcId.equals(vpcId)) {
                throw Ec2Error.of("InvalidParameter", "Security group " + g.id + " and subnet belong to different networks.");
            }
        }
        return groups;
    }

    /** The image's block device mappings with the launch request's changes (size, type, extra or suppressed devices). */
    private static List<DeviceMapping> launchMappings(Image image, List<QueryParams> requested, RegionState region) {
        Map<String, DeviceMapping> byDevice = new LinkedHashMap<>();
        for (DeviceMapping m : image.mappings) {
            byDevice.put(m.deviceName, m.copy());
        }
        for (QueryParams q : requested) {
            DeviceMapping m = DeviceMapping.parse(q);
            DeviceMapping existing = byDevice.get(m.deviceName);
            if (m.noDevice) {
                byDevice.remove(m.deviceName);
            } else if (existing != null && existing.ebs && m.ebs) {
                existing.override(m);
            } else {
                byDevice.put(m.deviceName, m.copy());
            }
        }
        for (DeviceMapping m : byDevice.values()) {
            if (!m.ebs) {
                continue;
            }
            int minimum = 1;
            if (m.snapshotId != null) {
                Snapshot s = region.snapshots.get(m.snapshotId);
                if (s == null) {
                    throw SnapshotActions.notFound(m.snapshotId);
                }
                minimum = s.volumeSize;
            }
            if (m.volumeSize == null) {
                m.volumeSize = Math.max(minimum, m.snapshotId == null ? 8 : minimum);
            }
            if (m.volumeSize < minimum) {
                throw Ec2Error.of("InvalidBlockDeviceMapping", "Volume of size " + m.volumeSize + "GB is smaller than snapshot '"
                        + m.snapshotId + "', expect size >= " + minimum + "GB");
            }
        }
        return new ArrayList<>(byDevice.values());
    }
}
