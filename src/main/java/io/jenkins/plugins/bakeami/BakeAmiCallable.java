package io.jenkins.plugins.bakeami;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.bake.BakeException;
import io.jenkins.plugins.bakeami.engine.bake.BakePreflight;
import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.bake.BakeResult;
import io.jenkins.plugins.bakeami.engine.bake.Bakery;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumMode;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import jenkins.MasterToSlaveFileCallable;

/**
 * The bake, sent to the agent that holds the workspace: checksum, lookup and Packer all run there, through the
 * engine's {@link Bakery}. It carries only the resolved {@link BakeAmiParameters} (plain values), the build's
 * {@link TaskListener} (remoting hands it to the agent as a stream to the build log, so Packer's output shows as it
 * comes) and an id under which the controller can stop it ({@link RunningBakes}, {@link StopBakeCallable}).
 *
 * <p>A <em>probe</em> is the same call as a dry run without log or files: it returns the checksum and whether an AMI
 * carries it, so that the controller can take its lock on the checksum before the real bake ({@link BakeAmiRunner}).
 *
 * <p>Errors: an engine {@link BakeException} or an invalid input ({@link IllegalArgumentException}) becomes an
 * {@link AbortException} with the engine's message (the build log shows it without a stack trace). An interrupt
 * (the build's stop) propagates as {@link InterruptedException} after the engine stopped Packer and cleaned up.
 */
public final class BakeAmiCallable extends MasterToSlaveFileCallable<BakeAmiSummary> {
    /** The explain listing, written next to {@code .ami_id.json}; a dotfile, so the ami-bakery checksum skips it. */
    static final String LISTING_FILE_NAME = ".ami_checksum_listing.txt";

    private final BakeAmiParameters parameters;
    private final TaskListener listener;
    private final String bakeId;
    private final boolean probe;
    /** Tests shorten the EC2 client's retries; null: the engine's defaults. Never sent to an agent. */
    private transient Ec2Clients.Limits limits;

    private BakeAmiCallable(BakeAmiParameters parameters, TaskListener listener, boolean probe) {
        this.parameters = parameters;
        this.listener = listener;
        this.bakeId = UUID.randomUUID().toString();
        this.probe = probe;
    }

    /** The bake itself: writes .ami_id.json and the listing, runs Packer when no AMI carries the checksum. */
    public static BakeAmiCallable bake(BakeAmiParameters parameters, TaskListener listener) {
        return new BakeAmiCallable(parameters, listener, false);
    }

    /** Checksum and lookup only (a silent dry run): what the controller needs to take its lock. */
    public static BakeAmiCallable probe(BakeAmiParameters parameters, TaskListener listener) {
        return new BakeAmiCallable(parameters, listener, true);
    }

    @Override
    public BakeAmiSummary invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        try (RunningBakes.Registration running = RunningBakes.register(bakeId, Thread.currentThread())) {
            return bake(workspace, listener.getLogger());
        }
    }

    /** The one engine call: maps the parameters to the engine's request, bakes, maps the result back. */
    BakeAmiSummary bake(File workspace, PrintStream log) throws IOException, InterruptedException {
        Path work = workspace.toPath().toAbsolutePath().normalize();
        Path listing = work.resolve(parameters.getAmiIdFile()).normalize().resolveSibling(LISTING_FILE_NAME);
        Path scratch = null;
        try {
            BakeRequest.Builder request = engineRequest(work);
            if (!probe) {
                Files.deleteIfExists(listing); // a failed bake must not leave the last run's listing to be archived
                scratch = scratchListing(work);
                request.listingFile(scratch.toString());
            }
            Consumer<String> lines = probe ? line -> { } : log::println;
            if (probe && !parameters.isDryRun()) {
                // the probe is a dry run, but a bake may follow it: packer is checked before the probe's lookup
                BakePreflight.check(request.build(), true);
            }
            BakeResult result = (limits == null ? new Bakery(lines) : new Bakery(lines, limits)).bake(request.build());
            if (probe) {
                return new BakeAmiSummary(result, null, null, null);
            }
            String listingText = Files.readString(scratch, StandardCharsets.UTF_8);
            String listingFile = null;
            if (listingMayGoInto(work, listing)) {
                Files.writeString(listing, listingText, StandardCharsets.UTF_8);
                listingFile = relative(work, listing);
            } else {
                log.println(Messages.Log_ListingNotWritten(relative(work, listing)));
            }
            String amiIdFile = result.outcome().dryRun() ? null : relative(work, work.resolve(parameters.getAmiIdFile()));
            return new BakeAmiSummary(result, amiIdFile, listingFile, listingText);
        } catch (BakeException | IllegalArgumentException e) {
            throw new AbortException("bakeAmi: " + e.getMessage());
        } finally {
            if (scratch != null) {
                Files.deleteIfExists(scratch);
            }
        }
    }

    BakeRequest.Builder engineRequest(Path work) {
        BakeAmiParameters p = parameters;
        AgentAwsCredentials credentials = p.getCredentials();
        AwsKeys keys = credentials == null || credentials.usesDefaultChain() ? null
                : new AwsKeys(credentials.getAccessKeyId(), credentials.getSecretAccessKey(), credentials.getSessionToken());
        return BakeRequest.builder(work.toString())
                .template(p.getTemplate())
                .dirs(p.getDirs())
                .checksumMode(p.getChecksumMode())
                .excludes(p.getExcludes())
                .region(p.getRegion())
                .endpoint(p.getEndpoint())
                .keys(keys)
                .environment(packerEnvironment(p.getEnvironment()))
                .tagKey(p.getTagKey())
                .owners(p.getOwners())
                .vars(p.getVars())
                .varFiles(p.getVarFiles())
                .only(p.getOnly() == null ? List.of() : InputRules.splitList(List.of(p.getOnly()), true))
                .subnetId(p.getSubnetId())
                .force(p.isForce())
                .dryRun(probe || p.isDryRun())
                .amiIdFile(p.getAmiIdFile())
                // "packer" (the default) is a command name: the engine searches the PATH of the step's environment
                .packerPath(BakeAmiDefaults.PACKER_PATH.equals(p.getPackerPath()) ? null : p.getPackerPath())
                .timeout(p.getTimeoutMinutes() > 0 ? Duration.ofMinutes(p.getTimeoutMinutes()) : null);
    }

    /**
     * Packer runs in the step's environment (withEnv, withCredentials, the node's variables), not the agent JVM's.
     * Only when the step's environment has no PATH at all is the agent's PATH added, so that packer can be found.
     */
    static Map<String, String> packerEnvironment(Map<String, String> stepEnvironment) {
        Map<String, String> environment = new LinkedHashMap<>(stepEnvironment);
        boolean hasPath = environment.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("PATH"));
        String agentPath = System.getenv("PATH");
        if (!hasPath && agentPath != null) {
            environment.put("PATH", agentPath);
        }
        return environment;
    }

    /**
     * The listing goes into the workspace unless a strict checksum would then cover it (it lies inside a
     * definition directory): the next run's value would change with every bake. ami-bakery skips dotfiles.
     */
    private boolean listingMayGoInto(Path work, Path listing) {
        if (!ChecksumMode.STRICT.getName().equals(parameters.getChecksumMode())) {
            return true;
        }
        for (String dir : parameters.getDirs()) {
            if (listing.startsWith(work.resolve(dir).normalize())) {
                return false;
            }
        }
        return true;
    }

    /** Jenkins' temporary directory of a workspace ({@code WorkspaceList.tempDir}): beside it, never inside. */
    private static Path scratchListing(Path work) throws IOException {
        Path tmp = Files.createDirectories(work.resolveSibling(work.getFileName() + "@tmp"));
        return Files.createTempFile(tmp, "bakeAmi-listing", ".txt");
    }

    private static String relative(Path work, Path file) {
        return work.relativize(file).toString().replace('\\', '/');
    }

    BakeAmiCallable withLimits(Ec2Clients.Limits testLimits) {
        this.limits = testLimits;
        return this;
    }

    String getBakeId() {
        return bakeId;
    }

    boolean isProbe() {
        return probe;
    }

    BakeAmiParameters getParameters() {
        return parameters;
    }

    @Override
    public String toString() {
        return "BakeAmiCallable[" + (probe ? "probe, " : "") + parameters.describe() + "]";
    }

    private static final long serialVersionUID = 1L;
}
