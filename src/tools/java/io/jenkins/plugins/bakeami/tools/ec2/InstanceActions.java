package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RunInstances, DescribeInstances, StopInstances, StartInstances, TerminateInstances, ModifyInstanceAttribute. */
final class InstanceActions {
    private static final FilterFields<Instance> FILTERS = new FilterFields<Instance>(i -> i.tags)
            .field("architecture", i -> i.architecture)
            .field("availability-zone", i -> i.availabilityZone)
            .field("image-id", i -> i.imageId)
            .field("instance-id", i -> i.id)
            .field("instance-state-code", i -> Instance.stateCode(i.state))
            .field("instance-state-name", i -> i.state)
            .field("instance-type", i -> i.instanceType)
            .field("key-name", i -> i.keyName)
            .field("owner-id", i -> i.ownerId)
            .field("private-ip-address", i -> i.privateIpAddress)
            .field("reservation-id", i -> i.reservationId)
            .field("root-device-name", i -> i.rootDeviceName)
            .field("root-device-type", i -> i.rootDeviceType)
            .field("subnet-id", i -> i.subnetId)
            .field("tenancy", i -> i.tenancy)
            .field("virtualization-type", i -> i.virtualizationType)
            .field("vpc-id", i -> i.vpcId)
            .multi("group-id", i -> i.securityGroupIds)
            .multi("instance.group-id", i -> i.securityGroupIds);

    private InstanceActions() {}

    static void register(Map<String, Action> actions) {
        actions.put("RunInstances", InstanceActions::runInstances);
        actions.put("DescribeInstances", InstanceActions::describeInstances);
        actions.put("StopInstances", InstanceActions::stopInstances);
        actions.put("StartInstances", InstanceActions::startInstances);
        actions.put("TerminateInstances", InstanceActions::terminateInstances);
        actions.put("ModifyInstanceAttribute", InstanceActions::modifyInstanceAttribute);
    }

    static Ec2Error notFound(String id) {
        return Ec2Error.of("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
    }

    /** The caller's instance, or the error EC2 gives for an instance id that is malformed or unknown. */
    static Instance owned(Request r, String id) {
        if (!Ids.wellFormed(id, "i")) {
            throw Ec2Error.of("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
        }
        Instance instance = r.here().instances.get(id);
        if (instance == null || !instance.ownerId.equals(r.account)) {
            throw notFound(id);
        }
        return instance;
    }

    private static List<Instance> ownedList(Request r) {
        List<String> ids = r.params.list("InstanceId");
        if (ids.isEmpty()) {
            throw Ec2Error.missingParameter("InstanceId");
        }
        List<Instance> instances = new ArrayList<>();
        for (String id : ids) {
            instances.add(owned(r, id));
        }
        return instances;
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
        writeGroupSet(xml, region, instances.get(0));
        xml.start("instancesSet");
        for (Instance i : instances) {
            writeInstance(xml, i, region, viewer);
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

    static void describeInstances(Request r, XmlWriter xml) {
        RegionState region = r.here();
        List<String> ids = r.params.list("InstanceId");
        if (!ids.isEmpty() && r.params.has("MaxResults")) {
            throw Ec2Error.invalidParameterCombination("The parameter instancesSet cannot be used with the parameter maxResults");
        }
        Filters wanted = Filters.parse(r.params).checkedAgainst(FILTERS);
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            if (!Ids.wellFormed(id, "i")) {
                throw Ec2Error.of("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
            }
            Instance i = region.instances.get(id);
            if (i == null || !i.ownerId.equals(r.account)) {
                missing.add(id);
            }
        }
        if (missing.size() == 1) {
            throw notFound(missing.get(0));
        } else if (!missing.isEmpty()) {
            throw Ec2Error.of("InvalidInstanceID.NotFound", "The instance IDs '" + String.join(", ", missing) + "' do not exist");
        }
        List<Instance> matching = new ArrayList<>();
        for (Instance i : region.instances.values()) {
            if (i.ownerId.equals(r.account) && (ids.isEmpty() || ids.contains(i.id)) && wanted.matches(i, FILTERS, r.account)) {
                matching.add(i);
            }
        }
        Pages.Page<Instance> page = Pages.page(matching, Instance::id, r.params, "DescribeInstances", Pages.INSTANCES);
        Map<String, List<Instance>> byReservation = new LinkedHashMap<>();
        for (Instance i : page.items) {
            byReservation.computeIfAbsent(i.reservationId, k -> new ArrayList<>()).add(i);
        }
        xml.start("reservationSet");
        for (List<Instance> reservation : byReservation.values()) {
            xml.start("item");
            xml.element("reservationId", reservation.get(0).reservationId);
            xml.element("ownerId", reservation.get(0).ownerId);
            writeGroupSet(xml, region, reservation.get(0));
            xml.start("instancesSet");
            for (Instance i : reservation) {
                writeInstance(xml, i, region, r.account);
            }
            xml.end();
            xml.end();
        }
        xml.end();
        xml.element("nextToken", page.nextToken);
    }

    private static void writeGroupSet(XmlWriter xml, RegionState region, Instance i) {
        xml.start("groupSet");
        for (String groupId : i.securityGroupIds) {
            SecurityGroup g = region.securityGroups.get(groupId);
            xml.start("item").element("groupId", groupId).element("groupName", g == null ? null : g.name).end();
        }
        xml.end();
    }

    static void writeInstance(XmlWriter xml, Instance i, RegionState region, String viewer) {
        boolean gone = "terminated".equals(i.state);
        xml.start("item");
        xml.element("instanceId", i.id);
        xml.element("imageId", i.imageId);
        xml.start("instanceState").element("code", Instance.stateCode(i.state)).element("name", i.state).end();
        xml.element("privateDnsName", gone ? "" : "ip-" + i.privateIpAddress.replace('.', '-') + "." + region.name + ".compute.internal");
        xml.element("dnsName", "");
        xml.element("reason", i.reason);
        xml.element("keyName", i.keyName);
        xml.element("amiLaunchIndex", 0);
        xml.element("instanceType", i.instanceType);
        xml.element("launchTime", i.launchTime);
        xml.start("placement").element("availabilityZone", i.availabilityZone).element("groupName", "")
                .element("tenancy", i.tenancy).end();
        xml.start("monitoring").element("state", "disabled").end();
        if (!gone) {
            xml.element("subnetId", i.subnetId);
            xml.element("vpcId", i.vpcId);
            xml.element("privateIpAddress", i.privateIpAddress);
        }
        xml.element("sourceDestCheck", true);
        writeGroupSet(xml, region, i);
        if (i.stateReasonCode != null) {
            xml.start("stateReason").element("code", i.stateReasonCode).element("message", i.stateReasonMessage).end();
        }
        xml.element("architecture", i.architecture);
        xml.element("rootDeviceType", i.rootDeviceType);
        xml.element("rootDeviceName", i.rootDeviceName);
        xml.start("blockDeviceMapping");
        for (String volumeId : i.volumeIds) {
            Volume v = region.volumes.get(volumeId);
            if (v != null && i.id.equals(v.instanceId)) {
                xml.start("item").element("deviceName", v.device).start("ebs").element("volumeId", v.id)
                        .element("status", "attached").element("attachTime", v.attachTime)
                        .element("deleteOnTermination", v.deleteOnTermination).end().end();
            }
        }
        xml.end();
        xml.element("virtualizationType", i.virtualizationType);
        xml.element("clientToken", "");
        i.tags.writeTagSet(xml, viewer);
        xml.element("hypervisor", "xen");
        xml.element("ebsOptimized", i.ebsOptimized);
        xml.element("enaSupport", true);
        xml.end();
    }

    private static void writeStateChange(XmlWriter xml, Instance i, String previous) {
        xml.start("item").element("instanceId", i.id);
        xml.start("currentState").element("code", Instance.stateCode(i.state)).element("name", i.state).end();
        xml.start("previousState").element("code", Instance.stateCode(previous)).element("name", previous).end();
        xml.end();
    }

    static void stopInstances(Request r, XmlWriter xml) {
        List<Instance> instances = ownedList(r);
        for (Instance i : instances) {
            if ("shutting-down".equals(i.state) || "terminated".equals(i.state)) {
                throw Ec2Error.of("IncorrectInstanceState", "This instance '" + i.id + "' is not in a state from which it can be stopped.");
            }
        }
        xml.start("instancesSet");
        for (Instance i : instances) {
            String previous = i.state;
            if ("pending".equals(i.state) || "running".equals(i.state)) {
                i.enter("stopping", r.now);
                i.reason = "User initiated (" + Timestamps.reason(r.instant()) + ")";
                i.stateReasonCode = "Client.UserInitiatedShutdown";
                i.stateReasonMessage = "Client.UserInitiatedShutdown: User initiated shutdown";
            }
            writeStateChange(xml, i, previous);
        }
        xml.end();
    }

    static void startInstances(Request r, XmlWriter xml) {
        List<Instance> instances = ownedList(r);
        for (Instance i : instances) {
            if (!"stopped".equals(i.state) && !"running".equals(i.state) && !"pending".equals(i.state)) {
                throw Ec2Error.of("IncorrectInstanceState", "The instance '" + i.id + "' is not in a state from which it can be started.");
            }
        }
        xml.start("instancesSet");
        for (Instance i : instances) {
            String previous = i.state;
            if ("stopped".equals(i.state)) {
                i.enter("pending", r.now);
                i.reason = "";
                i.stateReasonCode = "pending";
                i.stateReasonMessage = "pending";
            }
            writeStateChange(xml, i, previous);
        }
        xml.end();
    }

    static void terminateInstances(Request r, XmlWriter xml) {
        List<Instance> instances = ownedList(r);
        xml.start("instancesSet");
        for (Instance i : instances) {
            String previous = i.state;
            if (!"shutting-down".equals(i.state) && !"terminated".equals(i.state)) {
                i.enter("shutting-down", r.now);
                i.reason = "User initiated (" + Timestamps.reason(r.instant()) + ")";
                i.stateReasonCode = "Client.UserInitiatedShutdown";
                i.stateReasonMessage = "Client.UserInitiatedShutdown: User initiated shutdown";
            }
            writeStateChange(xml, i, previous);
        }
        xml.end();
    }

    static void modifyInstanceAttribute(Request r, XmlWriter xml) {
        Instance i = owned(r, r.params.required("InstanceId"));
        if (!"stopped".equals(i.state) && (r.params.has("EnaSupport.Value") || r.params.has("SriovNetSupport.Value"))) {
            throw Ec2Error.of("IncorrectInstanceState", "The instance '" + i.id + "' is not in the 'stopped' state.");
        }
        xml.element("return", true);
    }
}
