package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.packer.AmazonEbsSettings;
import io.jenkins.plugins.bakeami.engine.packer.UnevaluableException;
import io.jenkins.plugins.bakeami.engine.registry.AmiRegistry;
import io.jenkins.plugins.bakeami.engine.registry.FoundAmi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;

/**
 * The AMI exists in the build region but not in every target region: instead of running Packer, copy it there
 * (CopyImage from the build region, encrypted as the template's {@code encrypt_boot} / {@code region_kms_key_ids} ask,
 * the AMI's tags with it), wait until each copy is available, tag it and its snapshots as a bake tags its AMIs, and
 * write {@code .ami_id.json} with every region. In short calls, like {@link PackerBake}: {@link #start} (the
 * CopyImage calls), {@link #poll} (one DescribeImages per pending copy), then {@link #finish} or, after a stop,
 * {@link #cancel}, which removes the copies started. The CLI waits on one thread ({@link #await}).
 */
public final class RegionRepair {
    private static final long MIN_PAUSE_MILLIS = 250;
    private static final long MAX_PAUSE_MILLIS = 10_000;

    private final Bakery bakery;
    private final Consumer<String> log;

    public RegionRepair(Consumer<String> log, Ec2Clients.Limits limits, Ec2Clients.Transport transport) {
        this(new Bakery(log, limits, transport));
    }

    RegionRepair(Bakery bakery) {
        this.bakery = bakery;
        this.log = bakery.log();
    }

    /**
     * The copies a lookup that found the AMI in the build region but not everywhere calls for; null when the bake
     * must run Packer instead (the log says why): repair is off, the template gives its AMIs launch permissions a
     * copy would not get, or the copies' encryption cannot be told before Packer runs.
     */
    static RegionCopies plan(BakeRequest request, AmazonEbsSettings settings, AmiLookup.Outcome outcome,
            List<String> regions, Consumer<String> log) {
        String instead = ": the bake runs Packer to make the AMI in every region";
        if (!request.repairRegions()) {
            log.accept("repairRegions is off" + instead);
            return null;
        }
        List<String> permissions = settings.launchPermissions();
        if (!permissions.isEmpty()) {
            log.accept("Cannot repair by copying: the template sets " + String.join(", ", permissions)
                    + ", which a copy would not get" + instead);
            return null;
        }
        List<RegionCopies.Copy> copies = new ArrayList<>();
        for (String region : outcome.missing()) {
            try {
                AmazonEbsSettings.CopyEncryption encryption = settings.copyEncryption(region);
                copies.add(new RegionCopies.Copy(region, encryption.encrypted(), encryption.kmsKeyId()));
            } catch (UnevaluableException e) {
                log.accept("Cannot repair by copying: the copies' encryption (encrypt_boot, region_kms_key_ids) cannot"
                        + " be told before Packer runs: " + e.getMessage() + instead);
                return null;
            }
        }
        FoundAmi source = outcome.reusable();
        return new RegionCopies(source.imageId(), source.name(), source.tag(request.sourceTagKey()), regions,
                outcome.amiIds(), copies);
    }

    /**
     * Starts a CopyImage into every missing region and returns at once. When {@code lookAgain} (the caller waited for
     * another build of the same checksum), a region that has the AMI by now is not copied to. A copy that cannot be
     * started fails the repair, after the copies already started are removed.
     */
    public RegionCopies start(BakeRequest request, BakeProbe probe, boolean lookAgain)
            throws BakeException, InterruptedException {
        RegionCopies copies = probe.repair();
        Ec2Target target = BakePreflight.target(request);
        try {
            if (lookAgain) {
                AmiLookup lookup = new AmiLookup(bakery, request, target);
                for (String region : copies.missingRegions()) {
                    lookup.inRegion(region, probe.checksum(), copies.sourceAmi())
                            .ifPresent(ami -> copies.foundIn(region, ami.imageId()));
                }
            }
            copies.startedAt = System.currentTimeMillis();
            // A stop must not cut a CopyImage call: EC2 may have made the copy while its answer, with the id the
            // cleanup needs, is lost. The calls are short; a stop is honoured once they returned.
            boolean stopped = Cancel.runUninterruptibly("region-copies", () -> {
                startCopies(request, copies, target);
                return null;
            });
            if (stopped) {
                throw new InterruptedException(cancel(request, copies));
            }
            return copies;
        } catch (Ec2CallException | IllegalArgumentException e) {
            throw new BakeException(e.getMessage(), e);
        }
    }

    private void startCopies(BakeRequest request, RegionCopies copies, Ec2Target target) throws BakeException {
        for (RegionCopies.Copy copy : copies.copies()) {
            try (Ec2Client ec2 = bakery.openEc2(target.inRegion(copy.region))) {
                copy.imageId = ec2.copyImage(b -> b.sourceRegion(target.region())
                        .sourceImageId(copies.sourceImageId()).name(copies.sourceName()).copyImageTags(true)
                        .clientToken(copies.clientToken(copy.region))
                        .encrypted(copy.encrypted ? Boolean.TRUE : null).kmsKeyId(copy.kmsKeyId)).imageId();
            } catch (SdkException e) {
                throw new BakeException("Cannot copy " + copies.sourceImageId() + " to " + copy.region + ": "
                        + Ec2CallException.of("CopyImage", target.inRegion(copy.region), e).getMessage()
                        + removed(request, copies), e);
            }
            copy.state = "pending";
            log.accept("Copying " + copies.sourceImageId() + " from " + target.region() + " to " + copy.region
                    + (copy.encrypted ? " (encrypted" + (copy.kmsKeyId == null ? "" : " with " + copy.kmsKeyId)
                            + ")" : "") + ": " + copy.imageId);
        }
    }

    /** Asks EC2 about each pending copy (one DescribeImages each) and notes the ones that became available or failed. */
    public void poll(BakeRequest request, RegionCopies copies) throws BakeException {
        Ec2Target target = BakePreflight.target(request);
        for (RegionCopies.Copy copy : copies.copies()) {
            if (!copy.pending()) {
                continue;
            }
            Ec2Target regional = target.inRegion(copy.region);
            try (Ec2Client ec2 = bakery.openEc2(regional)) {
                Image image = new AmiRegistry(ec2, regional).describeImage(copy.imageId);
                if (image.state() == ImageState.AVAILABLE) {
                    copy.state = "available";
                    log.accept("The copy " + copy.imageId + " in " + copy.region + " is available");
                } else if (image.state() != ImageState.PENDING) {
                    copy.state = image.stateAsString();
                    copy.reason = image.stateReason() == null ? null : image.stateReason().message();
                }
            } catch (Ec2CallException | IllegalStateException e) {
                throw new BakeException(e.getMessage(), e);
            }
        }
    }

    /**
     * Every copy has left pending: tags them and their snapshots (checksum, family, source image), writes
     * {@code .ami_id.json} with every region, and returns the reuse. A copy that failed fails the repair, after the
     * copies are removed.
     */
    public BakeResult finish(BakeRequest request, BakeProbe probe, RegionCopies copies) throws BakeException {
        if (!copies.ended()) {
            throw new IllegalStateException(copies + " are still pending: poll them");
        }
        Ec2Target target = BakePreflight.target(request);
        for (RegionCopies.Copy copy : copies.copies()) {
            if (!"available".equals(copy.state)) {
                throw new BakeException("The copy " + copy.imageId + " of " + copies.sourceImageId() + " in "
                        + copy.region + " ended " + copy.state + (copy.reason == null ? "" : " (" + copy.reason + ")")
                        + removed(request, copies) + ". The next run copies again");
            }
        }
        Map<String, String> tags = PackerBake.bakeTags(request, probe.checksum(), copies.sourceAmi());
        try {
            for (RegionCopies.Copy copy : copies.copies()) {
                Ec2Target regional = target.inRegion(copy.region);
                try (Ec2Client ec2 = bakery.openEc2(regional)) {
                    new AmiRegistry(ec2, regional).tagImageAndSnapshots(copy.imageId, tags);
                }
                log.accept("copied to " + copy.region + ": " + copy.imageId + ", tagged with its snapshots "
                        + PackerBake.tagText(tags));
            }
        } catch (Ec2CallException e) {
            throw new BakeException("Copied " + copies.sourceImageId() + " to " + copies.missingRegions()
                    + " but tagging failed: " + e.getMessage() + ". The next run copies again unless the copies carry "
                    + request.tagKey() + "=" + probe.checksum() + " (tag them by hand, or deregister them)", e);
        }
        Map<String, Duration> timings = new LinkedHashMap<>(probe.timings());
        timings.put("copy", Duration.ofMillis(Math.max(0, System.currentTimeMillis() - copies.startedAt)));
        Path work = Path.of(request.workDirectory()).toAbsolutePath().normalize();
        FoundAmi source = new FoundAmi(copies.sourceImageId(), copies.sourceName(), null, null, target.region(), Map.of());
        return bakery.finish(request, work.resolve(request.amiIdFile()), probe, source, BakeOutcome.REUSED,
                copies.amiIds(), timings, copies.sourceAmi());
    }

    /** After a stop: removes the copies started (and their snapshots); returns the one line that says what. */
    public String cancel(BakeRequest request, RegionCopies copies) {
        String summary = removeCopies(request, copies).summary();
        log.accept(summary);
        return summary;
    }

    /** After a failure: removes the copies started; says what, for the failure's message. */
    private String removed(BakeRequest request, RegionCopies copies) {
        LeftoverCleaner cleaner = removeCopies(request, copies);
        return (cleaner.removed().isEmpty() ? "" : "; removed " + String.join(", ", cleaner.removed()))
                + (cleaner.failures().isEmpty() ? "" : "; COULD NOT REMOVE " + String.join(", ", cleaner.failures())
                        + " (remove them by hand)");
    }

    private LeftoverCleaner removeCopies(BakeRequest request, RegionCopies copies) {
        Ec2Target target = BakePreflight.target(request);
        // The SDK refuses to work on an interrupted thread: clear the flag for the cleanup, then restore it.
        boolean interrupted = Thread.interrupted();
        // holds no client of its own: each region's cleaner (with) reports into its lists
        LeftoverCleaner cleaner = new LeftoverCleaner(null, log);
        try {
            for (RegionCopies.Copy copy : copies.copies()) {
                if (copy.imageId != null) {
                    try (Ec2Client ec2 = bakery.openEc2(target.inRegion(copy.region))) {
                        cleaner.with(ec2).removeImage(copy.region, copy.imageId);
                    }
                }
            }
            return cleaner;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The CLI's repair on this thread: {@link #start}, {@link #poll} with growing pauses until every copy left
     * pending, {@link #finish}. An interrupt removes the copies and ends with an {@link InterruptedException} that
     * says what was removed.
     */
    BakeResult run(BakeRequest request, BakeProbe probe, boolean lookAgain) throws BakeException, InterruptedException {
        RegionCopies copies = start(request, probe, lookAgain);
        long pause = MIN_PAUSE_MILLIS;
        while (!copies.ended()) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                InterruptedException stopped = new InterruptedException(cancel(request, copies));
                stopped.initCause(e);
                throw stopped;
            }
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            poll(request, copies);
        }
        return finish(request, probe, copies);
    }
}
