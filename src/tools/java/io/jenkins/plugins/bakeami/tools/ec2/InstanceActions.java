package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DescribeInstances, StopInstances, StartInstances, TerminateInstances, ModifyInstanceAttribute. */
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
            .field("ip-address", i -> i.publicIpAddress)
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
            InstanceXml.writeGroupSet(xml, region, reservation.get(0));
            xml.start("instancesSet");
            for (Instance i : reservation) {
                InstanceXml.writeInstance(xml, i, region, r.account);
            }
            xml.end();
            xml.end();
        }
        xml.end();
        xml.element("nextToken", page.nextToken);
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
                InstanceSsh.shutDown(r, i);
            }
            InstanceXml.writeStateChange(xml, i, previous);
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
                InstanceSsh.boot(r, i);
            }
            InstanceXml.writeStateChange(xml, i, previous);
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
                InstanceSsh.shutDown(r, i);
            }
            InstanceXml.writeStateChange(xml, i, previous);
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
