package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CreateImage (an image of an instance's volumes, with one new snapshot per EBS volume) and CopyImage (a copy in
 * the caller's region of an image of another region; {@code Encrypted} and {@code KmsKeyId} encrypt its snapshots,
 * {@code CopyImageTags} takes the source's tags, {@code ClientToken} makes a retry return the same copy). Both images
 * start pending and become available after their
 * delay, with their snapshots.
 */
final class ImageCreationActions {
    private ImageCreationActions() {}

    static void register(Map<String, Action> actions) {
        actions.put("CreateImage", ImageCreationActions::createImage);
        actions.put("CopyImage", ImageCreationActions::copyImage);
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
        ImageActions.checkName(name, r.account, region);

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
        String clientToken = r.params.get("ClientToken");
        String tokenKey = clientToken == null || clientToken.isEmpty() ? null : r.account + "|" + clientToken;
        if (tokenKey != null && r.here().copyTokens.containsKey(tokenKey)) {
            xml.element("imageId", r.here().copyTokens.get(tokenKey)); // a retry: the copy it made the first time
            return;
        }
        String name = r.params.get("Name");
        r.checkTagSpecificationTypes("image", "snapshot");
        if (!Ids.wellFormed(sourceImageId, "ami")) {
            throw Ec2Error.of("InvalidAMIID.Malformed", "Invalid id: \"" + sourceImageId + "\"");
        }
        RegionState sourceRegion = r.state.region(sourceRegionName);
        Image source = sourceRegion.images.get(sourceImageId);
        if (source == null || !source.visibleTo(r.account)) {
            throw ImageActions.notFound(List.of(sourceImageId));
        }
        if (!"available".equals(source.state)) {
            throw Ec2Error.of("IncorrectState", "Image " + sourceImageId + " is not in a valid state for this operation: " + source.state);
        }
        RegionState region = r.here();
        String copyName = name == null || name.isEmpty() ? source.name : name;
        ImageActions.checkName(copyName, r.account, region);

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
        Boolean encryptedParameter = r.params.bool("Encrypted");
        boolean encrypted = Boolean.TRUE.equals(encryptedParameter);
        String kmsKeyId = r.params.get("KmsKeyId");
        if (kmsKeyId != null && !kmsKeyId.isEmpty() && !encrypted) {
            throw Ec2Error.of("InvalidParameterDependency", "The parameter KmsKeyId requires the parameter Encrypted to be set.");
        }
        List<Snapshot> newSnapshots = new ArrayList<>();
        for (DeviceMapping m : source.mappings) {
            DeviceMapping c = m.copy();
            if (c.ebs && c.snapshotId != null) {
                if (Boolean.FALSE.equals(encryptedParameter) && Boolean.TRUE.equals(c.encrypted)) {
                    throw Ec2Error.of("InvalidRequest", "Snapshot " + c.snapshotId + " is encrypted. Creating an"
                            + " unencrypted copy from an encrypted snapshot is not supported.");
                }
                Snapshot s = new Snapshot(r.newId("snap"), r.account);
                s.volumeId = "vol-ffffffff";
                s.volumeSize = c.volumeSize == null ? 8 : c.volumeSize;
                s.encrypted = encrypted || Boolean.TRUE.equals(c.encrypted);
                // without a key named, EC2 takes the region's default key, which the emulator does not name
                s.kmsKeyId = encrypted && kmsKeyId != null && !kmsKeyId.isEmpty() ? kmsKeyId : null;
                s.startTime = r.instant();
                s.readyAt = copy.readyAt;
                s.description = "Copied for DestinationAmi " + copy.id + " from SourceAmi " + source.id
                        + " for SourceSnapshot " + c.snapshotId;
                region.snapshots.put(s.id, s);
                newSnapshots.add(s);
                c.snapshotId = s.id;
                c.encrypted = s.encrypted;
                c.kmsKeyId = s.kmsKeyId;
            }
            copy.mappings.add(c);
        }
        if (r.params.bool("CopyImageTags", false)) {
            for (Map.Entry<String, String> tag : source.tags.visibleTo(r.account).entrySet()) {
                copy.tags.put(r.account, tag.getKey(), tag.getValue());
            }
        }
        region.images.put(copy.id, copy);
        if (tokenKey != null) {
            region.copyTokens.put(tokenKey, copy.id);
        }
        r.applyTagSpecifications("image", List.of(copy));
        r.applyTagSpecifications("snapshot", newSnapshots);
        xml.element("imageId", copy.id);
    }
}
