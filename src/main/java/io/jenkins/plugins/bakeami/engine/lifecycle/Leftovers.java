package io.jenkins.plugins.bakeami.engine.lifecycle;

import io.jenkins.plugins.bakeami.engine.packer.PackerResources;
import java.io.Serializable;
import java.util.List;

/**
 * What a sweep removes in one region: the builder resources of a Packer run (instances, key pairs, security groups by
 * id or by name) and the extra volumes of its instances, those that do not go with them (found by the sweep: Packer
 * never prints them). {@link PackerLeftovers} finds the resources by their shape; a bake's journal
 * ({@link BakeJournal}) records them as Packer announces them. Either hands them to {@link LeftoverSweep}.
 */
public record Leftovers(String region, PackerResources resources, List<String> volumeIds) implements Serializable {
    public Leftovers {
        volumeIds = List.copyOf(volumeIds);
    }

    public Leftovers(String region, PackerResources resources) {
        this(region, resources, List.of());
    }

    public boolean isEmpty() {
        return resources.isEmpty() && volumeIds.isEmpty();
    }

    /** E.g. {@code instance i-1, key pair packer_x, volume vol-2}; "none" when empty. */
    public String describe() {
        String volumes = String.join(", ", volumeIds.stream().map(v -> "volume " + v).toList());
        return resources.isEmpty() ? (volumes.isEmpty() ? "none" : volumes)
                : resources.describe() + (volumes.isEmpty() ? "" : ", " + volumes);
    }
}
