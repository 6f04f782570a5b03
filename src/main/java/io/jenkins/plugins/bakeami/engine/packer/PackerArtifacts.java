package io.jenkins.plugins.bakeami.engine.packer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the artifacts from {@code artifact} lines as they arrive. An artifact is complete at its {@code end}
 * line; one cut short (a killed Packer) is dropped.
 */
public final class PackerArtifacts {

    private static final class Partial {
        String builderId = "";
        String id = "";
        String description = "";
        final List<String> files = new ArrayList<>();
    }

    private final Map<String, Partial> open = new LinkedHashMap<>();
    private final List<PackerArtifact> complete = new ArrayList<>();

    /** Parses all artifacts in raw machine-readable output (lines that are not are skipped). */
    public static List<PackerArtifact> parse(List<String> rawLines) {
        PackerArtifacts artifacts = new PackerArtifacts();
        for (String raw : rawLines) {
            MachineReadableLine.parse(raw).ifPresent(artifacts::accept);
        }
        return artifacts.all();
    }

    /** Takes one line; anything but an {@code artifact} line is ignored. */
    public synchronized void accept(MachineReadableLine line) {
        List<String> d = line.data();
        if (!line.type().equals("artifact") || d.size() < 2) {
            return;
        }
        int index;
        try {
            index = Integer.parseInt(d.get(0));
        } catch (NumberFormatException e) {
            return;
        }
        String key = line.target() + "\u0000" + index;
        Partial p = open.computeIfAbsent(key, k -> new Partial());
        String value = d.size() > 2 ? String.join(",", d.subList(2, d.size())) : "";
        switch (d.get(1)) {
            case "builder-id":
                p.builderId = value;
                break;
            case "id":
                p.id = value;
                break;
            case "string":
                p.description = value;
                break;
            case "file":
                // TARGET,artifact,I,file,N,NAME
                if (d.size() > 3) {
                    p.files.add(String.join(",", d.subList(3, d.size())));
                }
                break;
            case "end":
                open.remove(key);
                complete.add(new PackerArtifact(line.target(), index, p.builderId, p.id, p.description, p.files));
                break;
            default:
                break; // files-count, nil, ...: nothing we need
        }
    }

    /** The complete artifacts in the order Packer reported them. */
    public synchronized List<PackerArtifact> all() {
        return List.copyOf(complete);
    }

    /**
     * Per build target, its AMI ids by region, in Packer's order; targets without an AMI artifact are left out.
     * When several artifacts of one target name AMIs (a post-processor passing the builder's artifact on), the
     * regions are merged and the first id seen for a region is kept.
     */
    public synchronized Map<String, Map<String, String>> amiIdsByTarget() {
        Map<String, Map<String, String>> byTarget = new LinkedHashMap<>();
        for (PackerArtifact artifact : complete) {
            Map<String, String> amis = artifact.amiIdsByRegion();
            if (!amis.isEmpty()) {
                Map<String, String> regions = byTarget.computeIfAbsent(artifact.target(), t -> new LinkedHashMap<>());
                amis.forEach(regions::putIfAbsent);
            }
        }
        byTarget.replaceAll((t, regions) -> Collections.unmodifiableMap(regions));
        return Collections.unmodifiableMap(byTarget);
    }
}
