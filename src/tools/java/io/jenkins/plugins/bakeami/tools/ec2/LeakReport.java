package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a build left behind, per region: instances not terminated, security groups, key pairs, volumes, images
 * still pending, and launch templates. A clean Packer build leaves none of these.
 */
public final class LeakReport {
    /**
     * One leftover resource.
     *
     * @param region  the region it is in
     * @param kind    instance, security-group, key-pair, volume, pending-image or launch-template
     * @param id      its id (the key name for a key pair)
     * @param ownerId the account that owns it
     * @param detail  its state or name
     */
    public record Leak(String region, String kind, String id, String ownerId, String detail) {
        @Override
        public String toString() {
            return region + " " + kind + " " + id + " (" + detail + ", owner " + ownerId + ")";
        }
    }

    private final List<Leak> leaks;

    LeakReport(List<Leak> leaks) {
        this.leaks = Collections.unmodifiableList(new ArrayList<>(leaks));
    }

    /** Builds the report of the current state. Call with the state lock held, after settling. */
    static LeakReport of(Ec2State state) {
        List<Leak> leaks = new ArrayList<>();
        for (RegionState r : state.regions().values()) {
            for (Instance i : r.instances.values()) {
                if (!"terminated".equals(i.state)) {
                    leaks.add(new Leak(r.name, "instance", i.id, i.ownerId, i.state));
                }
            }
            for (SecurityGroup g : r.securityGroups.values()) {
                leaks.add(new Leak(r.name, "security-group", g.id, g.ownerId, g.name));
            }
            for (KeyPair k : r.keyPairs.values()) {
                leaks.add(new Leak(r.name, "key-pair", k.name, k.ownerId, k.id));
            }
            for (Volume v : r.volumes.values()) {
                leaks.add(new Leak(r.name, "volume", v.id, v.ownerId, v.state));
            }
            for (Image image : r.images.values()) {
                if ("pending".equals(image.state)) {
                    leaks.add(new Leak(r.name, "pending-image", image.id, image.ownerId, image.name));
                }
            }
            for (LaunchTemplate t : r.launchTemplates.values()) {
                leaks.add(new Leak(r.name, "launch-template", t.id, t.ownerId, t.name));
            }
        }
        return new LeakReport(leaks);
    }

    public List<Leak> leaks() {
        return leaks;
    }

    public boolean isEmpty() {
        return leaks.isEmpty();
    }

    /** The leftovers of one kind. */
    public List<Leak> leaks(String kind) {
        List<Leak> out = new ArrayList<>();
        for (Leak l : leaks) {
            if (l.kind().equals(kind)) {
                out.add(l);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        if (leaks.isEmpty()) {
            return "no leaks";
        }
        StringBuilder s = new StringBuilder(leaks.size() + " leaked resource(s):");
        for (Leak l : leaks) {
            s.append("\n  ").append(l);
        }
        return s.toString();
    }
}
