package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.packer.Cancellation;
import io.jenkins.plugins.bakeami.engine.packer.CancellationReport;
import io.jenkins.plugins.bakeami.engine.packer.PackerBuildResult;
import io.jenkins.plugins.bakeami.engine.packer.PackerCancelledException;
import io.jenkins.plugins.bakeami.engine.packer.PackerException;
import io.jenkins.plugins.bakeami.engine.packer.PackerExecutable;
import io.jenkins.plugins.bakeami.engine.packer.PackerInterruptedException;
import io.jenkins.plugins.bakeami.engine.packer.PackerInvocation;
import io.jenkins.plugins.bakeami.engine.packer.PackerLocator;
import io.jenkins.plugins.bakeami.engine.packer.PackerResources;
import io.jenkins.plugins.bakeami.engine.packer.PackerRun;
import io.jenkins.plugins.bakeami.engine.packer.PackerRunner;
import io.jenkins.plugins.bakeami.engine.packer.PackerTemplate;
import io.jenkins.plugins.bakeami.engine.registry.AmiFamily;
import io.jenkins.plugins.bakeami.engine.registry.AmiRegistry;
import io.jenkins.plugins.bakeami.engine.registry.BaseImage;
import io.jenkins.plugins.bakeami.engine.registry.FoundAmi;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The part of a bake that runs Packer, after a {@link Bakery#probe} found no AMI, as short calls that a caller may
 * spread over time, threads and JVMs: {@link #start} (look again if asked, validate, launch Packer detached),
 * {@link #poll} and {@link #stop}, then {@link #finish} (tag the AMI and its snapshots in every region, confirm,
 * write {@code .ami_id.json}) or, for a stopped run, {@link #cleanUp} (remove what Packer left in EC2). Each call is
 * given the same request and probe; the {@link PackerRun} carries what happened in between. The CLI makes the calls
 * one after the other on one thread ({@link Bakery#bake}); the Jenkins step makes them from its controller's timer,
 * and may restart between two of them. Knows nothing of Jenkins.
 */
public final class PackerBake {
    /** Follows runs started before, possibly by another JVM: needs no executable. */
    private static final PackerRunner RUNS = new PackerRunner(null);

    private final Bakery bakery;
    private final Consumer<String> log;
    private final BakeJournaling journaling;

    public PackerBake(Consumer<String> log, Ec2Clients.Limits limits, Ec2Clients.Transport transport) {
        this(new Bakery(log, limits, transport));
    }

    PackerBake(Bakery bakery) {
        this.bakery = bakery;
        this.log = bakery.log();
        this.journaling = new BakeJournaling(bakery);
    }

    /**
     * What {@link #start} did.
     *
     * @param reused the result when another bake made the AMI meanwhile (then no Packer runs), else null
     * @param run    the Packer build now running, else null
     */
    public record Started(BakeResult reused, PackerRun run) {
    }

    /**
     * How a stopped run ended, after the cleanup.
     *
     * @param interrupted whether it was stopped by an interrupt (a user's stop), not by the timeout or a cancel
     * @param message     what Packer did and what the cleanup removed, in one paragraph
     */
    public record Stopped(boolean interrupted, String message) {
        /** Ends the calling bake the way the stop asks: {@link InterruptedException} or {@link BakeException}. */
        BakeResult raise() throws BakeException, InterruptedException {
            if (interrupted) {
                throw new InterruptedException(message);
            }
            throw new BakeException(message);
        }
    }

    /**
     * Under the caller's lock of the definition: when {@code lookAgain} (the caller waited for another bake of it),
     * looks for the AMI once more, as the probe did, and reuses it when every target region has it; else validates the template and launches {@code packer build}
     * detached, its files under {@code directory}, and returns while it runs. The request's timeout counts from
     * here.
     */
    public Started start(BakeRequest request, BakeProbe probe, boolean lookAgain, Path directory)
            throws BakeException, InterruptedException {
        Ec2Target target = BakePreflight.target(request);
        Path work = work(request);
        try {
            if (lookAgain && !request.force()) {
                try (Ec2Client ec2 = bakery.openEc2(target)) {
                    // a miss was already reported by the probe
                    AmiLookup.Outcome found = new AmiLookup(bakery, request, target).find(ec2, probe.checksum(),
                            probe.baseImage() == null ? null : BaseImage.ofId(probe.baseImage()),
                            probe.targetRegions().isEmpty() ? List.of(target.region()) : probe.targetRegions(), false);
                    if (found.complete()) {
                        return new Started(bakery.finish(request, work.resolve(request.amiIdFile()), probe,
                                found.reusable(), BakeOutcome.REUSED, found.amiIds(), probe.timings(),
                                found.reusable().tag(request.sourceTagKey())), null);
                    }
                }
            }
            PackerExecutable packer = new PackerLocator(request.environment(), false)
                    .locate(request.packerPath() == null ? null : work.resolve(request.packerPath()));
            log.accept("Using " + packer);
            PackerInvocation invocation = invocation(request, probe.checksum());
            PackerRun run = new PackerRunner(packer).start(invocation, directory, log);
            journaling.started(request, target, run);
            return new Started(null, run);
        } catch (PackerInterruptedException e) {
            InterruptedException stopped = new InterruptedException(e.report().summary() + " "
                    + cleanUp(target, PackerResources.none(), new PackerLogWatcher(line -> { }), Instant.now())
                            .summary());
            stopped.initCause(e);
            throw stopped;
        } catch (PackerCancelledException e) {
            throw new BakeException(e.getMessage() + " " + cleanUp(target, PackerResources.none(),
                    new PackerLogWatcher(line -> { }), Instant.now()).summary(), e);
        } catch (PackerException e) {
            throw new BakeException(e.getMessage(), e);
        } catch (IllegalArgumentException | Ec2CallException e) {
            throw new BakeException(e.getMessage(), e);
        }
    }

    /**
     * Shows what Packer wrote since the last poll and moves the run on (its timeout, a stop's grace period); the
     * journal's entry follows what Packer announced creating.
     */
    public void poll(BakeRequest request, BakeProbe probe, PackerRun run) throws BakeException {
        PackerResources before = run.announced();
        RUNS.poll(run, invocation(request, probe.checksum()), log);
        journaling.polled(request, BakePreflight.target(request), run, before);
    }

    /** Stops Packer so that it can clean up (SIGTERM, the grace period, SIGKILL); a second stop kills at once. */
    public void stop(BakeRequest request, BakeProbe probe, PackerRun run) throws BakeException {
        PackerResources before = run.announced();
        RUNS.stop(run, invocation(request, probe.checksum()), CancellationReport.Reason.INTERRUPTED, log);
        journaling.polled(request, BakePreflight.target(request), run, before);
    }

    /** Follows the run on this thread until it ended; an interrupt stops it (see {@link PackerRunner#await}). */
    void await(BakeRequest request, BakeProbe probe, PackerRun run) throws BakeException {
        Ec2Target target = BakePreflight.target(request);
        PackerResources[] before = {run.announced()};
        RUNS.await(run, invocation(request, probe.checksum()), log, new Cancellation(), polled -> {
            journaling.polled(request, target, polled, before[0]);
            before[0] = polled.announced();
        });
    }

    /**
     * After Packer ended by itself: its result, then the tags on the AMI and its snapshots in every region, a lookup
     * that confirms the next run finds it, and {@code .ami_id.json}. A failed build is a {@link BakeException} with
     * Packer's errors (the copies of an {@code ami_regions} build are removed first: Packer leaves them). Removes
     * the run's directory and, when Packer built its AMI, its journal entry (Packer reports the AMI only after its
     * builder cleaned up). After a failure the entry stays for the sweep that ends this call: Packer cleans up after
     * an error, but not when it is killed, whatever exit code its wrapper then sees; the sweep checks what is left,
     * and follows up the sweep the probe started.
     */
    public BakeResult finish(BakeRequest request, BakeProbe probe, PackerRun run)
            throws BakeException, InterruptedException {
        if (run.stopped()) {
            throw new IllegalStateException(run + " was stopped: clean it up, it did not finish");
        }
        Ec2Target target = BakePreflight.target(request);
        PackerInvocation invocation = invocation(request, probe.checksum());
        Map<String, Duration> timings = new LinkedHashMap<>(probe.timings());
        boolean built = false;
        try {
            PackerBuildResult result;
            try {
                result = RUNS.result(run, invocation);
                built = true;
            } catch (PackerException e) {
                // Packer removes its own resources when a build fails, but not the copies of an ami_regions build.
                PackerLogWatcher watcher = watch(run, invocation);
                if (watcher.amiName() != null && !watcher.copyRegions().isEmpty()) {
                    cleanUp(target, PackerResources.none(), watcher, run.launchedAt());
                }
                throw new BakeException(e.getMessage(), e);
            }
            Map<String, String> amiIds = result.amiIdsByRegion();
            log.accept("Packer built " + amiIds + " in " + Bakery.seconds(result.buildDuration()));
            timings.put("packer", result.validateDuration().plus(result.buildDuration()));
            return tagAndRecord(request, probe, target, amiIds, timings, sourceImage(probe, watch(run, invocation)));
        } catch (IOException | IllegalArgumentException | Ec2CallException e) {
            throw new BakeException(e.getMessage(), e);
        } finally {
            run.discard();
            if (built) {
                journaling.cleared(request, run); // Packer reports its AMI after its builder's cleanup
            }
            journaling.sweep(request, target, false);
        }
    }

    /**
     * The source image to record on the AMI: the one Packer says it used ({@code Found Image ID}), else the base the
     * probe resolved. When they differ (the base moved between the lookup and Packer's start), Packer's wins.
     */
    private String sourceImage(BakeProbe probe, PackerLogWatcher watcher) {
        String used = watcher.sourceImageId();
        if (used != null && probe.baseImage() != null && !used.equals(probe.baseImage())) {
            log.accept("Packer found source image " + used + ", not the base image " + probe.baseImage()
                    + " resolved before it ran: the AMI records " + used);
        }
        return used != null ? used : probe.baseImage();
    }

    private BakeResult tagAndRecord(BakeRequest request, BakeProbe probe, Ec2Target target,
            Map<String, String> amiIds, Map<String, Duration> timings, String sourceAmi)
            throws BakeException, InterruptedException, IOException {
        long start = System.nanoTime();
        String amiId = amiIds.getOrDefault(target.region(), amiIds.values().iterator().next());
        String checksum = probe.checksum();
        // Packer has built the AMI: a cancel now waits for the tagging (a few quick EC2 calls, bounded by the
        // client's timeouts) and is honoured after it, so the AMI paid for is found and reused by the next
        // run instead of left untagged. The cancelled bake still fails and writes no .ami_id.json.
        boolean cancelled = Cancel.runUninterruptibly("bake-tagging", () -> {
            try (Ec2Client ec2 = bakery.openEc2(target)) {
                AmiRegistry registry = new AmiRegistry(ec2, target);
                tagEverywhere(request, target, registry, amiIds, bakeTags(request, checksum, sourceAmi));
                bakery.confirm(registry, request, checksum, amiId);
            } catch (Ec2CallException e) {
                throw new BakeException("Packer built " + amiIds + " but tagging or confirming it failed: "
                        + e.getMessage() + ". If it is not tagged, the next bake will not find it: check that"
                        + " the AMI and its snapshots carry " + request.tagKey() + "=" + checksum
                        + " (tag them by hand), or deregister it", e);
            }
            return null;
        });
        timings.put("tagging", Bakery.since(start));
        Path amiIdFile = work(request).resolve(request.amiIdFile());
        if (cancelled || Thread.interrupted()) {
            String message = "Bake cancelled after Packer built " + amiIds + ": the AMI was tagged "
                    + request.tagKey() + "=" + checksum + " first, so the next bake reuses it; "
                    + amiIdFile.getFileName() + " was not written";
            log.accept(message);
            throw new InterruptedException(message);
        }
        FoundAmi baked = new FoundAmi(amiId, null, null, null, target.region(), Map.of());
        return bakery.finish(request, amiIdFile, probe, baked, BakeOutcome.BAKED, amiIds, timings, sourceAmi);
    }

    /**
     * After a stopped run ended: removes from EC2 what Packer left (the image it announced while waiting for it,
     * with its snapshots and copies; after a kill, its instance, key pair and security group), logs one line that
     * says what, and removes the run's directory and, when nothing is left, its journal entry (what could not be
     * removed stays there for the next sweep). Returns how to end the bake.
     */
    public Stopped cleanUp(BakeRequest request, BakeProbe probe, PackerRun run) throws BakeException {
        PackerInvocation invocation = invocation(request, probe.checksum());
        try {
            RUNS.result(run, invocation);
            throw new IllegalStateException(run + " was not stopped: finish it");
        } catch (PackerInterruptedException e) {
            return stopped(true, e.report(), request, run, invocation);
        } catch (PackerCancelledException e) {
            return stopped(false, e.report(), request, run, invocation);
        } catch (PackerException e) {
            throw new BakeException(e.getMessage(), e);
        } finally {
            run.discard();
            journaling.sweep(request, BakePreflight.target(request), false);
        }
    }

    private Stopped stopped(boolean interrupted, CancellationReport report, BakeRequest request, PackerRun run,
            PackerInvocation invocation) throws BakeException {
        LeftoverCleaner cleaner = cleanUp(BakePreflight.target(request), report.resources(), watch(run, invocation),
                run.launchedAt());
        if (cleaner.failures().isEmpty()) {
            journaling.cleared(request, run);
        }
        return new Stopped(interrupted, report.summary() + " " + cleaner.summary());
    }

    /** The AMI name and copy regions Packer announced, read from its whole output. */
    private static PackerLogWatcher watch(PackerRun run, PackerInvocation invocation) throws BakeException {
        PackerLogWatcher watcher = new PackerLogWatcher(line -> { });
        try {
            RUNS.replay(run, invocation, watcher);
        } catch (PackerException e) {
            throw new BakeException(e.getMessage(), e);
        }
        return watcher;
    }

    /** Removes what Packer left and logs the summary; the cleaner says what it removed and what it could not. */
    private LeftoverCleaner cleanUp(Ec2Target target, PackerResources resources, PackerLogWatcher watcher,
            Instant launched) {
        // The SDK refuses to work on an interrupted thread: clear the flag for the cleanup, then restore it.
        boolean interrupted = Thread.interrupted();
        Instant started = launched.truncatedTo(ChronoUnit.SECONDS);
        try (Ec2Client ec2 = bakery.openEc2(target)) {
            LeftoverCleaner cleaner = new LeftoverCleaner(ec2, log);
            cleaner.clean(resources);
            String name = watcher.amiName();
            if (name != null) {
                // Also the build region: an image whose "AMI:" line the cancel cut off is found by its name.
                cleaner.cleanImagesNamed(target.region(), name, started);
                for (String region : watcher.copyRegions()) {
                    if (!region.equals(target.region())) {
                        try (Ec2Client regional = bakery.openEc2(target.inRegion(region))) {
                            cleaner.with(regional).cleanImagesNamed(region, name, started);
                        }
                    }
                }
            }
            log.accept(cleaner.summary());
            return cleaner;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private PackerInvocation invocation(BakeRequest request, String checksum) throws BakeException {
        Path work = work(request);
        Ec2Target target = BakePreflight.target(request);
        PackerTemplate template;
        try {
            template = PackerTemplate.load(BakePreflight.requireTemplate(work, request.template()));
        } catch (PackerException | IllegalArgumentException e) {
            throw new BakeException(e.getMessage(), e);
        }
        PackerInvocation.Builder builder = PackerInvocation.builder(template)
                .environment(packerEnvironment(request))
                .inheritEnvironment(false)
                .variables(request.vars())
                .checksumVariable(request.checksumVariable())
                .checksum(checksum)
                .awsRegion(target.region())
                .only(request.only())
                .gracePeriod(request.gracePeriod());
        // the same variables the preflight checked the user's against (the checksum's is set above)
        BakePreflight.variablesSetByBake(request, target).forEach((name, value) -> {
            if (value != null) {
                builder.variableIfDeclared(name, value);
            }
        });
        if (request.keys() != null) {
            builder.awsCredentials(request.keys().accessKeyId(), request.keys().secretAccessKey(),
                    request.keys().sessionToken());
        }
        if (request.timeout() != null) {
            builder.timeout(request.timeout());
        }
        request.varFiles().forEach(file -> builder.varFile(work.resolve(file)));
        return builder.build();
    }

    /**
     * The environment Packer runs in: the request's, with the region set, and, when the bake has its own keys, none
     * of the environment's credentials (a stale session token or profile would be used with the wrong keys).
     */
    static Map<String, String> packerEnvironment(BakeRequest request) {
        Map<String, String> environment = new LinkedHashMap<>(request.environment());
        if (request.keys() != null) {
            for (String variable : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                    "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE")) {
                environment.remove(variable);
            }
        }
        environment.put("AWS_REGION", request.region());
        environment.put("AWS_DEFAULT_REGION", request.region());
        environment.put("CHECKPOINT_DISABLE", "1");
        return environment;
    }

    /**
     * The checksum first (what lookups filter on), then the family (what retention finds the versions by), then the
     * source image (what a lookup compares with the base resolved then), when known.
     */
    static Map<String, String> bakeTags(BakeRequest request, String checksum, String sourceAmi) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(request.tagKey(), checksum);
        tags.put(AmiFamily.TAG_KEY, Bakery.family(request));
        if (sourceAmi != null) {
            tags.put(request.sourceTagKey(), sourceAmi);
        }
        return tags;
    }

    static String tagText(Map<String, String> tags) {
        return tags.entrySet().stream().map(t -> t.getKey() + "=" + t.getValue()).collect(Collectors.joining(", "));
    }

    private void tagEverywhere(BakeRequest request, Ec2Target target, AmiRegistry buildRegistry,
            Map<String, String> amiIds, Map<String, String> tags) {
        String tagText = tagText(tags);
        for (Map.Entry<String, String> entry : amiIds.entrySet()) {
            String region = entry.getKey();
            if (region.equals(target.region())) {
                buildRegistry.tagImageAndSnapshots(entry.getValue(), tags);
            } else {
                Ec2Target regional = target.inRegion(region);
                try (Ec2Client client = bakery.openEc2(regional)) {
                    new AmiRegistry(client, regional).tagImageAndSnapshots(entry.getValue(), tags);
                }
            }
            log.accept("Tagged " + entry.getValue() + " and its snapshots in " + region + " with " + tagText);
        }
    }

    private static Path work(BakeRequest request) {
        return Path.of(request.workDirectory()).toAbsolutePath().normalize();
    }
}
