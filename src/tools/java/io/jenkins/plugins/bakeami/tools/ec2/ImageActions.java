package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** DescribeImages, CreateImage, CopyImage, DeregisterImage, Describe/ModifyImageAttribute. */
final class ImageActions {
    private static final Pattern AMI_NAME = Pattern.compile("[A-Za-z0-9()\\[\\] ./\\-'@_]{3,128}");

    private final FilterFields<Image> filters = new FilterFields<Image>(i -> i.tags)
            .field("architecture", i -> i.architecture)
            .multi("block-device-mapping.device-name", i -> mappingValues(i, m -> m.deviceName))
            .multi("block-device-mapping.snapshot-id", i -> mappingValues(i, m -> m.snapshotId))
            .multi("block-device-mapping.volume-size", i -> mappingValues(i, m -> m.volumeSize == null ? null : String.valueOf(m.volumeSize)))
            .multi("block-device-mapping.volume-type", i -> mappingValues(i, m -> m.ebs ? (m.volumeType == null ? "gp2" : m.volumeType) : null))
            .multi("block-device-mapping.delete-on-termination", i -> mappingValues(i, m -> m.ebs ? String.valueOf(m.deleteOnTermination == null || m.deleteOnTermination) : null))
            .multi("block-device-mapping.encrypted", i -> mappingValues(i, m -> m.ebs ? String.valueOf(Boolean.TRUE.equals(m.encrypted)) : null))
            .field("creation-date", i -> Timestamps.format(i.creationDate))
            .field("description", i -> i.description)
            .field("ena-support", i -> i.enaSupport)
            .field("hypervisor", i -> i.hypervisor)
            .field("image-id", i -> i.id)
            .field("image-type", i -> i.imageType)
            .field("is-public", i -> i.isPublic)
            .field("name", i -> i.name)
            .field("owner-id", i -> i.ownerId)
            .field("platform-details", i -> i.platformDetails)
            .field("root-device-name", i -> i.rootDeviceName)
            .field("root-device-type", i -> i.rootDeviceType)
            .field("source-instance-id", i -> i.sourceInstanceId)
            .field("sriov-net-support", i -> i.sriovNetSupport)
            .field("state", i -> i.state)
            .field("state-reason-code", i -> i.stateReasonCode)
            .field("state-reason-message", i -> i.stateReasonMessage)
            .field("usage-operation", i -> i.usageOperation)
            .field("virtualization-type", i -> i.virtualizationType);

    ImageActions(Accounts accounts) {
        filters.field("owner-alias", i -> accounts.aliasOf(i.ownerId));
    }

    void register(Map<String, Action> actions) {
        actions.put("DescribeImages", this::describeImages);
        actions.put("CreateImage", ImageActions::createImage);
        actions.put("CopyImage", ImageActions::copyImage);
        actions.put("DeregisterImage", ImageActions::deregisterImage);
        actions.put("DescribeImageAttribute", ImageActions::describeImageAttribute);
        actions.put("ModifyImageAttribute", ImageActions::modifyImageAttribute);
    }

    private static Collection<String> mappingValues(Image i, java.util.function.Function<DeviceMapping, String> value) {
        List<String> out = new ArrayList<>();
        for (DeviceMapping m : i.mappings) {
            String v = value.apply(m);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    void describeImages(Request r, XmlWriter xml) {
        String viewer = r.account;
        List<String> ids = r.ids("ImageId", "ami", "InvalidAMIID.Malformed");
        Set<String> owners = r.owners(r.params.list("Owner"));
        List<String> executableBy = r.params.list("ExecutableBy");
        Filters wanted = Filters.parse(r.params).checkedAgainst(filters);
        RegionState region = r.here();

        if (!ids.isEmpty()) {
            List<String> missing = new ArrayList<>();
            for (String id : ids) {
                Image image = region.images.get(id);
                if (image == null || !image.visibleTo(viewer)) {
                    missing.add(id);
                }
            }
            if (!missing.isEmpty()) {
                throw notFound(missing);
            }
        }
        List<Image> matching = new ArrayList<>();
        for (Image image : region.images.values()) {
            if (!image.visibleTo(viewer)) {
                continue;
            }
            if (!ids.isEmpty() && !ids.contains(image.id)) {
                continue;
            }
            if (!owners.isEmpty() && !owners.contains(image.ownerId)) {
                continue;
            }
            if (!executableBy.isEmpty() && !executableBy(image, executableBy, viewer)) {
                continue;
            }
            if (wanted.matches(image, filters, viewer)) {
                matching.add(image);
            }
        }
        Pages.Page<Image> page = Pages.page(matching, Image::id, r.params, "DescribeImages", Pages.IMAGES);
        xml.start("imagesSet");
        for (Image image : page.items) {
            writeImage(xml, image, viewer, r.state.accounts);
        }
        xml.end();
        xml.element("nextToken", page.nextToken);
    }

    /**
     * {@code ExecutableBy}: {@code all} means public images; {@code self} (or the caller's own account) means the
     * caller's images and those shared with it; another account id means images shared with that account.
     */
    private static boolean executableBy(Image image, List<String> users, String viewer) {
        for (String user : users) {
            if ("all".equals(user) && image.isPublic) {
                return true;
            }
            String account = "self".equals(user) ? viewer : user;
            if (account.equals(viewer) && image.ownerId.equals(viewer)) {
                return true;
            }
            if (image.launchPermissions.contains(account)) {
                return true;
            }
        }
        return false;
    }

    static Ec2Error notFound(List<String> ids) {
        return Ec2Error.of("InvalidAMIID.NotFound", "The image id '[" + String.join(", ", ids) + "]' does not exist");
    }

    static void writeImage(XmlWriter xml, Image image, String viewer, Accounts accounts) {
        xml.start("item");
        xml.element("imageId", image.id);
        xml.element("imageLocation", image.ownerId + "/" + image.name);
        xml.element("imageState", image.state);
        xml.element("imageOwnerId", image.ownerId);
        xml.element("creationDate", image.creationDate);
        xml.element("isPublic", image.isPublic);
        xml.element("architecture", image.architecture);
        xml.element("imageType", image.imageType);
        xml.element("sriovNetSupport", image.sriovNetSupport);
        xml.element("platformDetails", image.platformDetails);
        xml.element("usageOperation", image.usageOperation);
        xml.element("imageOwnerAlias", accounts.aliasOf(image.ownerId));
        xml.element("name", image.name);
        xml.element("description", image.description);
        xml.element("rootDeviceType", image.rootDeviceType);
        xml.element("rootDeviceName", image.rootDeviceName);
        xml.start("blockDeviceMapping");
        for (DeviceMapping m : image.mappings) {
            m.writeTo(xml);
        }
        xml.end();
        xml.element("virtualizationType", image.virtualizationType);
        image.tags.writeTagSet(xml, viewer);
        xml.element("hypervisor", image.hypervisor);
        xml.element("enaSupport", image.enaSupport);
        xml.element("sourceInstanceId", image.ownerId.equals(viewer) ? image.sourceInstanceId : null);
        if (image.stateReasonCode != null) {
            xml.start("stateReason").element("code", image.stateReasonCode).element("message", image.stateReasonMessage).end();
        }
        xml.end();
    }

    static void checkName(String name, String account, RegionState region) {
        if (!AMI_NAME.matcher(name).matches()) {
            throw Ec2Error.of("InvalidAMIName.Malformed", "AMI names must be between 3 and 128 characters long, and may "
                    + "contain letters, numbers, '(', ')', '.', '-', '/', ''', '@', '[', ']', ' ' and '_'");
        }
        for (Image other : region.images.values()) {
            if (other.ownerId.equals(account) && name.equals(other.name)) {
                throw Ec2Error.of("InvalidAMIName.Duplicate", "AMI name " + name + " is already in use by AMI " + other.id);
            }
        }
    }

    static void createImage(Request r, XmlWriter xml) {
        String instanceId = r.params.required("InstanceId");
        String name = r.params.required("Name");
        r.checkTagSpecificationTypes("image", "snapshot");
        RegionState region = r.here();
        Instance instance = InstanceActions.owned(r, instanceId);
        if (!"running".equals(instance.state) && !"stopped".equals(instance.state)) {
            throw Ec2Error.of("IncorrectInstanceState", "The instance '" + instanceId + "' is not in a state from which it can be imaged.");
        }
        checkName(name, r.account, region);

        Image image = new Image(r.newId("ami"), r.account);
        image.name = name;
        image.description = r.params.get("Description");
        image.creationDate = Timestamps.toSeconds(r.instant());
        image.readyAt = r.now + r.delays().imagePending().toMillis();
        image.failWhenReady = r.state.failNewImages;
        image.sourceInstanceId = instance.id;
        image.architecture = instance.architecture;
        image.virtualizationType = instance.virtualizationType;
        image.rootDeviceType = instance.rootDeviceType;
        image.rootDeviceName = instance.rootDeviceName;
        Image source = region.images.get(instance.imageId);
        if (source != null) {
            image.enaSupport = source.enaSupport;
            image.sriovNetSupport = source.sriovNetSupport;
            image.platformDetails = source.platformDetails;
            image.usageOperation = source.usageOperation;
        }

        Map<String, DeviceMapping> byDevice = new LinkedHashMap<>();
        for (String volumeId : instance.volumeIds) {
            Volume v = region.volumes.get(volumeId);
            if (v != null && instance.id.equals(v.instanceId)) {
                DeviceMapping m = DeviceMapping.ebs(v.device, null, v.size);
                m.volumeType = v.volumeType;
                m.deleteOnTermination = v.deleteOnTermination;
                m.encrypted = v.encrypted;
                m.iops = v.iops;
                m.snapshotId = volumeId; // replaced by the new snapshot's id below
                byDevice.put(v.device, m);
            }
        }
        for (QueryParams p : r.params.members("BlockDeviceMapping")) {
            DeviceMapping requested = DeviceMapping.parse(p);
            DeviceMapping existing = byDevice.get(requested.deviceName);
            if (requested.noDevice) {
                byDevice.remove(requested.deviceName);
            } else if (existing != null && existing.ebs && requested.ebs) {
                String volumeId = existing.snapshotId;
                existing.override(requested);
                existing.snapshotId = volumeId;
            } else {
                DeviceMapping added = requested.copy();
                added.snapshotId = null;
                byDevice.put(requested.deviceName, added);
            }
        }
        List<Snapshot> newSnapshots = new ArrayList<>();
        for (DeviceMapping m : byDevice.values()) {
            if (m.ebs && m.snapshotId != null && region.volumes.containsKey(m.snapshotId)) {
                Volume v = region.volumes.get(m.snapshotId);
                Snapshot s = new Snapshot(r.newId("snap"), r.account);
                s.volumeId = v.id;
                s.volumeSize = v.size;
                s.encrypted = v.encrypted;
                s.startTime = r.instant();
                s.readyAt = image.readyAt;
                s.description = "Created by CreateImage(" + instance.id + ") for " + image.id;
                region.snapshots.put(s.id, s);
                newSnapshots.add(s);
                m.snapshotId = s.id;
                if (m.volumeSize == null || m.volumeSize < v.size) {
                    m.volumeSize = v.size;
                }
            }
            image.mappings.add(m);
        }
        region.images.put(image.id, image);
        r.applyTagSpecifications("image", List.of(image));
        r.applyTagSpecifications("snapshot", newSnapshots);
        xml.element("imageId", image.id);
    }

    static void copyImage(Request r, XmlWriter xml) {
        String sourceRegionName = r.params.required("SourceRegion");
        String sourceImageId = r.params.required("SourceImageId");
        String name = r.params.get("Name");
        r.checkTagSpecificationTypes("image", "snapshot");
        if (!Ids.wellFormed(sourceImageId, "ami")) {
            throw Ec2Error.of("InvalidAMIID.Malformed", "Invalid id: \"" + sourceImageId + "\"");
        }
        RegionState sourceRegion = r.state.region(sourceRegionName);
        Image source = sourceRegion.images.get(sourceImageId);
        if (source == null || !source.visibleTo(r.account)) {
            throw notFound(List.of(sourceImageId));
        }
        if (!"available".equals(source.state)) {
            throw Ec2Error.of("IncorrectState", "Image " + sourceImageId + " is not in a valid state for this operation: " + source.state);
        }
        RegionState region = r.here();
        String copyName = name == null || name.isEmpty() ? source.name : name;
        checkName(copyName, r.account, region);

        Image copy = new Image(r.newId("ami"), r.account);
        copy.name = copyName;
        String description = r.params.get("Description");
        copy.description = description != null ? description
                : "[Copied " + source.id + " from " + sourceRegionName + "] " + source.name;
        copy.creationDate = Timestamps.toSeconds(r.instant());
        copy.readyAt = r.now + r.delays().imageCopy().toMillis();
        copy.failWhenReady = r.state.failNewImages;
        copy.architecture = source.architecture;
        copy.virtualizationType = source.virtualizationType;
        copy.rootDeviceType = source.rootDeviceType;
        copy.rootDeviceName = source.rootDeviceName;
        copy.enaSupport = source.enaSupport;
        copy.sriovNetSupport = source.sriovNetSupport;
        copy.platformDetails = source.platformDetails;
        copy.usageOperation = source.usageOperation;
        copy.sourceImageId = source.id;
        copy.sourceRegion = sourceRegionName;
        boolean encrypted = r.params.bool("Encrypted", false);
        List<Snapshot> newSnapshots = new ArrayList<>();
        for (DeviceMapping m : source.mappings) {
            DeviceMapping c = m.copy();
            if (c.ebs && c.snapshotId != null) {
                Snapshot s = new Snapshot(r.newId("snap"), r.account);
                s.volumeId = "vol-ffffffff";
                s.volumeSize = c.volumeSize == null ? 8 : c.volumeSize;
                s.encrypted = encrypted || Boolean.TRUE.equals(c.encrypted);
                s.startTime = r.instant();
                s.readyAt = copy.readyAt;
                s.description = "Copied for DestinationAmi " + copy.id + " from SourceAmi " + source.id
                        + " for SourceSnapshot " + c.snapshotId;
                region.snapshots.put(s.id, s);
                newSnapshots.add(s);
                c.snapshotId = s.id;
                c.encrypted = s.encrypted;
            }
            copy.mappings.add(c);
        }
        if (r.params.bool("CopyImageTags", false)) {
            for (Map.Entry<String, String> tag : source.tags.visibleTo(r.account).entrySet()) {
                copy.tags.put(r.account, tag.getKey(), tag.getValue());
            }
        }
        region.images.put(copy.id, copy);
        r.applyTagSpecifications("image", List.of(copy));
        r.applyTagSpecifications("snapshot", newSnapshots);
        xml.element("imageId", copy.id);
    }

    /** The caller's own image, or the error EC2 gives for an image that is not there or not the caller's. */
    static Image owned(Request r, String imageId) {
        if (!Ids.wellFormed(imageId, "ami")) {
            throw Ec2Error.of("InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\"");
        }
        Image image = r.here().images.get(imageId);
        if (image == null || !image.visibleTo(r.account)) {
            throw notFound(List.of(imageId));
        }
        if (!image.ownerId.equals(r.account)) {
            throw Ec2Error.of("AuthFailure", "Not authorized for image:" + imageId);
        }
        return image;
    }

    static void deregisterImage(Request r, XmlWriter xml) {
        Image image = owned(r, r.params.required("ImageId"));
        RegionState region = r.here();
        region.images.remove(image.id);
        if (r.params.bool("DeleteAssociatedSnapshots", false)) {
            xml.start("deleteSnapshotResultSet");
            for (String snapshotId : image.snapshotIds()) {
                if (region.snapshots.remove(snapshotId) != null) {
                    xml.start("item").element("snapshotId", snapshotId).element("returnCode", "success").end();
                }
            }
            xml.end();
        }
        xml.element("return", true);
    }

    static void describeImageAttribute(Request r, XmlWriter xml) {
        String attribute = r.params.required("Attribute");
        String imageId = r.params.required("ImageId");
        Image image = r.here().images.get(imageId);
        if (image == null || !image.visibleTo(r.account)) {
            throw notFound(List.of(imageId));
        }
        xml.element("imageId", image.id);
        switch (attribute) {
            case "description":
                xml.start("description").element("value", image.description).end();
                break;
            case "launchPermission":
                if (!image.ownerId.equals(r.account)) {
                    throw Ec2Error.of("AuthFailure", "Not authorized for image:" + imageId);
                }
                xml.start("launchPermission");
                if (image.isPublic) {
                    xml.start("item").element("group", "all").end();
                }
                for (String user : image.launchPermissions) {
                    xml.start("item").element("userId", user).end();
                }
                xml.end();
                break;
            case "blockDeviceMapping":
                xml.start("blockDeviceMapping");
                for (DeviceMapping m : image.mappings) {
                    m.writeTo(xml);
                }
                xml.end();
                break;
            case "sriovNetSupport":
                xml.start("sriovNetSupport").element("value", image.sriovNetSupport).end();
                break;
            case "productCodes":
                xml.start("productCodes").end();
                break;
            default:
                throw Ec2Error.invalidParameterValue("Value (" + attribute + ") for parameter attribute is invalid. Unknown attribute.");
        }
    }

    static void modifyImageAttribute(Request r, XmlWriter xml) {
        Image image = owned(r, r.params.required("ImageId"));
        QueryParams p = r.params;
        String description = p.has("Description.Value") ? p.get("Description.Value") : null;
        if (description == null && "description".equals(p.get("Attribute"))) {
            description = p.get("Value", "");
        }
        if (description != null) {
            image.description = description;
        }
        for (QueryParams add : p.members("LaunchPermission.Add")) {
            grant(image, add.get("UserId"), add.get("Group"), true);
        }
        for (QueryParams remove : p.members("LaunchPermission.Remove")) {
            grant(image, remove.get("UserId"), remove.get("Group"), false);
        }
        if ("launchPermission".equals(p.get("Attribute")) || p.has("OperationType")) {
            String op = p.get("OperationType", "add");
            if (!Arrays.asList("add", "remove").contains(op)) {
                throw Ec2Error.invalidValue(op, "OperationType");
            }
            for (String user : p.list("UserId")) {
                grant(image, user, null, "add".equals(op));
            }
            for (String group : p.list("UserGroup")) {
                grant(image, null, group, "add".equals(op));
            }
        }
        xml.element("return", true);
    }

    private static void grant(Image image, String userId, String group, boolean add) {
        if (group != null && !group.isEmpty()) {
            if (!"all".equals(group)) {
                throw Ec2Error.invalidValue(group, "UserGroup");
            }
            image.isPublic = add;
        }
        if (userId != null && !userId.isEmpty()) {
            if (!userId.matches("[0-9]{12}")) {
                throw Ec2Error.of("InvalidUserID.Malformed", "Invalid user id: \"" + userId + "\"");
            }
            if (add) {
                image.launchPermissions.add(userId);
            } else {
                image.launchPermissions.remove(userId);
            }
        }
    }
}
