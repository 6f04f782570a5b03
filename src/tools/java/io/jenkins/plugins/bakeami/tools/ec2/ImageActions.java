package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** DescribeImages, DeregisterImage, DescribeImageAttribute, ModifyImageAttribute. */
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
