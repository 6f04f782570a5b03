package io.jenkins.plugins.bakeami.engine.lifecycle;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a prune decided and did, AMI by AMI: kept (with the reasons), deleted (with the snapshots and the GiB they
 * held), or failed; and the regions that could not be searched. Printed as a table; given to a pipeline as a map of
 * plain values.
 */
public final class PruneReport implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Verdict { KEPT, WOULD_DELETE, DELETED, FAILED }

    /** A snapshot of a deleted AMI: its size (the volume size, GiB), and whether it was deleted. */
    public record Snapshot(String snapshotId, int sizeGiB, boolean deleted, String error) implements Serializable {}

    /** A region where the family could not be searched or its use checked: nothing was deleted there. */
    public record RegionFailure(String region, String error) implements Serializable {}

    /** One AMI of the family in one region. {@code error}: why its deregistration failed (FAILED only). */
    public record Decision(String region, String imageId, String name, Instant created, Verdict verdict,
            List<String> reasons, List<Snapshot> snapshots, String error) implements Serializable {
        public Decision {
            reasons = List.copyOf(reasons);
            snapshots = List.copyOf(snapshots);
        }

        /** The GiB freed (or, in a dry run, that would be). */
        public int gib() {
            return snapshots.stream().filter(s -> verdict == Verdict.WOULD_DELETE || s.deleted())
                    .mapToInt(Snapshot::sizeGiB).sum();
        }
    }

    private final String family;
    private final String policy;
    private final boolean dryRun;
    private final List<Decision> decisions;
    private final List<RegionFailure> regionFailures;

    public PruneReport(String family, String policy, boolean dryRun, List<Decision> decisions,
            List<RegionFailure> regionFailures) {
        this.family = family;
        this.policy = policy;
        this.dryRun = dryRun;
        this.decisions = List.copyOf(decisions);
        this.regionFailures = List.copyOf(regionFailures);
    }

    public String family() {
        return family;
    }

    /** E.g. {@code keep 3, min age 7d, shared and public AMIs kept}. */
    public String policy() {
        return policy;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public List<Decision> decisions() {
        return decisions;
    }

    public List<Decision> kept() {
        return only(Verdict.KEPT);
    }

    /** Deleted, or in a dry run the ones that would be. */
    public List<Decision> deleted() {
        return only(dryRun ? Verdict.WOULD_DELETE : Verdict.DELETED);
    }

    /** The AMIs whose deregistration failed. */
    public List<Decision> failed() {
        return only(Verdict.FAILED);
    }

    public List<RegionFailure> regionFailures() {
        return regionFailures;
    }

    /** Anything that should have been removed and was not: an AMI, a snapshot of a deleted AMI, a region. */
    public List<String> failures() {
        List<String> failures = new ArrayList<>();
        regionFailures.forEach(f -> failures.add(f.region() + ": " + f.error()));
        for (Decision d : decisions) {
            if (d.verdict() == Verdict.FAILED) {
                failures.add(d.region() + " " + d.imageId() + ": " + d.error());
            }
            for (Snapshot s : d.snapshots()) {
                if (s.error() != null) {
                    failures.add(d.region() + " " + s.snapshotId() + " (of " + d.imageId() + "): " + s.error());
                }
            }
        }
        return failures;
    }

    public int gibFreed() {
        return decisions.stream().mapToInt(Decision::gib).sum();
    }

    /** The table every run prints: a heading, one row per AMI, a total, then each failure. */
    public List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add("Family " + family + ": " + policy + (dryRun ? " (dry run: nothing is deleted)" : ""));
        if (decisions.isEmpty()) {
            lines.add("No AMI of this family" + (regionFailures.isEmpty() ? "" : " in the regions searched"));
        } else {
            TextTable table = new TextTable("REGION", "AMI", "CREATED", "ACTION", "SNAPSHOTS", "GiB", "REASON");
            for (Decision d : decisions) {
                List<String> snapshotIds = d.snapshots().stream().map(Snapshot::snapshotId).toList();
                table.row(d.region(), d.imageId(), String.valueOf(d.created()), action(d.verdict()),
                        snapshotIds.isEmpty() ? "-" : String.join(",", snapshotIds),
                        d.verdict() == Verdict.KEPT ? "-" : String.valueOf(d.gib()),
                        d.verdict() == Verdict.FAILED ? d.error() : String.join("; ", d.reasons()));
            }
            lines.addAll(table.lines());
        }
        int snapshots = deleted().stream().mapToInt(d -> (int) d.snapshots().stream()
                .filter(s -> dryRun || s.deleted()).count()).sum();
        lines.add((dryRun ? "Would delete " : "Deleted ") + deleted().size() + " AMI(s) and " + snapshots
                + " snapshot(s), " + gibFreed() + " GiB" + (dryRun ? " would be" : "") + " freed; kept "
                + kept().size() + "; failed " + failures().size());
        failures().forEach(f -> lines.add("FAILED: " + f));
        return lines;
    }

    private static String action(Verdict verdict) {
        return switch (verdict) {
            case KEPT -> "kept";
            case WOULD_DELETE -> "would delete";
            case DELETED -> "deleted";
            case FAILED -> "FAILED";
        };
    }

    /**
     * The report as plain values (maps, lists, strings, numbers, booleans) for a pipeline: {@code family},
     * {@code dryRun}, {@code kept} (region, imageId, name, created, reasons), {@code deleted} (region, imageId,
     * name, created, snapshots, gib; in a dry run what would be deleted), {@code failed} (region, imageId or
     * snapshotId, error), {@code gibFreed}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("family", family);
        map.put("dryRun", dryRun);
        List<Object> kept = new ArrayList<>();
        for (Decision d : kept()) {
            Map<String, Object> entry = ami(d);
            entry.put("reasons", new ArrayList<>(d.reasons()));
            kept.add(entry);
        }
        map.put("kept", kept);
        List<Object> deleted = new ArrayList<>();
        for (Decision d : deleted()) {
            Map<String, Object> entry = ami(d);
            entry.put("snapshots", new ArrayList<>(d.snapshots().stream()
                    .filter(s -> dryRun || s.deleted()).map(Snapshot::snapshotId).toList()));
            entry.put("gib", d.gib());
            deleted.add(entry);
        }
        map.put("deleted", deleted);
        List<Object> failed = new ArrayList<>();
        for (RegionFailure f : regionFailures) {
            failed.add(failure(f.region(), null, null, f.error()));
        }
        for (Decision d : decisions) {
            if (d.verdict() == Verdict.FAILED) {
                failed.add(failure(d.region(), "imageId", d.imageId(), d.error()));
            }
            for (Snapshot s : d.snapshots()) {
                if (s.error() != null) {
                    failed.add(failure(d.region(), "snapshotId", s.snapshotId(), s.error()));
                }
            }
        }
        map.put("failed", failed);
        map.put("gibFreed", gibFreed());
        return map;
    }

    private static Map<String, Object> ami(Decision d) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("region", d.region());
        entry.put("imageId", d.imageId());
        entry.put("name", d.name());
        entry.put("created", String.valueOf(d.created()));
        return entry;
    }

    private static Map<String, Object> failure(String region, String idKey, String id, String error) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("region", region);
        if (idKey != null) {
            entry.put(idKey, id);
        }
        entry.put("error", error);
        return entry;
    }

    private List<Decision> only(Verdict verdict) {
        return decisions.stream().filter(d -> d.verdict() == verdict).toList();
    }
}
