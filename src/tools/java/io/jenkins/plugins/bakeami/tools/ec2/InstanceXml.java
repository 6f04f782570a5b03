package io.jenkins.plugins.bakeami.tools.ec2;

/** The XML of an instance as RunInstances and DescribeInstances answer it, and of a state change. */
final class InstanceXml {
    private InstanceXml() {}

    static void writeGroupSet(XmlWriter xml, RegionState region, Instance i) {
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
            xml.element("ipAddress", i.publicIpAddress);
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

    static void writeStateChange(XmlWriter xml, Instance i, String previous) {
        xml.start("item").element("instanceId", i.id);
        xml.start("currentState").element("code", Instance.stateCode(i.state)).element("name", i.state).end();
        xml.start("previousState").element("code", Instance.stateCode(previous)).element("name", previous).end();
        xml.end();
    }
}
