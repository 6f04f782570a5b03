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
import io.jenkins.plugins.bakeami.engine.packer.PackerDebugLog;
import io.jenkins.plugins.bakeami.engine.packer.PackerRun;
import io.jenkins.plugins.bakeami.engine.registry.AmiFamily;
import io.jenkins.plugins.bakeami.engine.registry.AmiRegistry;
import io.jenkins.plugins.bakeami.engine.registry.ChecksumLookup;
import io.jenkins.plugins.bakeami.engine.registry.FoundAmi;
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
 * The bake: checksum the definition, look for an AMI tagged with it, and return it; if there is none, run Packer,
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
     * lock of the definition ({@link PackerBake}), followed until it ends. An interrupt of this thread stops it the
     * way that lets Packer clean up, and ends with an {@link InterruptedException} that says what was cleaned.
     */
    public BakeResult bake(BakeRequest request) throws BakeException, InterruptedException {
        BakeProbe probe = probe(request);
        return probe.result() != null ? probe.result() : bakeUnderLock(request, probe);
    }

    /**
     * Checks the request, computes the checksum and looks for an AMI that carries it: one checksum and one
     * {@code DescribeImages}. On a hit it writes {@code .ami_id.json} (unless a dry run) and the probe holds the
     * result; on a miss the result is null (a dry run's is WOULD_BAKE) and the Packer part follows.
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

    /** The checksum, then the lookup with the client built meanwhile. */
    private BakeProbe checksumAndLookUp(BakeRequest request, Path work, BakePreflight.Checked checked, Path amiIdFile,
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
        BakeProbe probe = new BakeProbe(checksum.getValue(), checksum.getMode().getName(), timings, null);
        if (found.isPresent()) {
            return probe.with(finish(request, amiIdFile, probe, found.get(), request.dryRun()
                    ? BakeOutcome.WOULD_REUSE : BakeOutcome.REUSED, Map.of(target.region(), found.get().imageId()),
                    timings));
        }
        if (request.dryRun()) {
            log.accept(request.force() ? "Dry run: force is set, a bake would run Packer"
                    : "Dry run: no AMI tagged " + request.tagKey() + "=" + checksum.getValue()
                            + ", a bake would run Packer");
            return probe.with(new BakeResult(null, target.region(), Map.of(), checksum.getValue(),
                    checksum.getMode().getName(), BakeOutcome.WOULD_BAKE, timings));
        }
        return probe;
    }

    /** Bakes under the lock of this definition, so concurrent bakes of the same checksum build once. */
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
        Optional<FoundAmi> found = lookup(registry, request, checksum, true);
        if (found.isEmpty() || !found.get().imageId().equals(amiId)) {
            throw new BakeException("Baked " + amiId + " but a lookup of " + request.tagKey() + "=" + checksum
                    + " with owners " + request.owners() + " finds " + found.map(FoundAmi::imageId).orElse("nothing")
                    + ": the next run would not reuse it (check the owners setting)");
        }
    }

    Optional<FoundAmi> lookup(AmiRegistry registry, BakeRequest request, String checksum, boolean logMiss)
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

    BakeResult finish(BakeRequest request, Path amiIdFile, BakeProbe probe, FoundAmi ami, BakeOutcome outcome,
            Map<String, String> amiIds, Map<String, Duration> timings) throws BakeException {
        BakeResult result = new BakeResult(ami.imageId(), ami.region(), amiIds, probe.checksum(),
                probe.checksumMode(), outcome, timings);
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

    private static ChecksumResult checksum(BakeRequest request, Path work, Path template)
            throws IOException, InterruptedException {
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
