package io.jenkins.plugins.bakeami.engine.lifecycle;

import io.jenkins.plugins.bakeami.engine.packer.PackerResources;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What a sweep by shape found in one region: each resource, removable or kept with the reason. */
public record SweepPlan(String region, Duration olderThan, Instant now, List<LeftoverResource> resources)
        implements Serializable {

    public SweepPlan {
        resources = List.copyOf(resources);
    }

    public List<LeftoverResource> removable() {
        return resources.stream().filter(LeftoverResource::removable).toList();
    }

    /** The removable resources, as the remover takes them. */
    public Leftovers leftovers() {
        List<String> instances = new ArrayList<>();
        List<String> keyPairs = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (LeftoverResource r : removable()) {
            switch (r.kind()) {
                case INSTANCE -> instances.add(r.id());
                case KEY_PAIR -> keyPairs.add(r.name());
                case SECURITY_GROUP -> groups.add(r.id());
            }
        }
        return new Leftovers(region, new PackerResources(instances, keyPairs, List.of(), groups, List.of()));
    }

    /** One row per resource: kind, id, name, created, age, and what the sweep does with it. */
    public List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add("Packer leftovers in " + region + " by their shape, older than " + Ages.format(olderThan) + ": "
                + removable().size() + " of " + resources.size() + " found");
        if (resources.isEmpty()) {
            return lines;
        }
        TextTable table = new TextTable("KIND", "ID", "NAME", "CREATED", "AGE", "ACTION");
        for (LeftoverResource r : resources) {
            table.row(r.kind().label(), r.id(), r.name(), String.valueOf(r.created()),
                    r.created() == null ? "?" : Ages.format(Duration.between(r.created(), now)),
                    r.removable() ? "remove" : "keep: " + r.keptBecause());
        }
        lines.addAll(table.lines());
        return lines;
    }
}
