package io.jenkins.plugins.bakeami.engine.lifecycle;

import java.io.Serializable;
import java.time.Instant;

/**
 * A resource that looks like one Packer's amazon builders create.
 *
 * @param id      the instance or group id, the key pair's id
 * @param name    the key pair or group name, the instance's Name tag
 * @param created when it was created (for a group: the time in its name, as EC2 keeps none); null when unknown
 * @param keptBecause why the sweep leaves it alone, or null when it is old enough to remove
 */
public record LeftoverResource(Kind kind, String id, String name, Instant created, String keptBecause)
        implements Serializable {

    public enum Kind {
        INSTANCE("instance"), SECURITY_GROUP("security group"), KEY_PAIR("key pair");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean removable() {
        return keptBecause == null;
    }
}
