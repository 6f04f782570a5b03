package io.jenkins.plugins.bakeami.tools.ec2;

/**
 * A block device mapping of an image or a launch request: a device name with either an EBS volume (from a snapshot,
 * or empty), an instance-store {@code virtualName}, or {@code noDevice} (suppressed).
 */
final class DeviceMapping {
    String deviceName;
    String virtualName;
    boolean noDevice;
    boolean ebs;
    String snapshotId;
    Integer volumeSize;
    String volumeType;
    Boolean deleteOnTermination;
    Boolean encrypted;
    /** The KMS key of an encrypted volume's snapshot, when one was named (CopyImage's KmsKeyId). */
    String kmsKeyId;
    Integer iops;

    static DeviceMapping ebs(String deviceName, String snapshotId, int volumeSize) {
        DeviceMapping m = new DeviceMapping();
        m.deviceName = deviceName;
        m.ebs = true;
        m.snapshotId = snapshotId;
        m.volumeSize = volumeSize;
        m.volumeType = "gp2";
        m.deleteOnTermination = Boolean.TRUE;
        m.encrypted = Boolean.FALSE;
        return m;
    }

    /** Reads a {@code BlockDeviceMapping.N} structure of a request. */
    static DeviceMapping parse(QueryParams p) {
        DeviceMapping m = new DeviceMapping();
        m.deviceName = p.get("DeviceName");
        if (m.deviceName == null || m.deviceName.isEmpty()) {
            throw Ec2Error.missingParameter("BlockDeviceMapping.DeviceName");
        }
        m.virtualName = p.get("VirtualName");
        m.noDevice = p.has("NoDevice");
        QueryParams ebs = p.scope("Ebs");
        if (!ebs.isEmpty()) {
            m.ebs = true;
            m.snapshotId = emptyToNull(ebs.get("SnapshotId"));
            m.volumeSize = ebs.integer("VolumeSize");
            m.volumeType = emptyToNull(ebs.get("VolumeType"));
            m.deleteOnTermination = ebs.bool("DeleteOnTermination");
            m.encrypted = ebs.bool("Encrypted");
            m.iops = ebs.integer("Iops");
            if (m.volumeSize != null && (m.volumeSize < 1 || m.volumeSize > 16384)) {
                throw Ec2Error.invalidParameterValue("Volume of " + m.volumeSize + "GiB is outside the allowed range 1-16384.");
            }
        }
        return m;
    }

    DeviceMapping copy() {
        DeviceMapping m = new DeviceMapping();
        m.deviceName = deviceName;
        m.virtualName = virtualName;
        m.noDevice = noDevice;
        m.ebs = ebs;
        m.snapshotId = snapshotId;
        m.volumeSize = volumeSize;
        m.volumeType = volumeType;
        m.deleteOnTermination = deleteOnTermination;
        m.encrypted = encrypted;
        m.kmsKeyId = kmsKeyId;
        m.iops = iops;
        return m;
    }

    /** Takes over what a request's mapping for the same device states. */
    void override(DeviceMapping request) {
        if (request.snapshotId != null) {
            snapshotId = request.snapshotId;
        }
        if (request.volumeSize != null) {
            volumeSize = request.volumeSize;
        }
        if (request.volumeType != null) {
            volumeType = request.volumeType;
        }
        if (request.deleteOnTermination != null) {
            deleteOnTermination = request.deleteOnTermination;
        }
        if (request.encrypted != null) {
            encrypted = request.encrypted;
        }
        if (request.iops != null) {
            iops = request.iops;
        }
    }

    void writeTo(XmlWriter xml) {
        xml.start("item").element("deviceName", deviceName);
        if (virtualName != null) {
            xml.element("virtualName", virtualName);
        }
        if (ebs) {
            xml.start("ebs");
            xml.element("snapshotId", snapshotId);
            xml.element("volumeSize", volumeSize);
            xml.element("deleteOnTermination", deleteOnTermination == null ? Boolean.TRUE : deleteOnTermination);
            xml.element("volumeType", volumeType == null ? "gp2" : volumeType);
            xml.element("iops", iops);
            xml.element("encrypted", encrypted == null ? Boolean.FALSE : encrypted);
            xml.element("kmsKeyId", kmsKeyId);
            xml.end();
        }
        if (noDevice) {
            xml.element("noDevice", "");
        }
        xml.end();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
