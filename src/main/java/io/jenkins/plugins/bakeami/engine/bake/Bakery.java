package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumCalculator;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumMode;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumRequest;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumResult;
import io.jenkins.plugins.bakeami.engine.checksum.LineEndings;
import io.jenkins.plugins.bakeami.engine.packer.Directories;
import io.jenkins.plugins.bakeami.engine.packer.PackerException;
import io.jenkins.plugins.bakeami.engine.packer.PackerTemplate;
import io.jenkins.plugins.bakeami.engine.packer.PackerDebugLog;
import io.jenkins.plugins.bakeami.engine.packer.PackerRun;
import io.jenkins.plugins.bakeami.engine.registry.AmiFamily;
import io.jenkins.plugins.bakeami.engine.registry.AmiRegistry;
import io.jenkins.plugins.bakeami.engine.registry.BaseImage;
import io.jenkins.plugins.bakeami.engine.registry.ChecksumLookup;
import io.jenkins.plugins.bakeami.engine.registry.FoundAmi;
import io.jenkins.plugins.bakeami.engine.registry.SourceImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The bake: resolve the template's base image, checksum the definition, look for an AMI tagged with it (and baked
 * from that base) in every target region, and return it; when a region lacks it, copy it there; if there is none,
 * run Packer, tag the new AMI and its snapshots in every region it was copied to, confirm a lookup finds it, and
 * return it. Either way {@code .ami_id.json} is written (atomically, only on success). Knows nothing of Jenkins.
 */
public final class Bakery {
    /** The variable a template may declare to receive the EC2 endpoint (for {@code custom_endpoint_ec2}). */
    public static final String ENDPOINT_VARIABLE = "ec2_endpoint";

    /**
     * What a bake itself writes next to the definition (the seed's manifest post-processor, our .ami_id.json,
     * Packer's cache) never feeds the strict checksum: otherwise every bake would change the next run's value.
     * Public so that a lookup outside a bake (the CLI's {@code lookup}) computes the same strict checksum.
     */
    public static final List<String> BAKE_OUTPUTS = List.of("**/.manifest.json", "**/.ami_id.json", "**/packer_cache/**",
            "**/" + PackerDebugLog.DIRECTORY + "/**");

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

    /**
     * The whole bake on this thread: {@link #probe}, then, when no AMI carries the checksum, Packer under this JVM's
     * lock of the definition ({@link PackerBake}), followed until it ends; or, when only regions lack it, the copies
     * ({@link RegionRepair}), waited for. An interrupt of this thread stops it the way that lets Packer clean up (or
     * removes the copies), and ends with an {@link InterruptedException} that says what was cleaned.
     */
    public BakeResult bake(BakeRequest request) throws BakeException, InterruptedException {
        BakeProbe probe = probe(request);
        BakeResult result;
        try {
            result = probe.result() != null ? probe.result() : bakeUnderLock(request, probe);
        } catch (BakeException e) {
            finishSweep(request);
            throw e;
        }
        finishSweep(request);
        return result;
    }

    /** What the probe's sweep of the journal started and the bake's end did not finish: waited for here. */
    private void finishSweep(BakeRequest request) {
        new BakeJournaling(this).sweep(request, BakePreflight.target(request), true);
    }

    /**
     * Checks the request, resolves the base image, computes the checksum and looks for an AMI that carries it in
     * every target region: one checksum and one {@code DescribeImages} per target region (plus one for a
     * {@code source_ami_filter}). On a hit it writes {@code .ami_id.json} (unless a dry run) and the probe holds the
     * result; when only other regions lack the AMI, the probe holds the copies to make; on a miss both are null (a
     * dry run's result is WOULD_BAKE, or WOULD_REUSE when it would copy) and the Packer part follows. Before the
     * checksum, it starts the sweep of what killed bakes on this machine left ({@link BakeJournaling}): EC2 calls
     * only when the journal holds such a bake.
     */
    public BakeProbe probe(BakeRequest request) throws BakeException, InterruptedException {
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
                new BakeJournaling(this).sweep(request, target, false);
                if (!request.dryRun()) {
                    // an earlier bake's debug log: never archived as this one's
                    Files.deleteIfExists(PackerDebugLog.target(amiIdFile));
                }
                Cancel.check("before the checksum");
                return checksumAndLookUp(request, work, checked, amiIdFile, timings, early);
            }
        } catch (IOException e) {
            throw new BakeException(e.getMessage(), e);
        } catch (IllegalArgumentException | Ec2CallException e) {
            throw new BakeException(e.getMessage(), e);
        }
    }

    /**
     * What a lookup outside a bake found (the CLI's {@code lookup}).
     *
     * @param checksum  the checksum looked up
     * @param found     the build region's AMI a bake would reuse, or null
     * @param amiIds    region to AMI of every target region that has one
     * @param missing   target regions without one (a bake would copy it there)
     * @param baseImage the base image resolved, or null when it is not tracked
     */
    public record Lookup(String checksum, FoundAmi found, Map<String, String> amiIds, List<String> missing,
            String baseImage) {
    }

    /** The checksum of a definition, given the base image resolved (null: not tracked), as the strict mode needs. */
    public interface ChecksumOfBase {
        String checksum(String baseImage) throws IOException, InterruptedException;
    }

    /**
     * Looks up what a bake would reuse, changing nothing: the base image and the target regions from the request's
     * template (without a template: no base is tracked and only the build region is searched), then the checksum
     * computed with that base, then one DescribeImages per target region.
     */
    public Lookup lookUp(BakeRequest request, ChecksumOfBase checksum) throws BakeException, InterruptedException {
        try {
            Ec2Target target = BakePreflight.target(request);
            AmiRegistry.requireValidTagKey(request.tagKey());
            BakePreflight.requireOwnSourceTagKey(request);
            try (Ec2Client ec2 = openEc2(target)) {
                BaseImage base = null;
                List<String> regions = List.of(target.region());
                if (request.template() != null) {
                    Path work = Path.of(request.workDirectory()).toAbsolutePath().normalize();
                    BakeTemplate template = BakeTemplate.read(request,
                            PackerTemplate.load(BakePreflight.requireTemplate(work, request.template())), target);
                    base = template.base(request.baseImage(), () -> new SourceImages(ec2, target), log);
                    regions = template.targetRegions(log);
                } else if (request.baseImage() == BaseImagePolicy.REQUIRE) {
                    throw new IllegalArgumentException("Cannot resolve the base image (baseImage: require): no"
                            + " template given");
                }
                String value = checksum.checksum(base == null ? null : base.imageId());
                AmiLookup.Outcome found = new AmiLookup(this, request, target).find(ec2, value, base, regions, false);
                return new Lookup(value, found.reusable(), found.amiIds(), found.missing(),
                        base == null ? null : base.imageId());
            }
        } catch (IOException e) {
            throw new BakeException(e.getMessage(), e);
        } catch (PackerException | IllegalArgumentException | Ec2CallException e) {
            throw new BakeException(e.getMessage(), e);
        }
    }

    /**
     * The checksum, then the base image and the lookup with the client built meanwhile; in strict mode the base is
     * an input of the checksum, so it is resolved first.
     */
    private BakeProbe checksumAndLookUp(BakeRequest request, Path work, BakePreflight.Checked checked, Path amiIdFile,
            Map<String, Duration> timings, EarlyEc2Client early) throws IOException, BakeException, InterruptedException {
        Path template = checked.template().path();
        Ec2Target target = checked.target();
        BakeTemplate settings = BakeTemplate.read(request, checked.template(), target);
        boolean strict = ChecksumMode.fromName(request.checksumMode()) == ChecksumMode.STRICT;
        long start = System.nanoTime();
        BaseImage base = strict ? settings.base(request.baseImage(), () -> new SourceImages(early.get(), target), log)
                : null;
        Duration baseLookup = since(start);
        start = System.nanoTime();
        ChecksumResult checksum = checksum(request, work, template, base, target.region());
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
        start = System.nanoTime();
        if (!strict) {
            base = settings.base(request.baseImage(), () -> new SourceImages(ec2, target), log);
        }
        List<String> regions = settings.targetRegions(log);
        AmiLookup.Outcome found = request.force() ? AmiLookup.Outcome.NONE
                : new AmiLookup(this, request, target).find(ec2, checksum.getValue(), base, regions, true);
        timings.put("lookup", since(start).plus(baseLookup));
        BakeProbe probe = new BakeProbe(checksum.getValue(), checksum.getMode().getName(), timings, null,
                base == null ? null : base.imageId(), regions, null);
        if (found.complete()) {
            return probe.with(finish(request, amiIdFile, probe, found.reusable(), request.dryRun()
                    ? BakeOutcome.WOULD_REUSE : BakeOutcome.REUSED, found.amiIds(), timings,
                    found.reusable().tag(request.sourceTagKey())));
        }
        RegionCopies repair = found.reusable() == null ? null
                : RegionRepair.plan(request, settings.settings(), found, regions, log);
        if (request.dryRun()) {
            if (repair != null) {
                log.accept("Dry run: a bake would copy " + repair.sourceImageId() + " to "
                        + String.join(", ", repair.missingRegions()) + " and run no Packer");
                return probe.with(new BakeResult(found.reusable().imageId(), target.region(), found.amiIds(),
                        checksum.getValue(), checksum.getMode().getName(), BakeOutcome.WOULD_REUSE, timings,
                        repair.sourceAmi()));
            }
            log.accept(request.force() ? "Dry run: force is set, a bake would run Packer"
                    : "Dry run: no AMI tagged " + request.tagKey() + "=" + checksum.getValue()
                            + ", a bake would run Packer");
            return probe.with(new BakeResult(null, target.region(), Map.of(), checksum.getValue(),
                    checksum.getMode().getName(), BakeOutcome.WOULD_BAKE, timings, null));
        }
        return repair == null ? probe : probe.withRepair(repair);
    }

    /**
     * Bakes (or copies to the regions that lack the AMI) under the lock of this definition, so concurrent bakes of
     * the same checksum build once.
     */
    private BakeResult bakeUnderLock(BakeRequest request, BakeProbe probe) throws BakeException, InterruptedException {
        Ec2Target target = BakePreflight.target(request);
        ReentrantLock lock = BakeLocks.lockFor(lockKey(target, probe.checksum()));
        boolean waited = !lock.tryLock();
        if (waited) {
            log.accept("Another bake of checksum " + probe.checksum() + " in " + target.region()
                    + " is running; waiting for it");
            try {
                lock.lockInterruptibly();
            } catch (InterruptedException e) {
                throw Cancel.during("the wait for another bake of the same checksum", e);
            }
        }
        Path directory = null;
        try {
            if (probe.repair() != null) {
                return new RegionRepair(this).run(request, probe, waited);
            }
            directory = Files.createTempDirectory("bakeAmi-");
            PackerBake packer = new PackerBake(this);
            // Another bake may have finished while this one waited; without waiting, the probe's lookup is current.
            PackerBake.Started started = packer.start(request, probe, waited, directory);
            if (started.reused() != null) {
                return started.reused();
            }
            PackerRun run = started.run();
            packer.await(request, probe, run);
            return run.stopped() ? packer.cleanUp(request, probe, run).raise() : packer.finish(request, probe, run);
        } catch (IOException e) {
            throw new BakeException("Cannot create a directory for Packer's files: " + e.getMessage(), e);
        } finally {
            if (directory != null) {
                Directories.deleteTree(directory);
            }
            lock.unlock();
        }
    }

    /** The next run must find what was baked; say so loudly if the configured owners hide it. */
    void confirm(AmiRegistry registry, BakeRequest request, String checksum, String amiId)
            throws BakeException, InterruptedException {
        Optional<FoundAmi> found = lookup(registry, request, checksum).found();
        if (found.isEmpty() || !found.get().imageId().equals(amiId)) {
            throw new BakeException("Baked " + amiId + " but a lookup of " + request.tagKey() + "=" + checksum
                    + " with owners " + request.owners() + " finds " + found.map(FoundAmi::imageId).orElse("nothing")
                    + ": the next run would not reuse it (check the owners setting)");
        }
    }

    /** The AMIs tagged with the checksum in the registry's region; says which of them cannot be used. */
    ChecksumLookup lookup(AmiRegistry registry, BakeRequest request, String checksum) throws InterruptedException {
        ChecksumLookup lookup;
        try {
            lookup = registry.lookup(request.tagKey(), checksum, request.owners());
        } catch (Ec2CallException e) {
            if (Cancel.isInterrupt(e)) {
                throw Cancel.during("the lookup of " + request.tagKey() + "=" + checksum, e);
            }
            throw e;
        }
        if (!lookup.unusable().isEmpty()) {
            log.accept("Not reusable (not available): " + String.join(", ", lookup.unusable()) + " tagged "
                    + request.tagKey() + "=" + checksum + (lookup.found().isPresent() ? ""
                            : "; a new AMI will be baked"));
        }
        return lookup;
    }

    BakeResult finish(BakeRequest request, Path amiIdFile, BakeProbe probe, FoundAmi ami, BakeOutcome outcome,
            Map<String, String> amiIds, Map<String, Duration> timings, String sourceAmi) throws BakeException {
        BakeResult result = new BakeResult(ami.imageId(), ami.region(), amiIds, probe.checksum(),
                probe.checksumMode(), outcome, timings, sourceAmi);
        if (!request.dryRun()) {
            try {
                AmiIdFile.write(amiIdFile, result);
            } catch (IOException e) {
                // After a bake the AMI is paid for and tagged: say which it is, so that nothing is lost
                throw new BakeException((outcome == BakeOutcome.BAKED ? "Baked " + amiIds + " and tagged it "
                        : "Found " + ami.imageId() + " tagged ") + request.tagKey() + "=" + probe.checksum()
                        + ", but cannot write the AMI id file " + amiIdFile + ": " + AmiIdFile.reason(e)
                        + (outcome == BakeOutcome.BAKED ? ". The next run reuses the AMI instead of baking again" : ""),
                        e);
            }
            log.accept("Wrote " + amiIdFile);
        }
        return result;
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

    Consumer<String> log() {
        return log;
    }

    Ec2Client openEc2(Ec2Target target) {
        return Ec2Clients.open(target, limits, transport);
    }

    private static ChecksumResult checksum(BakeRequest request, Path work, Path template, BaseImage base,
            String region) throws IOException, InterruptedException {
        ChecksumMode mode = ChecksumMode.fromName(request.checksumMode());
        List<String> dirs = request.dirs().isEmpty()
                ? List.of((Files.isDirectory(template) ? template : template.getParent()).toString())
                : request.dirs();
        ChecksumRequest.Builder builder = ChecksumRequest.builder(work).directories(dirs).mode(mode)
                .lineEndings(LineEndings.fromName(request.lineEndings()));
        if (mode == ChecksumMode.STRICT) {
            builder.template(template.toString());
            request.vars().forEach(builder::var);
            request.varFiles().forEach(builder::varFile);
            request.extraInputs().forEach(builder::extraInput);
            request.excludes().forEach(builder::exclude);
            BAKE_OUTPUTS.forEach(builder::exclude);
            if (base != null) {
                builder.baseImage(region, base.imageId());
            }
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

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
