package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.packer.Cancellation;
import io.jenkins.plugins.bakeami.engine.packer.CancellationReport;
import io.jenkins.plugins.bakeami.engine.packer.OnError;
import io.jenkins.plugins.bakeami.engine.packer.PackerAwsProfile;
import io.jenkins.plugins.bakeami.engine.packer.PackerBuildResult;
import io.jenkins.plugins.bakeami.engine.packer.PackerCancelledException;
import io.jenkins.plugins.bakeami.engine.packer.PackerDebugLog;
import io.jenkins.plugins.bakeami.engine.packer.PackerException;
import io.jenkins.plugins.bakeami.engine.packer.PackerExecutable;
import io.jenkins.plugins.bakeami.engine.packer.PackerInit;
import io.jenkins.plugins.bakeami.engine.packer.PackerInterruptedException;
import io.jenkins.plugins.bakeami.engine.packer.PackerInvocation;
import io.jenkins.plugins.bakeami.engine.packer.PackerLocator;
import io.jenkins.plugins.bakeami.engine.packer.PackerResources;
import io.jenkins.plugins.bakeami.engine.packer.PackerRun;
import io.jenkins.plugins.bakeami.engine.packer.PackerRunner;
import io.jenkins.plugins.bakeami.engine.packer.PackerTemplate;
import io.jenkins.plugins.bakeami.engine.packer.SecretMasker;
import io.jenkins.plugins.bakeami.engine.registry.AmiFamily;
import io.jenkins.plugins.bakeami.engine.registry.AmiRegistry;
import io.jenkins.plugins.bakeami.engine.registry.BaseImage;
import io.jenkins.plugins.bakeami.engine.registry.FoundAmi;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
    /** In the bake's control directory: Packer's AWS profile with a role, its debug logs with debug. */
    static final String AWS_PROFILE_DIRECTORY = "aws";
    static final String DEBUG_DIRECTORY = "debug";
    /** Where Packer 1.7 and newer keep plugins; the environment's own unless the request names one. */
    static final String PLUGIN_PATH_VARIABLE = "PACKER_PLUGIN_PATH";

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
            PackerInvocation invocation = launchInvocation(request, probe.checksum(), packer, directory);
            PackerRun run;
            try {
                run = new PackerRunner(packer).start(invocation, directory, log);
            } catch (PackerException e) {
                keepDebugLog(request, invocation, invocation.debugDirectory());
                throw e;
            }
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
        } catch (IOException e) {
            throw new BakeException("Cannot write Packer's AWS profile into " + directory + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | Ec2CallException e) {
            throw new BakeException(e.getMessage(), e);
        }
    }

    /**
     * The invocation that launches Packer: the common one, plus what only a launch needs. With a role, Packer's AWS
     * profile ({@link PackerAwsProfile}, in {@code directory}, removed with it); with debug, where the debug logs
     * go; whether {@code packer init} runs.
     */
    private PackerInvocation launchInvocation(BakeRequest request, String checksum, PackerExecutable packer,
            Path directory) throws BakeException, IOException {
        PackerInvocation.Builder builder = invocationBuilder(request, checksum);
        if (request.role() != null) {
            builder.environment(PackerAwsProfile.write(directory.resolve(AWS_PROFILE_DIRECTORY), request.role(),
                    request.keys(), request.region(), request.environment()));
        }
        if (request.debug()) {
            builder.debugDirectory(directory.resolve(DEBUG_DIRECTORY));
        }
        PackerTemplate template = builder.build().template();
        boolean init = PackerInit.fromName(request.init()).runsFor(template, packer);
        if (init) {
            log.accept("packer init: " + (template.declaresRequiredPlugins() ? "the template declares required_plugins"
                    : "init is always") + (request.githubToken() == null ? "" : "; PACKER_GITHUB_API_TOKEN is set"));
        }
        return builder.init(init).build();
    }

    /**
     * With debug: Packer's debug logs, masked, into {@code .bake-ami/packer-debug.log} beside the AMI id file, and a
     * line that names it. A failure to write it is said, and changes nothing else.
     */
    private void keepDebugLog(BakeRequest request, PackerInvocation invocation, Path debugDirectory) {
        if (!request.debug() || debugDirectory == null) {
            return;
        }
        Path target = PackerDebugLog.target(work(request).resolve(request.amiIdFile()));
        try {
            if (PackerDebugLog.collect(debugDirectory, target, new SecretMasker(invocation.secrets()))) {
                log.accept("Packer's debug log (PACKER_LOG=1, secrets masked): " + target);
            }
        } catch (IOException e) {
            log.accept("Cannot write Packer's debug log " + target + ": " + e.getMessage());
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
     * and follows up the sweep the probe started. With {@code onError: abort} a failed build's entry goes too: what
     * Packer kept is for the user to inspect, and the message names it and how to remove it.
     */
    public BakeResult finish(BakeRequest request, BakeProbe probe, PackerRun run)
            throws BakeException, InterruptedException {
        if (run.stopped()) {
            throw new IllegalStateException(run + " was stopped: clean it up, it did not finish");
        }
        Ec2Target target = BakePreflight.target(request);
        PackerInvocation invocation = invocation(request, probe.checksum());
        Map<String, Duration> timings = new LinkedHashMap<>(probe.timings());
        boolean nothingToSweep = false;
        try {
            PackerBuildResult result;
            keepDebugLog(request, invocation, run.debugDirectory());
            try {
                result = RUNS.result(run, invocation);
                nothingToSweep = true; // Packer reports its AMI after its builder's cleanup
            } catch (PackerException e) {
                // Packer removes its own resources when a build fails, but not the copies of an ami_regions build.
                PackerLogWatcher watcher = watch(run, invocation);
                if (watcher.amiName() != null && !watcher.copyRegions().isEmpty()) {
                    cleanUp(target, PackerResources.none(), watcher, run.launchedAt());
                }
                boolean aborted = OnError.fromName(request.onError()) == OnError.ABORT;
                String left = aborted ? " " + leftForInspection(RUNS.resources(run, invocation), target.region()) : "";
                nothingToSweep = aborted; // kept for inspection: the sweep below must not remove it
                throw new BakeException(e.getMessage() + left, e);
            }
            Map<String, String> amiIds = result.amiIdsByRegion();
            log.accept("Packer built " + amiIds + " in " + Bakery.seconds(result.buildDuration()));
            timings.put("packer", result.validateDuration().plus(result.buildDuration()));
            return tagAndRecord(request, probe, target, amiIds, timings, sourceImage(probe, watch(run, invocation)));
        } catch (IOException | IllegalArgumentException | Ec2CallException e) {
            throw new BakeException(e.getMessage(), e);
        } finally {
            run.discard();
            if (nothingToSweep) {
                journaling.cleared(request, run);
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
        keepDebugLog(request, invocation, run.debugDirectory());
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
        return invocationBuilder(request, checksum).build();
    }

    /**
     * What every call about Packer's run shares: the template, variables, environment, the secrets to mask (the keys
     * and the GitHub token always, also where they are in no environment), on-error and timeouts.
     */
    private PackerInvocation.Builder invocationBuilder(BakeRequest request, String checksum) throws BakeException {
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
            if (request.role() == null) {
                builder.awsCredentials(request.keys().accessKeyId(), request.keys().secretAccessKey(),
                        request.keys().sessionToken());
            }
            builder.secret(request.keys().secretAccessKey()).secret(request.keys().sessionToken());
        }
        if (request.timeout() != null) {
            builder.timeout(request.timeout());
        }
        request.varFiles().forEach(file -> builder.varFile(work.resolve(file)));
        return builder.onError(OnError.fromName(request.onError())).githubToken(request.githubToken());
    }

    /**
     * The environment Packer runs in: the request's, with the region set; when the bake has its own keys, none of
     * the environment's credentials (a stale session token or profile would be used with the wrong keys); with a
     * role, none at all (Packer's profile, written at the launch, holds them); the plugin path if one is given.
     */
    static Map<String, String> packerEnvironment(BakeRequest request) {
        Map<String, String> environment = new LinkedHashMap<>(request.environment());
        if (request.role() != null) {
            PackerAwsProfile.OTHER_CREDENTIALS.forEach(environment::remove);
        } else if (request.keys() != null) {
            for (String variable : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                    "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE")) {
                environment.remove(variable);
            }
        }
        if (request.pluginPath() != null) {
            environment.put(PLUGIN_PATH_VARIABLE, work(request).resolve(request.pluginPath()).toString());
        }
        environment.put("AWS_REGION", request.region());
        environment.put("AWS_DEFAULT_REGION", request.region());
        environment.put("CHECKPOINT_DISABLE", "1");
        return environment;
    }

    /**
     * After a failed build with {@code -on-error=abort}: what Packer left for inspection and how to remove it
     * (Packer prints a security group's name only, so its id is looked up by name).
     */
    static String leftForInspection(PackerResources left, String region) {
        if (left.isEmpty()) {
            return "With -on-error=abort Packer left nothing it announced.";
        }
        List<String> commands = new ArrayList<>();
        if (!left.instanceIds().isEmpty()) {
            commands.add("aws ec2 terminate-instances --region " + region + " --instance-ids "
                    + String.join(" ", left.instanceIds()));
        }
        left.keyPairNames().forEach(name -> commands.add("aws ec2 delete-key-pair --region " + region + " --key-name "
                + name));
        left.securityGroupNames().forEach(name -> commands.add("aws ec2 delete-security-group --region " + region
                + " --group-id $(aws ec2 describe-security-groups --region " + region + " --filters Name=group-name,"
                + "Values=" + name + " --query 'SecurityGroups[0].GroupId' --output text)"));
        left.securityGroupIds().forEach(id -> commands.add("aws ec2 delete-security-group --region " + region
                + " --group-id " + id));
        return "With -on-error=abort Packer left, for inspection, in " + region + ": " + left.describe()
                + ". Remove them when done, in this order (a security group goes once no instance uses it): "
                + String.join("; ", commands) + ". Or let `bake-ami sweep --region " + region
                + " --older-than DURATION --delete` remove them once they are older than DURATION"
                + " (docs/lifecycle.md).";
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
