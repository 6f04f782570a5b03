package io.jenkins.plugins.bakeami.engine.lifecycle;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.bake.BakeException;
import io.jenkins.plugins.bakeami.engine.bake.Cancel;
import io.jenkins.plugins.bakeami.engine.lifecycle.PruneReport.Decision;
import io.jenkins.plugins.bakeami.engine.lifecycle.PruneReport.Snapshot;
import io.jenkins.plugins.bakeami.engine.lifecycle.PruneReport.Verdict;
import io.jenkins.plugins.bakeami.engine.registry.AmiFamily;
import io.jenkins.plugins.bakeami.engine.registry.AmiRegistry;
import io.jenkins.plugins.bakeami.engine.registry.FoundAmi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;

/**
 * The family's AMIs in one region and what becomes of each. Kept: the newest {@code keep} available ones, the one
 * the current checksum resolves to, those younger than {@code minAge}, those not available (a bake may be creating
 * one), those an instance that is not terminated or a launch template ({@code $Default}, {@code $Latest}) uses, and,
 * unless {@code includeShared}, public and shared ones. Every other AMI is deregistered, then the snapshots of its
 * block device mappings that the account owns are deleted.
 */
final class FamilyInRegion {
    private static final int FILTER_VALUES = 200;
    // Newest first; images created in the same second are ordered by id, as the checksum lookup orders them.
    private static final Comparator<Image> NEWEST_FIRST = Comparator.comparing(FamilyInRegion::created)
            .thenComparing(Image::imageId).reversed();

    private final Ec2Client ec2;
    private final Ec2Target target;
    private final PruneRequest request;
    private final Instant now;
    private final Consumer<String> log;

    FamilyInRegion(Ec2Client ec2, Ec2Target target, PruneRequest request, Instant now,
            Consumer<String> log) {
        this.ec2 = ec2;
        this.target = target;
        this.request = request;
        this.now = now;
        this.log = log;
    }

    List<Decision> prune() throws InterruptedException {
        List<Image> images = familyImages();
        if (images.isEmpty()) {
            return List.of();
        }
        log.accept(target.region() + ": " + images.size() + " AMI(s) of family " + request.family());
        Map<String, List<String>> reasons = reasonsToKeep(images);
        List<Image> doomed = images.stream().filter(i -> reasons.get(i.imageId()).isEmpty()).toList();
        Map<String, Integer> ownSnapshots = ownSnapshotSizes(doomed);
        List<Decision> decisions = new ArrayList<>();
        for (Image image : images) {
            List<Snapshot> snapshots = snapshotsOf(image, ownSnapshots);
            if (!reasons.get(image.imageId()).isEmpty()) {
                decisions.add(decision(image, Verdict.KEPT, reasons.get(image.imageId()), List.of(), null));
            } else if (request.dryRun()) {
                decisions.add(decision(image, Verdict.WOULD_DELETE, List.of(), snapshots, null));
            } else {
                decisions.add(delete(image, snapshots));
            }
        }
        return decisions;
    }

    /** The account's AMIs tagged with the family, newest first. */
    private List<Image> familyImages() {
        List<Image> images = new ArrayList<>();
        try {
            for (DescribeImagesResponse page : ec2.describeImagesPaginator(b -> b.owners("self")
                    .filters(f -> f.name("tag:" + AmiFamily.TAG_KEY).values(request.family())))) {
                images.addAll(page.images());
            }
        } catch (SdkException e) {
            throw Ec2CallException.of("DescribeImages", target, e);
        }
        images.sort(NEWEST_FIRST);
        return images;
    }

    /** Image id to why it stays; an empty list: it goes. The cheap reasons first, EC2 is asked only about the rest. */
    private Map<String, List<String>> reasonsToKeep(List<Image> newestFirst) {
        RetentionPolicy policy = request.policy();
        String current = new AmiRegistry(ec2, target)
                .findByChecksum(request.checksumTagKey(), request.currentChecksum(), request.owners())
                .map(FoundAmi::imageId).orElse(null);
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        int available = 0;
        for (Image image : newestFirst) {
            List<String> why = new ArrayList<>();
            if (image.state() != ImageState.AVAILABLE) {
                why.add("state " + image.stateAsString());
            } else if (available++ < policy.keep()) {
                why.add("newest " + policy.keep());
            }
            if (image.imageId().equals(current)) {
                why.add("current checksum");
            }
            if (created(image).isAfter(now.minus(policy.minAge()))) {
                why.add("younger than " + Ages.format(policy.minAge()));
            }
            if (Boolean.TRUE.equals(image.publicLaunchPermissions()) && !policy.includeShared()) {
                why.add("public");
            }
            reasons.put(image.imageId(), why);
        }
        List<String> candidates = reasons.entrySet().stream().filter(e -> e.getValue().isEmpty())
                .map(Map.Entry::getKey).toList();
        if (candidates.isEmpty()) {
            return reasons;
        }
        AmiUse use = new AmiUse(ec2, target);
        use.instances(candidates).forEach((id, instances) -> addReason(reasons, id,
                "in use by instance " + String.join(", ", instances)));
        use.launchTemplates().forEach((id, versions) -> addReason(reasons, id, "in " + String.join(", ", versions)));
        if (!policy.includeShared()) {
            for (String id : candidates) {
                if (reasons.get(id).isEmpty()) {
                    List<String> with = use.sharing(id);
                    if (!with.isEmpty()) {
                        reasons.get(id).add("shared with " + String.join(", ", with));
                    }
                }
            }
        }
        return reasons;
    }

    private static void addReason(Map<String, List<String>> reasons, String imageId, String reason) {
        List<String> why = reasons.get(imageId);
        if (why != null) {
            why.add(reason);
        }
    }

    /** Snapshot id to size (GiB), for the snapshots of these images that the account owns. */
    private Map<String, Integer> ownSnapshotSizes(List<Image> images) {
        List<String> ids = images.stream().flatMap(i -> i.blockDeviceMappings().stream())
                .map(FamilyInRegion::snapshotId).filter(id -> id != null).distinct().toList();
        Map<String, Integer> sizes = new HashMap<>();
        try {
            for (int from = 0; from < ids.size(); from += FILTER_VALUES) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + FILTER_VALUES));
                // a filter, not SnapshotIds: a snapshot already gone is simply not listed instead of an error
                for (DescribeSnapshotsResponse page : ec2.describeSnapshotsPaginator(b -> b.ownerIds("self")
                        .filters(f -> f.name("snapshot-id").values(chunk)))) {
                    page.snapshots().forEach(s -> sizes.put(s.snapshotId(), s.volumeSize() == null ? 0 : s.volumeSize()));
                }
            }
        } catch (SdkException e) {
            throw Ec2CallException.of("DescribeSnapshots", target, e);
        }
        return sizes;
    }

    private static List<Snapshot> snapshotsOf(Image image, Map<String, Integer> ownSizes) {
        List<Snapshot> snapshots = new ArrayList<>();
        for (BlockDeviceMapping mapping : image.blockDeviceMappings()) {
            String id = snapshotId(mapping);
            if (id != null && ownSizes.containsKey(id)) {
                snapshots.add(new Snapshot(id, ownSizes.get(id), false, null));
            }
        }
        return snapshots;
    }

    /**
     * Deregisters, then deletes the snapshots, on a thread of its own that a stop does not interrupt: a stop never
     * leaves an AMI deregistered with its snapshots still there. It is honoured before the next AMI.
     */
    private Decision delete(Image image, List<Snapshot> snapshots) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("Prune stopped in " + target.region() + " before " + image.imageId());
        }
        Decision[] done = new Decision[1];
        boolean stopped;
        try {
            stopped = Cancel.runUninterruptibly("prune-" + image.imageId(), () -> {
                done[0] = deleteNow(image, snapshots);
                return null;
            });
        } catch (BakeException e) {
            throw new IllegalStateException(e); // deleteNow throws no checked exception
        }
        if (stopped) {
            Thread.currentThread().interrupt();
        }
        return done[0];
    }

    private Decision deleteNow(Image image, List<Snapshot> snapshots) {
        try {
            ec2.deregisterImage(b -> b.imageId(image.imageId()));
        } catch (SdkException e) {
            String error = Ec2CallException.of("DeregisterImage", target, e).getMessage();
            log.accept("Could not deregister " + image.imageId() + " in " + target.region() + ": " + error);
            return decision(image, Verdict.FAILED, List.of(), snapshots, error);
        }
        List<Snapshot> results = new ArrayList<>();
        for (Snapshot snapshot : snapshots) {
            try {
                ec2.deleteSnapshot(b -> b.snapshotId(snapshot.snapshotId()));
                results.add(new Snapshot(snapshot.snapshotId(), snapshot.sizeGiB(), true, null));
            } catch (SdkException e) {
                String error = Ec2CallException.of("DeleteSnapshot", target, e).getMessage();
                log.accept("Could not delete " + snapshot.snapshotId() + " of " + image.imageId() + ": " + error);
                results.add(new Snapshot(snapshot.snapshotId(), snapshot.sizeGiB(), false, error));
            }
        }
        Decision deleted = decision(image, Verdict.DELETED, List.of(), results, null);
        log.accept("Deleted " + image.imageId() + " in " + target.region() + " with " + results.stream()
                .filter(Snapshot::deleted).map(Snapshot::snapshotId).toList() + " (" + deleted.gib() + " GiB)");
        return deleted;
    }

    private Decision decision(Image image, Verdict verdict, List<String> reasons, List<Snapshot> snapshots,
            String error) {
        return new Decision(target.region(), image.imageId(), image.name(), created(image), verdict, reasons,
                snapshots, error);
    }

    private static String snapshotId(BlockDeviceMapping mapping) {
        return mapping.ebs() == null ? null : mapping.ebs().snapshotId();
    }

    private static Instant created(Image image) {
        return image.creationDate() == null ? Instant.EPOCH : Instant.parse(image.creationDate());
    }
}
