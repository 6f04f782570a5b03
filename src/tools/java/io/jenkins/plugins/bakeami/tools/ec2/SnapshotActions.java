package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** DescribeSnapshots, DeleteSnapshot, ModifySnapshotAttribute. */
final class SnapshotActions {
    private final FilterFields<Snapshot> filters = new FilterFields<Snapshot>(s -> s.tags)
            .field("description", s -> s.description)
            .field("encrypted", s -> s.encrypted)
            .field("owner-id", s -> s.ownerId)
            .field("snapshot-id", s -> s.id)
            .field("start-time", s -> Timestamps.format(s.startTime))
            .field("status", s -> s.state)
            .field("volume-id", s -> s.volumeId)
            .field("volume-size", s -> s.volumeSize);

    SnapshotActions(Accounts accounts) {
        filters.field("owner-alias", s -> accounts.aliasOf(s.ownerId));
    }

    void register(Map<String, Action> actions) {
        actions.put("DescribeSnapshots", this::describeSnapshots);
        actions.put("DeleteSnapshot", SnapshotActions::deleteSnapshot);
        actions.put("ModifySnapshotAttribute", SnapshotActions::modifySnapshotAttribute);
    }

    static Ec2Error notFound(String id) {
        return Ec2Error.of("InvalidSnapshot.NotFound", "The snapshot '" + id + "' does not exist.");
    }

    void describeSnapshots(Request r, XmlWriter xml) {
        String viewer = r.account;
        List<String> ids = r.ids("SnapshotId", "snap", "InvalidSnapshotID.Malformed");
        Set<String> owners = r.owners(r.params.list("Owner"));
        List<String> restorableBy = r.params.list("RestorableBy");
        Filters wanted = Filters.parse(r.params).checkedAgainst(filters);
        RegionState region = r.here();
        for (String id : ids) {
            Snapshot s = region.snapshots.get(id);
            if (s == null || !s.visibleTo(viewer)) {
                throw notFound(id);
            }
        }
        List<Snapshot> matching = new ArrayList<>();
        for (Snapshot s : region.snapshots.values()) {
            if (!s.visibleTo(viewer) || (!ids.isEmpty() && !ids.contains(s.id))) {
                continue;
            }
            if (!owners.isEmpty() && !owners.contains(s.ownerId)) {
                continue;
            }
            if (!restorableBy.isEmpty() && !restorableBy(s, restorableBy, viewer)) {
                continue;
            }
            if (wanted.matches(s, filters, viewer)) {
                matching.add(s);
            }
        }
        Pages.Page<Snapshot> page = Pages.page(matching, Snapshot::id, r.params, "DescribeSnapshots", Pages.SNAPSHOTS);
        xml.start("snapshotSet");
        for (Snapshot s : page.items) {
            xml.start("item");
            xml.element("snapshotId", s.id);
            xml.element("volumeId", s.volumeId);
            xml.element("status", s.state);
            xml.element("startTime", s.startTime);
            xml.element("progress", progress(s, r.now));
            xml.element("ownerId", s.ownerId);
            xml.element("volumeSize", s.volumeSize);
            xml.element("description", s.description);
            xml.element("encrypted", s.encrypted);
            xml.element("kmsKeyId", s.kmsKeyId);
            xml.element("ownerAlias", r.state.accounts.aliasOf(s.ownerId));
            xml.element("storageTier", "standard");
            s.tags.writeTagSet(xml, viewer);
            xml.end();
        }
        xml.end();
        xml.element("nextToken", page.nextToken);
    }

    private static boolean restorableBy(Snapshot s, List<String> users, String viewer) {
        for (String user : users) {
            if ("all".equals(user) && s.isPublic) {
                return true;
            }
            String account = "self".equals(user) ? viewer : user;
            if (s.ownerId.equals(account) || s.createVolumePermissions.contains(account)) {
                return true;
            }
        }
        return false;
    }

    private static String progress(Snapshot s, long now) {
        if (!"pending".equals(s.state)) {
            return "100%";
        }
        long start = s.startTime.toEpochMilli();
        long total = Math.max(1, s.readyAt - start);
        long done = Math.max(0, Math.min(99, (now - start) * 100 / total));
        return String.format(Locale.ROOT, "%d%%", done);
    }

    static Snapshot owned(Request r, String id) {
        if (!Ids.wellFormed(id, "snap")) {
            throw Ec2Error.of("InvalidSnapshotID.Malformed", "Invalid id: \"" + id + "\"");
        }
        Snapshot s = r.here().snapshots.get(id);
        if (s == null || !s.visibleTo(r.account)) {
            throw notFound(id);
        }
        if (!s.ownerId.equals(r.account)) {
            throw Ec2Error.of("UnauthorizedOperation", "You are not authorized to perform this operation.");
        }
        return s;
    }

    static void deleteSnapshot(Request r, XmlWriter xml) {
        Snapshot s = owned(r, r.params.required("SnapshotId"));
        RegionState region = r.here();
        for (Image image : region.images.values()) {
            if (image.snapshotIds().contains(s.id)) {
                throw Ec2Error.of("InvalidSnapshot.InUse", "The snapshot " + s.id + " is currently in use by " + image.id);
            }
        }
        region.snapshots.remove(s.id);
        xml.element("return", true);
    }

    static void modifySnapshotAttribute(Request r, XmlWriter xml) {
        Snapshot s = owned(r, r.params.required("SnapshotId"));
        QueryParams p = r.params;
        List<QueryParams> adds = p.members("CreateVolumePermission.Add");
        List<QueryParams> removes = p.members("CreateVolumePermission.Remove");
        for (QueryParams a : adds) {
            permit(s, a.get("UserId"), a.get("Group"), true);
        }
        for (QueryParams a : removes) {
            permit(s, a.get("UserId"), a.get("Group"), false);
        }
        if (p.has("OperationType")) {
            boolean add = "add".equals(p.get("OperationType"));
            for (String user : p.list("UserId")) {
                permit(s, user, null, add);
            }
            for (String group : p.list("UserGroup")) {
                permit(s, null, group, add);
            }
        }
        xml.element("return", true);
    }

    private static void permit(Snapshot s, String userId, String group, boolean add) {
        if ("all".equals(group)) {
            s.isPublic = add;
        }
        if (userId != null && !userId.isEmpty()) {
            if (add) {
                s.createVolumePermissions.add(userId);
            } else {
                s.createVolumePermissions.remove(userId);
            }
        }
    }
}
