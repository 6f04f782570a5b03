package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumCalculator;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumMode;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumRequest;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumResult;
import io.jenkins.plugins.bakeami.engine.packer.PackerBuildResult;
import io.jenkins.plugins.bakeami.engine.packer.PackerCancelledException;
import io.jenkins.plugins.bakeami.engine.packer.PackerException;
import io.jenkins.plugins.bakeami.engine.packer.PackerInterruptedException;
import io.jenkins.plugins.bakeami.engine.packer.PackerInvocation;
import io.jenkins.plugins.bakeami.engine.packer.PackerResources;
import io.jenkins.plugins.bakeami.engine.packer.PackerRunner;
import io.jenkins.plugins.bakeami.engine.packer.PackerTemplate;
import io.jenkins.plugins.bakeami.engine.registry.AmiFamily;
import io.jenkins.plugins.bakeami.engine.registry.AmiRegistry;
import io.jenkins.plugins.bakeami.engine.registry.ChecksumLookup;
import io.jenkins.plugins.bakeami.engine.registry.FoundAmi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The bake: check what can be checked before any EC2 call ({@link BakePreflight}), checksum the definition, look for
 * an AMI tagged with it, and return it; if there is none, run Packer,
 * tag the new AMI and its snapshots in every region it was copied to, confirm a lookup finds it, and return it.
 * Either way {@code .ami_id.json} is written (atomically, only on success). Knows nothing of Jenkins.
 */
public final class Bakery {
    /** The variable a template may declare to receive the EC2 endpoint (for {@code custom_endpoint_ec2}). */
    public static final String ENDPOINT_VARIABLE = "ec2_endpoint";

    /**
     * What a bake itself writes next to the definition (the seed's manifest post-processor, our .ami_id.json,
     * Packer's cache) never feeds the strict checksum: otherwise every bake would change the next run's value.
     * Public so that a lookup outside a bake (the CLI's {@code lookup}) computes the same strict checksum.
     */
    public static final List<String> BAKE_OUTPUTS = List.of("**/.manifest.json", "**/.ami_id.json", "**/packer_cache/**");

    private final Consumer<String> log;
    private final Ec2Clients.Limits limits;
    private final Ec2Clients.Transport transport;

    public Bakery(Consumer<String> log) {
        this(log, Ec2Clients.Limits.DEFAULT);
    }

    public Bakery(Consumer<String> log, Ec2Clients.Limits limits) {
        this(log, limits, Ec2Clients.Transport.APACHE);
    }

    public Bakery(Consumer<String> log, Ec2Clients.Limits limits, Ec2Clients.Transport transport) {
        this.log = log;
        this.limits = limits;
        this.transport = transport;
    }

    public BakeResult bake(BakeRequest request) throws BakeException, InterruptedException {
        Path work = Path.of(request.workDirectory()).toAbsolutePath().normalize();
        Path amiIdFile = work.resolve(request.amiIdFile());
        Map<String, Duration> timings = new LinkedHashMap<>();
        try {
            if (!request.dryRun()) {
                AmiIdFile.removeStale(amiIdFile);
            }
            Ec2Target target = BakePreflight.target(request);
            // The client is built while the preflight (packer version) and the checksum run; it calls nothing before.
            try (EarlyEc2Client early = new EarlyEc2Client(() -> Ec2Clients.open(target, limits, transport))) {
                BakePreflight.Checked checked = BakePreflight.check(request, !request.dryRun());
                Cancel.check("before the checksum");
                return checksumAndLookUp(request, work, checked, amiIdFile, timings, early);
            }
        } catch (IOException e) {
            throw new BakeException(e.getMessage(), e);
        } catch (IllegalArgumentException | Ec2CallException e) {
            throw new BakeException(e.getMessage(), e);
        }
    }

    /** The checksum, then the lookup with the client built meanwhile; Packer only when no AMI carries the checksum. */
    private BakeResult checksumAndLookUp(BakeRequest request, Path work, BakePreflight.Checked checked, Path amiIdFile,
            Map<String, Duration> timings, EarlyEc2Client early) throws IOException, BakeException, InterruptedException {
        Path template = checked.template().path();
        Ec2Target target = checked.target();
        long start = System.nanoTime();
        ChecksumResult checksum = checksum(request, work, template);
        timings.put("checksum", since(start));
        if (checksum.getEntries().isEmpty()) {
            throw new IllegalArgumentException("The AMI definition " + describeDirs(request, template)
                    + " holds no files: the checksum would hash nothing, and every empty definition would share"
                    + " one AMI. Check the definition directories");
        }
        log.accept("Checksum (" + checksum.getMode().getName() + ") of " + checksum.getEntries().size() + " inputs: "
                + checksum.getValue());
        if (request.listingFile() != null) {
            writeListing(work.resolve(request.listingFile()), checksum);
        }

        Ec2Client ec2 = early.get();
        AmiRegistry registry = new AmiRegistry(ec2, target);
        start = System.nanoTime();
        Optional<FoundAmi> found = request.force() ? Optional.empty()
                : lookup(registry, request, checksum.getValue(), true);
        timings.put("lookup", since(start));
        if (found.isPresent()) {
            return finish(request, amiIdFile, checksum, found.get(), request.dryRun() ? BakeOutcome.WOULD_REUSE
                    : BakeOutcome.REUSED, Map.of(target.region(), found.get().imageId()), timings);
        }
        if (request.dryRun()) {
            log.accept(request.force() ? "Dry run: force is set, a bake would run Packer"
                    : "Dry run: no AMI tagged " + request.tagKey() + "=" + checksum.getValue()
                            + ", a bake would run Packer");
            return new BakeResult(null, target.region(), Map.of(), checksum.getValue(),
                    checksum.getMode().getName(), BakeOutcome.WOULD_BAKE, timings);
        }
        return bakeOnce(request, checked, ec2, registry, checksum, amiIdFile, timings);
    }

    /** Bakes under the lock of this definition, so concurrent bakes of the same checksum build once. */
    private BakeResult bakeOnce(BakeRequest request, BakePreflight.Checked checked, Ec2Client ec2,
            AmiRegistry registry, ChecksumResult checksum, Path amiIdFile, Map<String, Duration> timings)
            throws BakeException, InterruptedException, IOException {
        Ec2Target target = checked.target();
        ReentrantLock lock = BakeLocks.lockFor(lockKey(target, checksum.getValue()));
        if (!lock.tryLock()) {
            log.accept("Another bake of checksum " + checksum.getValue() + " in " + target.region()
                    + " is running; waiting for it");
            try {
                lock.lockInterruptibly();
            } catch (InterruptedException e) {
                throw Cancel.during("the wait for another bake of the same checksum", e);
            }
        }
        try {
            if (!request.force()) {
                // Another bake may have finished since the first lookup; a miss was already reported then.
                Optional<FoundAmi> bakedMeanwhile = lookup(registry, request, checksum.getValue(), false);
                if (bakedMeanwhile.isPresent()) {
                    return finish(request, amiIdFile, checksum, bakedMeanwhile.get(), BakeOutcome.REUSED,
                            Map.of(target.region(), bakedMeanwhile.get().imageId()), timings);
                }
            }
            long start = System.nanoTime();
            Map<String, String> amiIds = runPacker(request, checked, ec2, checksum.getValue());
            timings.put("packer", since(start));
            start = System.nanoTime();
            String amiId = amiIds.getOrDefault(target.region(), amiIds.values().iterator().next());
            // Packer has built the AMI: a cancel now waits for the tagging (a few quick EC2 calls, bounded by the
            // client's timeouts) and is honoured after it, so the AMI paid for is found and reused by the next
            // run instead of left untagged. The cancelled bake still fails and writes no .ami_id.json.
            boolean cancelled = Cancel.runUninterruptibly("bake-tagging", () -> {
                try {
                    tagEverywhere(target, registry, amiIds, bakeTags(request, checksum.getValue()));
                    confirm(registry, request, checksum.getValue(), amiId);
                } catch (Ec2CallException e) {
                    throw new BakeException("Packer built " + amiIds + " but tagging or confirming it failed: "
                            + e.getMessage() + ". If it is not tagged, the next bake will not find it: check that"
                            + " the AMI and its snapshots carry " + request.tagKey() + "=" + checksum.getValue()
                            + " (tag them by hand), or deregister it", e);
                }
                return null;
            });
            timings.put("tagging", since(start));
            if (cancelled || Thread.interrupted()) {
                String message = "Bake cancelled after Packer built " + amiIds + ": the AMI was tagged "
                        + request.tagKey() + "=" + checksum.getValue() + " first, so the next bake reuses it; "
                        + amiIdFile.getFileName() + " was not written";
                log.accept(message);
                throw new InterruptedException(message);
            }
            FoundAmi baked = new FoundAmi(amiId, null, null, null, target.region());
            return finish(request, amiIdFile, checksum, baked, BakeOutcome.BAKED, amiIds, timings);
        } finally {
            lock.unlock();
        }
    }

    private Map<String, String> runPacker(BakeRequest request, BakePreflight.Checked checked, Ec2Client ec2,
            String checksum) throws BakeException, InterruptedException {
        Ec2Target target = checked.target();
        log.accept("Using " + checked.packer());
        PackerRunner runner = new PackerRunner(checked.packer());
        PackerInvocation invocation = invocation(request, checked.workDirectory(), checked.template(), target, checksum);
        PackerLogWatcher watcher = new PackerLogWatcher(log);
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try {
            PackerBuildResult result = runner.build(invocation, watcher);
            Map<String, String> amiIds = result.amiIdsByRegion();
            log.accept("Packer built " + amiIds + " in " + seconds(result.buildDuration()));
            return amiIds;
        } catch (PackerInterruptedException e) {
            String cleanup = cleanUp(ec2, target, e.report().resources(), watcher, started);
            InterruptedException stopped = new InterruptedException(e.report().summary() + " " + cleanup);
            stopped.initCause(e);
            throw stopped;
        } catch (PackerCancelledException e) {
            throw new BakeException(e.getMessage() + " " + cleanUp(ec2, target, e.report().resources(), watcher,
                    started), e);
        } catch (PackerException e) {
            // Packer removes its own resources when a build fails, but not the copies of an ami_regions build.
            if (watcher.amiName() != null && !watcher.copyRegions().isEmpty()) {
                cleanUp(ec2, target, PackerResources.none(), watcher, started);
            }
            throw new BakeException(e.getMessage(), e);
        }
    }

    private PackerInvocation invocation(BakeRequest request, Path work, PackerTemplate template, Ec2Target target,
            String checksum) {
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
    private static Map<String, String> packerEnvironment(BakeRequest request) {
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
     * The family the bake tags its AMI with: {@link BakeRequest#family()}, else the template's path relative to the
     * work directory ({@link AmiFamily}).
     *
     * @throws IllegalArgumentException when it cannot be a tag value
     */
    public static String family(BakeRequest request) {
        Path work = Path.of(request.workDirectory()).toAbsolutePath().normalize();
        return AmiFamily.resolve(request.family(), work, work.resolve(request.template()).normalize());
    }

    /** The checksum first (what lookups filter on), then the family (what retention finds the versions by). */
    private static Map<String, String> bakeTags(BakeRequest request, String checksum) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(request.tagKey(), checksum);
        tags.put(AmiFamily.TAG_KEY, family(request));
        return tags;
    }

    private void tagEverywhere(Ec2Target target, AmiRegistry buildRegistry, Map<String, String> amiIds,
            Map<String, String> tags) {
        String tagText = tags.entrySet().stream().map(t -> t.getKey() + "=" + t.getValue())
                .collect(Collectors.joining(", "));
        for (Map.Entry<String, String> entry : amiIds.entrySet()) {
            String region = entry.getKey();
            if (region.equals(target.region())) {
                buildRegistry.tagImageAndSnapshots(entry.getValue(), tags);
            } else {
                Ec2Target regional = target.inRegion(region);
                try (Ec2Client client = Ec2Clients.open(regional, limits, transport)) {
                    new AmiRegistry(client, regional).tagImageAndSnapshots(entry.getValue(), tags);
                }
            }
            log.accept("Tagged " + entry.getValue() + " and its snapshots in " + region + " with " + tagText);
        }
    }

    /** The next run must find what was baked; say so loudly if the configured owners hide it. */
    private void confirm(AmiRegistry registry, BakeRequest request, String checksum, String amiId)
            throws BakeException, InterruptedException {
        Optional<FoundAmi> found = lookup(registry, request, checksum, true);
        if (found.isEmpty() || !found.get().imageId().equals(amiId)) {
            throw new BakeException("Baked " + amiId + " but a lookup of " + request.tagKey() + "=" + checksum
                    + " with owners " + request.owners() + " finds " + found.map(FoundAmi::imageId).orElse("nothing")
                    + ": the next run would not reuse it (check the owners setting)");
        }
    }

    private Optional<FoundAmi> lookup(AmiRegistry registry, BakeRequest request, String checksum, boolean logMiss)
            throws InterruptedException {
        ChecksumLookup lookup;
        try {
            lookup = registry.lookup(request.tagKey(), checksum, request.owners());
        } catch (Ec2CallException e) {
            if (Cancel.isInterrupt(e)) {
                throw Cancel.during("the lookup of " + request.tagKey() + "=" + checksum, e);
            }
            throw e;
        }
        Optional<FoundAmi> found = lookup.found();
        if (!lookup.unusable().isEmpty()) {
            log.accept("Not reusable (not available): " + String.join(", ", lookup.unusable()) + " tagged "
                    + request.tagKey() + "=" + checksum + (found.isPresent() ? "" : "; a new AMI will be baked"));
        }
        if (found.isPresent()) {
            FoundAmi ami = found.get();
            log.accept("Found " + ami.imageId() + " tagged " + request.tagKey() + "=" + checksum
                    + (ami.name() == null ? "" : " (" + ami.name() + ", created " + ami.creationDate() + ")"));
        } else if (logMiss) {
            log.accept("No AMI tagged " + request.tagKey() + "=" + checksum + " owned by " + request.owners() + " in "
                    + registry);
        }
        return found;
    }

    private BakeResult finish(BakeRequest request, Path amiIdFile, ChecksumResult checksum, FoundAmi ami,
            BakeOutcome outcome, Map<String, String> amiIds, Map<String, Duration> timings) throws BakeException {
        BakeResult result = new BakeResult(ami.imageId(), ami.region(), amiIds, checksum.getValue(),
                checksum.getMode().getName(), outcome, timings);
        if (!request.dryRun()) {
            try {
                AmiIdFile.write(amiIdFile, result);
            } catch (IOException e) {
                // After a bake the AMI is paid for and tagged: say which it is, so that nothing is lost
                throw new BakeException((outcome == BakeOutcome.BAKED ? "Baked " + amiIds + " and tagged it "
                        : "Found " + ami.imageId() + " tagged ") + request.tagKey() + "=" + checksum.getValue()
                        + ", but cannot write the AMI id file " + amiIdFile + ": " + AmiIdFile.reason(e)
                        + (outcome == BakeOutcome.BAKED ? ". The next run reuses the AMI instead of baking again" : ""),
                        e);
            }
            log.accept("Wrote " + amiIdFile);
        }
        return result;
    }

    private String cleanUp(Ec2Client ec2, Ec2Target target, PackerResources resources, PackerLogWatcher watcher,
            Instant started) {
        // The SDK refuses to work on an interrupted thread: clear the flag for the cleanup, then restore it.
        boolean interrupted = Thread.interrupted();
        try {
            LeftoverCleaner cleaner = new LeftoverCleaner(ec2, log);
            cleaner.clean(resources);
            String name = watcher.amiName();
            if (name != null) {
                // Also the build region: an image whose "AMI:" line the cancel cut off is found by its name.
                cleaner.cleanImagesNamed(target.region(), name, started);
                for (String region : watcher.copyRegions()) {
                    if (!region.equals(target.region())) {
                        try (Ec2Client regional = Ec2Clients.open(target.inRegion(region), limits, transport)) {
                            cleaner.with(regional).cleanImagesNamed(region, name, started);
                        }
                    }
                }
            }
            String summary = cleaner.summary();
            log.accept(summary);
            return summary;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ChecksumResult checksum(BakeRequest request, Path work, Path template)
            throws IOException, InterruptedException {
        ChecksumMode mode = ChecksumMode.fromName(request.checksumMode());
        List<String> dirs = request.dirs().isEmpty()
                ? List.of((Files.isDirectory(template) ? template : template.getParent()).toString())
                : request.dirs();
        ChecksumRequest.Builder builder = ChecksumRequest.builder(work).directories(dirs).mode(mode);
        if (mode == ChecksumMode.STRICT) {
            builder.template(template.toString());
            request.vars().forEach(builder::var);
            request.varFiles().forEach(builder::varFile);
            request.extraInputs().forEach(builder::extraInput);
            request.excludes().forEach(builder::exclude);
            BAKE_OUTPUTS.forEach(builder::exclude);
        }
        return new ChecksumCalculator().calculate(builder.build());
    }

    private static void writeListing(Path file, ChecksumResult checksum) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, checksum.getListing().format(), StandardCharsets.UTF_8);
    }

    private static String describeDirs(BakeRequest request, Path template) {
        return request.dirs().isEmpty()
                ? "directory " + (Files.isDirectory(template) ? template : template.getParent()) + " (the template's)"
                : (request.dirs().size() == 1 ? "directory " + request.dirs().get(0) : "directories " + request.dirs());
    }

    private static String lockKey(Ec2Target target, String checksum) {
        String who = target.keys() == null ? "default-credentials" : target.keys().accessKeyId();
        return target.endpointForMessages() + "|" + who + "|" + target.region() + "|" + checksum;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
