package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** DescribeVolumes, DeleteVolume. Volumes come with instances (RunInstances) and go with them (delete on termination). */
final class VolumeActions {
    private static final FilterFields<Volume> FILTERS = new FilterFields<Volume>(v -> v.tags)
            .field("volume-id", v -> v.id)
            .field("status", v -> v.state)
            .field("size", v -> v.size)
            .field("snapshot-id", v -> v.snapshotId)
            .field("availability-zone", v -> v.availabilityZone)
            .field("volume-type", v -> v.volumeType)
            .field("encrypted", v -> v.encrypted)
            .field("attachment.instance-id", v -> v.instanceId)
            .field("attachment.device", v -> v.device)
            .multi("attachment.status", v -> v.attached() ? List.of("attached") : Collections.emptyList())
            .multi("attachment.delete-on-termination", v -> v.attached() ? List.of(String.valueOf(v.deleteOnTermination))
                    : Collections.emptyList());

    private VolumeActions() {}

    static void register(Map<String, Action> actions) {
        actions.put("DescribeVolumes", VolumeActions::describeVolumes);
        actions.put("DeleteVolume", VolumeActions::deleteVolume);
    }

    static Ec2Error notFound(String id) {
        return Ec2Error.of("InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
    }

    static void describeVolumes(Request r, XmlWriter xml) {
        RegionState region = r.here();
        List<String> ids = r.ids("VolumeId", "vol", "InvalidVolumeID.Malformed");
        Filters wanted = Filters.parse(r.params).checkedAgainst(FILTERS);
        for (String id : ids) {
            Volume v = region.volumes.get(id);
            if (v == null || !v.ownerId.equals(r.account)) {
                throw notFound(id);
            }
        }
        List<Volume> matching = new ArrayList<>();
        for (Volume v : region.volumes.values()) {
            if (v.ownerId.equals(r.account) && (ids.isEmpty() || ids.contains(v.id)) && wanted.matches(v, FILTERS, r.account)) {
                matching.add(v);
            }
        }
        Pages.Page<Volume> page = Pages.page(matching, Volume::id, r.params, "DescribeVolumes", Pages.VOLUMES);
        xml.start("volumeSet");
        for (Volume v : page.items) {
            xml.start("item");
            xml.element("volumeId", v.id);
            xml.element("size", v.size);
            xml.element("snapshotId", v.snapshotId == null ? "" : v.snapshotId);
            xml.element("availabilityZone", v.availabilityZone);
            xml.element("status", v.state);
            xml.element("createTime", v.createTime);
            xml.start("attachmentSet");
            if (v.attached()) {
                xml.start("item").element("volumeId", v.id).element("instanceId", v.instanceId).element("device", v.device)
                        .element("status", "attached").element("attachTime", v.attachTime)
                        .element("deleteOnTermination", v.deleteOnTermination).end();
            }
            xml.end();
            xml.element("volumeType", v.volumeType);
            xml.element("iops", v.iops);
            xml.element("encrypted", v.encrypted);
            xml.element("multiAttachEnabled", false);
            v.tags.writeTagSet(xml, r.account);
            xml.end();
        }
        xml.end();
        xml.element("nextToken", page.nextToken);
    }

    static void deleteVolume(Request r, XmlWriter xml) {
        String id = r.params.required("VolumeId");
        Volume v = r.here().volumes.get(id);
        if (v == null || !v.ownerId.equals(r.account)) {
            throw notFound(id);
        }
        if (v.attached()) {
            throw Ec2Error.of("VolumeInUse", "Volume " + id + " is currently attached to " + v.instanceId);
        }
        r.here().volumes.remove(id);
        xml.element("return", true);
    }
}
