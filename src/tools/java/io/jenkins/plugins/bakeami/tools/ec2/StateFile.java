package io.jenkins.plugins.bakeami.tools.ec2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves every region's resources to a JSON file and loads them back, so the standalone emulator keeps its AMIs
 * across a restart. The file is replaced atomically (written beside, then moved), so a crash never leaves half a
 * state behind. No secret is in it: EC2 keeps none, and neither does the emulator.
 */
final class StateFile {
    private static final long VERSION = 1;

    private StateFile() {}

    /** Writes the state. Call with the state lock held. */
    static void save(Ec2State state, Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", VERSION);
        root.put("idsDrawn", state.ids.drawn());
        Map<String, Object> regions = new LinkedHashMap<>();
        for (RegionState r : state.regions().values()) {
            regions.put(r.name, region(r));
        }
        root.put("regions", regions);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, Json.write(root), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Replaces the regions the file holds with their saved content. Call with the state lock held. */
    @SuppressWarnings("unchecked")
    static void load(Ec2State state, Path file) throws IOException {
        Map<String, Object> root;
        try {
            root = (Map<String, Object>) Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new IllegalArgumentException("state file " + file + " is not an emulator state: " + e.getMessage(), e);
        }
        if (!Long.valueOf(VERSION).equals(root.get("version"))) {
            throw new IllegalArgumentException("state file " + file + " has version " + root.get("version") + ", expected " + VERSION);
        }
        try {
            state.ids.advanceTo(((Number) root.get("idsDrawn")).longValue());
            Map<String, Object> regions = (Map<String, Object>) root.get("regions");
            for (Map.Entry<String, Object> e : regions.entrySet()) {
                loadRegion(state, state.region(e.getKey()), (Map<String, Object>) e.getValue());
            }
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("state file " + file + " is damaged: " + e, e);
        }
    }

    private static Map<String, Object> region(RegionState r) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> images = new ArrayList<>();
        for (Image i : r.images.values()) {
            Map<String, Object> o = resource(i);
            o.put("name", i.name);
            o.put("description", i.description);
            o.put("state", i.state);
            o.put("stateReasonCode", i.stateReasonCode);
            o.put("stateReasonMessage", i.stateReasonMessage);
            o.put("creationDate", text(i.creationDate));
            o.put("readyAt", i.readyAt);
            o.put("failWhenReady", i.failWhenReady);
            o.put("architecture", i.architecture);
            o.put("virtualizationType", i.virtualizationType);
            o.put("rootDeviceType", i.rootDeviceType);
            o.put("rootDeviceName", i.rootDeviceName);
            o.put("hypervisor", i.hypervisor);
            o.put("imageType", i.imageType);
            o.put("platformDetails", i.platformDetails);
            o.put("usageOperation", i.usageOperation);
            o.put("enaSupport", i.enaSupport);
            o.put("sriovNetSupport", i.sriovNetSupport);
            o.put("public", i.isPublic);
            o.put("launchPermissions", new ArrayList<>(i.launchPermissions));
            o.put("sourceInstanceId", i.sourceInstanceId);
            o.put("sourceImageId", i.sourceImageId);
            o.put("sourceRegion", i.sourceRegion);
            List<Object> mappings = new ArrayList<>();
            for (DeviceMapping d : i.mappings) {
                Map<String, Object> dm = new LinkedHashMap<>();
                dm.put("deviceName", d.deviceName);
                dm.put("virtualName", d.virtualName);
                dm.put("noDevice", d.noDevice);
                dm.put("ebs", d.ebs);
                dm.put("snapshotId", d.snapshotId);
                dm.put("volumeSize", d.volumeSize == null ? null : (long) d.volumeSize);
                dm.put("volumeType", d.volumeType);
                dm.put("deleteOnTermination", d.deleteOnTermination);
                dm.put("encrypted", d.encrypted);
                dm.put("kmsKeyId", d.kmsKeyId);
                dm.put("iops", d.iops == null ? null : (long) d.iops);
                mappings.add(dm);
            }
            o.put("mappings", mappings);
            images.add(o);
        }
        m.put("images", images);
        List<Object> snapshots = new ArrayList<>();
        for (Snapshot s : r.snapshots.values()) {
            Map<String, Object> o = resource(s);
            o.put("volumeId", s.volumeId);
            o.put("volumeSize", (long) s.volumeSize);
            o.put("state", s.state);
            o.put("startTime", text(s.startTime));
            o.put("readyAt", s.readyAt);
            o.put("description", s.description);
            o.put("encrypted", s.encrypted);
            o.put("kmsKeyId", s.kmsKeyId);
            o.put("public", s.isPublic);
            o.put("createVolumePermissions", new ArrayList<>(s.createVolumePermissions));
            snapshots.add(o);
        }
        m.put("snapshots", snapshots);
        List<Object> volumes = new ArrayList<>();
        for (Volume v : r.volumes.values()) {
            Map<String, Object> o = resource(v);
            o.put("size", (long) v.size);
            o.put("volumeType", v.volumeType);
            o.put("snapshotId", v.snapshotId);
            o.put("availabilityZone", v.availabilityZone);
            o.put("encrypted", v.encrypted);
            o.put("iops", v.iops == null ? null : (long) v.iops);
            o.put("state", v.state);
            o.put("createTime", text(v.createTime));
            o.put("readyAt", v.readyAt);
            o.put("instanceId", v.instanceId);
            o.put("device", v.device);
            o.put("deleteOnTermination", v.deleteOnTermination);
            o.put("attachTime", text(v.attachTime));
            volumes.add(o);
        }
        m.put("volumes", volumes);
        List<Object> instances = new ArrayList<>();
        for (Instance i : r.instances.values()) {
            Map<String, Object> o = resource(i);
            o.put("reservationId", i.reservationId);
            o.put("imageId", i.imageId);
            o.put("instanceType", i.instanceType);
            o.put("keyName", i.keyName);
            o.put("subnetId", i.subnetId);
            o.put("vpcId", i.vpcId);
            o.put("availabilityZone", i.availabilityZone);
            o.put("tenancy", i.tenancy);
            o.put("privateIpAddress", i.privateIpAddress);
            o.put("architecture", i.architecture);
            o.put("virtualizationType", i.virtualizationType);
            o.put("rootDeviceType", i.rootDeviceType);
            o.put("rootDeviceName", i.rootDeviceName);
            o.put("shutdownBehavior", i.shutdownBehavior);
            o.put("ebsOptimized", i.ebsOptimized);
            o.put("launchTime", text(i.launchTime));
            o.put("securityGroupIds", new ArrayList<>(i.securityGroupIds));
            o.put("volumeIds", new ArrayList<>(i.volumeIds));
            o.put("state", i.state);
            o.put("stateSince", i.stateSince);
            o.put("reason", i.reason);
            o.put("stateReasonCode", i.stateReasonCode);
            o.put("stateReasonMessage", i.stateReasonMessage);
            instances.add(o);
        }
        m.put("instances", instances);
        List<Object> groups = new ArrayList<>();
        for (SecurityGroup g : r.securityGroups.values()) {
            Map<String, Object> o = resource(g);
            o.put("name", g.name);
            o.put("description", g.description);
            o.put("vpcId", g.vpcId);
            List<Object> rules = new ArrayList<>();
            for (SecurityGroup.Rule rule : g.ingress) {
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("protocol", rule.protocol);
                rm.put("fromPort", rule.fromPort == null ? null : (long) rule.fromPort);
                rm.put("toPort", rule.toPort == null ? null : (long) rule.toPort);
                rm.put("cidr", rule.cidr);
                rm.put("sourceGroupId", rule.sourceGroupId);
                rules.add(rm);
            }
            o.put("ingress", rules);
            groups.add(o);
        }
        m.put("securityGroups", groups);
        List<Object> keys = new ArrayList<>();
        for (KeyPair k : r.keyPairs.values()) {
            Map<String, Object> o = resource(k);
            o.put("name", k.name);
            o.put("fingerprint", k.fingerprint);
            o.put("keyType", k.keyType);
            o.put("createTime", text(k.createTime));
            o.put("publicKey", k.publicKey);
            keys.add(o);
        }
        m.put("keyPairs", keys);
        List<Object> subnets = new ArrayList<>();
        for (Network.Subnet s : r.subnets.values()) {
            if (!s.defaultForAz) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", s.id);
                o.put("availabilityZone", s.availabilityZone);
                subnets.add(o);
            }
        }
        m.put("extraSubnets", subnets);
        m.put("launchTokens", new LinkedHashMap<>(r.launchTokens));
        m.put("copyTokens", new LinkedHashMap<>(r.copyTokens));
        return m;
    }

    private static Map<String, Object> resource(Resource r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", r.id);
        o.put("ownerId", r.ownerId);
        o.put("tags", r.tags.all());
        return o;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    @SuppressWarnings("unchecked")
    private static void loadRegion(Ec2State state, RegionState r, Map<String, Object> m) {
        r.images.clear();
        r.snapshots.clear();
        r.volumes.clear();
        r.instances.clear();
        r.securityGroups.clear();
        r.keyPairs.clear();
        for (Map<String, Object> o : list(m, "images")) {
            Image i = new Image(str(o, "id"), str(o, "ownerId"));
            i.name = str(o, "name");
            i.description = str(o, "description");
            i.state = str(o, "state");
            i.stateReasonCode = str(o, "stateReasonCode");
            i.stateReasonMessage = str(o, "stateReasonMessage");
            i.creationDate = instant(o, "creationDate");
            i.readyAt = num(o, "readyAt");
            i.failWhenReady = bool(o, "failWhenReady");
            i.architecture = str(o, "architecture");
            i.virtualizationType = str(o, "virtualizationType");
            i.rootDeviceType = str(o, "rootDeviceType");
            i.rootDeviceName = str(o, "rootDeviceName");
            i.hypervisor = str(o, "hypervisor");
            i.imageType = str(o, "imageType");
            i.platformDetails = str(o, "platformDetails");
            i.usageOperation = str(o, "usageOperation");
            i.enaSupport = bool(o, "enaSupport");
            i.sriovNetSupport = str(o, "sriovNetSupport");
            i.isPublic = bool(o, "public");
            i.launchPermissions.addAll((List<String>) o.get("launchPermissions"));
            i.sourceInstanceId = str(o, "sourceInstanceId");
            i.sourceImageId = str(o, "sourceImageId");
            i.sourceRegion = str(o, "sourceRegion");
            for (Map<String, Object> dm : list(o, "mappings")) {
                DeviceMapping d = new DeviceMapping();
                d.deviceName = str(dm, "deviceName");
                d.virtualName = str(dm, "virtualName");
                d.noDevice = bool(dm, "noDevice");
                d.ebs = bool(dm, "ebs");
                d.snapshotId = str(dm, "snapshotId");
                d.volumeSize = integer(dm, "volumeSize");
                d.volumeType = str(dm, "volumeType");
                d.deleteOnTermination = (Boolean) dm.get("deleteOnTermination");
                d.encrypted = (Boolean) dm.get("encrypted");
                d.kmsKeyId = str(dm, "kmsKeyId");
                d.iops = integer(dm, "iops");
                i.mappings.add(d);
            }
            tags(i, o);
            r.images.put(i.id, i);
            state.ids.reserve(i.id);
        }
        for (Map<String, Object> o : list(m, "snapshots")) {
            Snapshot s = new Snapshot(str(o, "id"), str(o, "ownerId"));
            s.volumeId = str(o, "volumeId");
            s.volumeSize = integer(o, "volumeSize");
            s.state = str(o, "state");
            s.startTime = instant(o, "startTime");
            s.readyAt = num(o, "readyAt");
            s.description = str(o, "description");
            s.encrypted = bool(o, "encrypted");
            s.kmsKeyId = str(o, "kmsKeyId");
            s.isPublic = bool(o, "public");
            s.createVolumePermissions.addAll((List<String>) o.get("createVolumePermissions"));
            tags(s, o);
            r.snapshots.put(s.id, s);
            state.ids.reserve(s.id);
        }
        for (Map<String, Object> o : list(m, "volumes")) {
            Volume v = new Volume(str(o, "id"), str(o, "ownerId"));
            v.size = integer(o, "size");
            v.volumeType = str(o, "volumeType");
            v.snapshotId = str(o, "snapshotId");
            v.availabilityZone = str(o, "availabilityZone");
            v.encrypted = bool(o, "encrypted");
            v.iops = integer(o, "iops");
            v.state = str(o, "state");
            v.createTime = instant(o, "createTime");
            v.readyAt = num(o, "readyAt");
            v.instanceId = str(o, "instanceId");
            v.device = str(o, "device");
            v.deleteOnTermination = bool(o, "deleteOnTermination");
            v.attachTime = instant(o, "attachTime");
            tags(v, o);
            r.volumes.put(v.id, v);
            state.ids.reserve(v.id);
        }
        for (Map<String, Object> o : list(m, "instances")) {
            Instance i = new Instance(str(o, "id"), str(o, "ownerId"));
            i.reservationId = str(o, "reservationId");
            i.imageId = str(o, "imageId");
            i.instanceType = str(o, "instanceType");
            i.keyName = str(o, "keyName");
            i.subnetId = str(o, "subnetId");
            i.vpcId = str(o, "vpcId");
            i.availabilityZone = str(o, "availabilityZone");
            i.tenancy = str(o, "tenancy");
            i.privateIpAddress = str(o, "privateIpAddress");
            i.architecture = str(o, "architecture");
            i.virtualizationType = str(o, "virtualizationType");
            i.rootDeviceType = str(o, "rootDeviceType");
            i.rootDeviceName = str(o, "rootDeviceName");
            i.shutdownBehavior = str(o, "shutdownBehavior");
            i.ebsOptimized = bool(o, "ebsOptimized");
            i.launchTime = instant(o, "launchTime");
            i.securityGroupIds.addAll((List<String>) o.get("securityGroupIds"));
            i.volumeIds.addAll((List<String>) o.get("volumeIds"));
            i.state = str(o, "state");
            i.stateSince = num(o, "stateSince");
            i.reason = str(o, "reason");
            i.stateReasonCode = str(o, "stateReasonCode");
            i.stateReasonMessage = str(o, "stateReasonMessage");
            tags(i, o);
            r.instances.put(i.id, i);
            state.ids.reserve(i.id);
        }
        for (Map<String, Object> o : list(m, "securityGroups")) {
            SecurityGroup g = new SecurityGroup(str(o, "id"), str(o, "ownerId"));
            g.name = str(o, "name");
            g.description = str(o, "description");
            g.vpcId = str(o, "vpcId");
            for (Map<String, Object> rm : list(o, "ingress")) {
                g.ingress.add(new SecurityGroup.Rule(str(rm, "protocol"), integer(rm, "fromPort"), integer(rm, "toPort"),
                        str(rm, "cidr"), str(rm, "sourceGroupId")));
            }
            tags(g, o);
            r.securityGroups.put(g.id, g);
            state.ids.reserve(g.id);
        }
        for (Map<String, Object> o : list(m, "keyPairs")) {
            KeyPair k = new KeyPair(str(o, "id"), str(o, "ownerId"), str(o, "name"));
            k.fingerprint = str(o, "fingerprint");
            k.keyType = str(o, "keyType");
            k.createTime = instant(o, "createTime");
            k.publicKey = str(o, "publicKey");
            tags(k, o);
            r.keyPairs.put(k.id, k);
            state.ids.reserve(k.id);
        }
        for (Map<String, Object> o : list(m, "extraSubnets")) {
            if (!r.subnets.containsKey(str(o, "id"))) {
                r.addSubnet(str(o, "id"), str(o, "availabilityZone"), false);
            }
        }
        for (Map.Entry<String, Object> e : ((Map<String, Object>) m.get("launchTokens")).entrySet()) {
            r.launchTokens.put(e.getKey(), (String) e.getValue());
        }
        // absent from the files of versions before copies had tokens
        for (Map.Entry<String, Object> e : ((Map<String, Object>) m.getOrDefault("copyTokens", Map.of())).entrySet()) {
            r.copyTokens.put(e.getKey(), (String) e.getValue());
        }
    }

    @SuppressWarnings("unchecked")
    private static void tags(Resource r, Map<String, Object> o) {
        Map<String, Object> byAccount = (Map<String, Object>) o.get("tags");
        for (Map.Entry<String, Object> account : byAccount.entrySet()) {
            for (Map.Entry<String, Object> tag : ((Map<String, Object>) account.getValue()).entrySet()) {
                r.tags.put(account.getKey(), tag.getKey(), (String) tag.getValue());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> o, String key) {
        return (List<Map<String, Object>>) o.get(key);
    }

    private static String str(Map<String, Object> o, String key) {
        return (String) o.get(key);
    }

    private static boolean bool(Map<String, Object> o, String key) {
        return Boolean.TRUE.equals(o.get(key));
    }

    private static long num(Map<String, Object> o, String key) {
        return ((Number) o.get(key)).longValue();
    }

    private static Integer integer(Map<String, Object> o, String key) {
        Object v = o.get(key);
        return v == null ? null : ((Number) v).intValue();
    }

    private static Instant instant(Map<String, Object> o, String key) {
        String v = (String) o.get(key);
        return v == null ? null : Instant.parse(v);
    }
}
