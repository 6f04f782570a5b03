package io.jenkins.plugins.bakeami.engine.lifecycle;

import io.jenkins.plugins.bakeami.engine.packer.PackerResources;
import java.io.Serializable;

/**
 * What a sweep removes in one region: the builder resources of a Packer run (instances, key pairs, security groups by
 * id or by name). {@link PackerLeftovers} finds them by their shape; a bake's journal, which records the same
 * {@link PackerResources} as Packer announces them, can hand them to {@link LeftoverSweep#remove} the same way.
 */
public record Leftovers(String region, PackerResources resources) implements Serializable {
    public boolean isEmpty() {
        return resources.isEmpty();
    }
}
