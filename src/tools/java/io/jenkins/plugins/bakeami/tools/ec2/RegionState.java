package io.jenkins.plugins.bakeami.tools.ec2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one region holds. Maps are keyed by id, so iteration (and paging) is in id order. Only touched while
 * the {@link Ec2State} lock is held.
 */
final class RegionState {
    static final String[] ZONE_SUFFIXES = {"a", "b", "c"};

    final String name;
    final TreeMap<String, Image> images = new TreeMap<>();
    final TreeMap<String, Snapshot> snapshots = new TreeMap<>();
    final TreeMap<String, Volume> volumes = new TreeMap<>();
    final TreeMap<String, Instance> instances = new TreeMap<>();
    final TreeMap<String, SecurityGroup> securityGroups = new TreeMap<>();
    final TreeMap<String, KeyPair> keyPairs = new TreeMap<>();
    final TreeMap<String, LaunchTemplate> launchTemplates = new TreeMap<>();
    final Network.Vpc vpc;
    final TreeMap<String, Network.Subnet> subnets = new TreeMap<>();
    /** RunInstances ClientToken (account and token) to the reservation it launched, so a retried launch is not doubled. */
    final Map<String, String> launchTokens = new java.util.HashMap<>();
    /** CopyImage ClientToken (account and token) to the copy it made, so a retried copy is not doubled. */
    final Map<String, String> copyTokens = new java.util.HashMap<>();

    RegionState(String name) {
        this.name = name;
        this.vpc = new Network.Vpc(defaultVpcId(name), "");
        for (String suffix : ZONE_SUFFIXES) {
            addSubnet(defaultSubnetId(name, name + suffix), name + suffix, true);
        }
    }

    /** Adds a subnet to the default VPC (the default ones, or one a test or the demo names). */
    Network.Subnet addSubnet(String id, String zone, boolean defaultForAz) {
        Network.Subnet subnet = new Network.Subnet(id, "");
        subnet.vpcId = vpc.id;
        subnet.availabilityZone = zone;
        subnet.cidrBlock = "172.31." + (subnets.size() * 16 % 256) + ".0/20";
        subnet.defaultForAz = defaultForAz;
        subnets.put(subnet.id, subnet);
        return subnet;
    }

    /** The id of the default VPC of a region: the same on every start, derived from the region name. */
    static String defaultVpcId(String region) {
        return "vpc-" + hex17("vpc:" + region);
    }

    /** The id of the default subnet of an availability zone ({@code us-east-1a}); stable across starts. */
    static String defaultSubnetId(String region, String zone) {
        return "subnet-" + hex17("subnet:" + region + ":" + zone);
    }

    private static String hex17(String seed) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : hash) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.substring(0, 17);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    Network.Subnet defaultSubnet(String zone) {
        for (Network.Subnet s : subnets.values()) {
            if (s.defaultForAz && (zone == null || zone.isEmpty() || s.availabilityZone.equals(zone))) {
                return s;
            }
        }
        return null;
    }

    KeyPair keyPair(String owner, String keyName) {
        for (KeyPair k : keyPairs.values()) {
            if (k.ownerId.equals(owner) && k.name.equals(keyName)) {
                return k;
            }
        }
        return null;
    }

    /**
     * Moves every resource whose delay has passed into its next state, with the side effects EC2 has: a
     * terminated instance releases its volumes (deleting those marked delete-on-termination), a new image's
     * snapshots complete with it.
     */
    void settle(long now, Delays delays) {
        for (Instance i : instances.values()) {
            settle(i, now, delays);
        }
        for (Image image : images.values()) {
            if ("pending".equals(image.state) && now >= image.readyAt) {
                if (image.failWhenReady) {
                    image.state = "failed";
                    image.stateReasonCode = "Server.InternalError";
                    image.stateReasonMessage = "Server.InternalError: Internal error on launch";
                } else {
                    image.state = "available";
                }
            }
        }
        for (Snapshot s : snapshots.values()) {
            if ("pending".equals(s.state) && now >= s.readyAt) {
                s.state = "completed";
            }
        }
        for (Iterator<Map.Entry<String, Volume>> it = volumes.entrySet().iterator(); it.hasNext();) {
            Volume v = it.next().getValue();
            if ("creating".equals(v.state) && now >= v.readyAt) {
                v.state = v.attached() ? "in-use" : "available";
            } else if ("deleting".equals(v.state) && now >= v.readyAt) {
                it.remove();
            }
        }
    }

    private void settle(Instance i, long now, Delays delays) {
        boolean changed = true;
        while (changed) {
            changed = false;
            switch (i.state) {
                case "pending":
                    if (now >= i.stateSince + delays.instancePending().toMillis()) {
                        i.enter("running", i.stateSince + delays.instancePending().toMillis());
                        i.stateReasonCode = null;
                        i.stateReasonMessage = null;
                        changed = true;
                    }
                    break;
                case "stopping":
                    if (now >= i.stateSince + delays.instanceStopping().toMillis()) {
                        i.enter("stopped", i.stateSince + delays.instanceStopping().toMillis());
                        i.stateReasonCode = "Client.UserInitiatedShutdown";
                        i.stateReasonMessage = "Client.UserInitiatedShutdown: User initiated shutdown";
                        changed = true;
                    }
                    break;
                case "shutting-down":
                    if (now >= i.stateSince + delays.instanceShuttingDown().toMillis()) {
                        i.enter("terminated", i.stateSince + delays.instanceShuttingDown().toMillis());
                        releaseVolumes(i, i.stateSince);
                        changed = true;
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private void releaseVolumes(Instance instance, long at) {
        for (String volumeId : instance.volumeIds) {
            Volume v = volumes.get(volumeId);
            if (v == null || !instance.id.equals(v.instanceId)) {
                continue;
            }
            boolean delete = v.deleteOnTermination;
            v.instanceId = null;
            v.device = null;
            v.attachTime = null;
            if (delete) {
                volumes.remove(volumeId);
            } else {
                v.state = "available";
            }
        }
    }

    /** The resource with this id in this region, whatever its kind, or null. */
    Resource find(String id) {
        if (id == null) {
            return null;
        }
        Resource r = images.get(id);
        r = r != null ? r : snapshots.get(id);
        r = r != null ? r : volumes.get(id);
        r = r != null ? r : instances.get(id);
        r = r != null ? r : securityGroups.get(id);
        r = r != null ? r : keyPairs.get(id);
        r = r != null ? r : launchTemplates.get(id);
        r = r != null ? r : subnets.get(id);
        if (r == null && vpc.id.equals(id)) {
            r = vpc;
        }
        return r;
    }

    static String resourceType(Resource r) {
        if (r instanceof Image) {
            return "image";
        } else if (r instanceof Snapshot) {
            return "snapshot";
        } else if (r instanceof Volume) {
            return "volume";
        } else if (r instanceof Instance) {
            return "instance";
        } else if (r instanceof SecurityGroup) {
            return "security-group";
        } else if (r instanceof KeyPair) {
            return "key-pair";
        } else if (r instanceof LaunchTemplate) {
            return "launch-template";
        } else if (r instanceof Network.Subnet) {
            return "subnet";
        } else {
            return "vpc";
        }
    }
}
