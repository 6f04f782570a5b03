package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CreateTags, DeleteTags, DescribeTags. Tags are written and read as the calling account's own: tagging another
 * account's public image is allowed and only the caller sees the tag.
 */
final class TagActions {
    /** One tag of one resource, as DescribeTags lists it. */
    private static final class TagEntry {
        final String resourceId;
        final String resourceType;
        final String key;
        final String value;

        TagEntry(String resourceId, String resourceType, String key, String value) {
            this.resourceId = resourceId;
            this.resourceType = resourceType;
            this.key = key;
            this.value = value;
        }

        String sortKey() {
            return resourceId + "\u0000" + key;
        }
    }

    private static final FilterFields<TagEntry> FILTERS = new FilterFields<TagEntry>(null)
            .field("key", t -> t.key)
            .field("value", t -> t.value)
            .field("resource-id", t -> t.resourceId)
            .field("resource-type", t -> t.resourceType);

    private TagActions() {}

    static void register(Map<String, Action> actions) {
        actions.put("CreateTags", TagActions::createTags);
        actions.put("DeleteTags", TagActions::deleteTags);
        actions.put("DescribeTags", TagActions::describeTags);
    }

    /** The resource the caller may tag, or the NotFound error EC2 gives for that kind of id. */
    static Resource taggable(Request r, String id) {
        Resource resource = r.here().find(id);
        boolean visible = resource != null;
        if (resource instanceof Image) {
            visible = ((Image) resource).visibleTo(r.account);
        } else if (resource instanceof Snapshot) {
            visible = ((Snapshot) resource).visibleTo(r.account);
        } else if (resource instanceof Network.Vpc || resource instanceof Network.Subnet) {
            visible = true;
        } else if (resource != null) {
            visible = resource.ownerId.equals(r.account);
        }
        if (resource != null && visible) {
            return resource;
        }
        String prefix = id.contains("-") ? id.substring(0, id.indexOf('-')) : "";
        switch (prefix) {
            case "ami":
                throw ImageActions.notFound(List.of(id));
            case "snap":
                throw SnapshotActions.notFound(id);
            case "vol":
                throw Ec2Error.of("InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
            case "i":
                throw Ec2Error.of("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
            case "sg":
                throw Ec2Error.of("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
            case "key":
                throw Ec2Error.of("InvalidKeyPair.NotFound", "The key pair '" + id + "' does not exist");
            case "lt":
                throw Ec2Error.of("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID "
                        + id + ", does not exist.");
            case "subnet":
                throw Ec2Error.of("InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
            case "vpc":
                throw Ec2Error.of("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
            default:
                throw Ec2Error.of("InvalidID", "The ID '" + id + "' is not valid");
        }
    }

    static void createTags(Request r, XmlWriter xml) {
        List<String> ids = r.params.list("ResourceId");
        if (ids.isEmpty()) {
            throw Ec2Error.missingParameter("ResourceId");
        }
        Map<String, String> tags = Request.tags(r.params.members("Tag"));
        if (tags.isEmpty()) {
            throw Ec2Error.missingParameter("Tag");
        }
        List<Resource> resources = new ArrayList<>();
        for (String id : ids) {
            resources.add(taggable(r, id));
        }
        for (Resource resource : resources) {
            Map<String, String> existing = resource.tags.visibleTo(r.account);
            int added = 0;
            for (String key : tags.keySet()) {
                if (!existing.containsKey(key)) {
                    added++;
                }
            }
            if (existing.size() + added > Tags.MAX_PER_RESOURCE) {
                throw Ec2Error.of("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.");
            }
        }
        for (Resource resource : resources) {
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                resource.tags.put(r.account, tag.getKey(), tag.getValue());
            }
        }
        xml.element("return", true);
    }

    static void deleteTags(Request r, XmlWriter xml) {
        List<String> ids = r.params.list("ResourceId");
        if (ids.isEmpty()) {
            throw Ec2Error.missingParameter("ResourceId");
        }
        List<Resource> resources = new ArrayList<>();
        for (String id : ids) {
            resources.add(taggable(r, id));
        }
        List<QueryParams> tagParams = r.params.members("Tag");
        for (Resource resource : resources) {
            if (tagParams.isEmpty()) {
                for (String key : new ArrayList<>(resource.tags.visibleTo(r.account).keySet())) {
                    resource.tags.remove(r.account, key, null);
                }
            }
            for (QueryParams t : tagParams) {
                resource.tags.remove(r.account, t.required("Key"), t.has("Value") ? t.get("Value") : null);
            }
        }
        xml.element("return", true);
    }

    static void describeTags(Request r, XmlWriter xml) {
        Filters wanted = Filters.parse(r.params).checkedAgainst(FILTERS);
        RegionState region = r.here();
        List<TagEntry> entries = new ArrayList<>();
        List<Resource> all = new ArrayList<>();
        all.addAll(region.images.values());
        all.addAll(region.snapshots.values());
        all.addAll(region.volumes.values());
        all.addAll(region.instances.values());
        all.addAll(region.securityGroups.values());
        all.addAll(region.keyPairs.values());
        all.addAll(region.launchTemplates.values());
        all.addAll(region.subnets.values());
        all.add(region.vpc);
        for (Resource resource : all) {
            for (Map.Entry<String, String> tag : resource.tags.visibleTo(r.account).entrySet()) {
                TagEntry e = new TagEntry(resource.id, RegionState.resourceType(resource), tag.getKey(), tag.getValue());
                if (wanted.matches(e, FILTERS, r.account)) {
                    entries.add(e);
                }
            }
        }
        entries.sort((a, b) -> a.sortKey().compareTo(b.sortKey()));
        Map<String, TagEntry> unique = new LinkedHashMap<>();
        for (TagEntry e : entries) {
            unique.put(e.sortKey(), e);
        }
        Pages.Page<TagEntry> page = Pages.page(new ArrayList<>(unique.values()), TagEntry::sortKey, r.params, "DescribeTags", Pages.TAGS);
        xml.start("tagSet");
        for (TagEntry e : page.items) {
            xml.start("item").element("resourceId", e.resourceId).element("resourceType", e.resourceType)
                    .element("key", e.key).element("value", e.value).end();
        }
        xml.end();
        xml.element("nextToken", page.nextToken);
    }
}
