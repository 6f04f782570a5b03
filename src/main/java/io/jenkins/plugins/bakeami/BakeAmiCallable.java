package io.jenkins.plugins.bakeami;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.bake.BakeException;
import io.jenkins.plugins.bakeami.engine.bake.BakeProbe;
import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.bake.BakeResult;
import io.jenkins.plugins.bakeami.engine.bake.Bakery;
import io.jenkins.plugins.bakeami.engine.bake.BaseImagePolicy;
import io.jenkins.plugins.bakeami.engine.bake.PackerBake;
import io.jenkins.plugins.bakeami.engine.bake.RegionRepair;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumMode;
import io.jenkins.plugins.bakeami.engine.lifecycle.PruneRequest;
import io.jenkins.plugins.bakeami.engine.lifecycle.Pruner;
import io.jenkins.plugins.bakeami.engine.packer.Directories;
import io.jenkins.plugins.bakeami.engine.packer.PackerDebugLog;
import io.jenkins.plugins.bakeami.engine.packer.PackerRun;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/**
 * One short call to the agent that holds the workspace: a phase of the engine's bake ({@link Bakery#probe},
 * {@link PackerBake}'s start, poll, stop, finish, clean up). It carries the resolved {@link BakeAmiParameters} (plain
 * values, the AWS keys among them: sent, never stored), the bake's id and, after the probe, the checksum; a Packer
 * run's state travels with the calls that follow it. No call lasts as long as the bake: Packer runs detached, its
 * files in the workspace's temporary directory ({@code <workspace>@tmp/bakeAmi-<id>}, Jenkins' convention).
 *
 * <p>The lines the engine logs come back in the {@link AgentReply}, with the outcome, for the controller to print:
 * nothing is written to a remote stream. An engine {@link BakeException} or an invalid input becomes a FAILED reply
 * with the engine's message (an AbortException on the controller, so no stack trace); the control directory is
 * removed once a bake is over.
 */
public abstract class BakeAmiCallable extends MasterToSlaveFileCallable<AgentReply> {
    /** The explain listing, written next to {@code .ami_id.json}; a dotfile, so the ami-bakery checksum skips it. */
    static final String LISTING_FILE_NAME = ".ami_checksum_listing.txt";
    /** The listing as the probe writes it, in the control directory, until the bake ends. */
    private static final String SCRATCH_LISTING = "listing.txt";

    private final BakeAmiParameters parameters;
    private final String bakeId;
    /** Tests shorten the EC2 client's retries; null: the engine's defaults. Never sent to an agent. */
    private transient Ec2Clients.Limits limits;

    private BakeAmiCallable(BakeAmiParameters parameters, String bakeId) {
        this.parameters = parameters;
        this.bakeId = bakeId;
    }

    static BakeAmiCallable probe(BakeAmiParameters parameters, String bakeId) {
        return new Probe(parameters, bakeId);
    }

    /** Ends a bake that stops after its probe (waiting for the lock): removes what the probe left for the finish. */
    static BakeAmiCallable discard(BakeAmiParameters parameters, String bakeId) {
        return new Discard(parameters, bakeId);
    }

    static BakeAmiCallable start(BakeAmiParameters parameters, String bakeId, BakeProbe probe, boolean lookAgain) {
        return new Start(parameters, bakeId, probe, lookAgain);
    }

    static BakeAmiCallable poll(BakeAmiParameters parameters, String bakeId, BakeProbe probe, PackerRun run) {
        return new Follow(parameters, bakeId, probe, run, false);
    }

    static BakeAmiCallable stop(BakeAmiParameters parameters, String bakeId, BakeProbe probe, PackerRun run) {
        return new Follow(parameters, bakeId, probe, run, true);
    }

    static BakeAmiCallable finish(BakeAmiParameters parameters, String bakeId, BakeProbe probe, PackerRun run) {
        return new Finish(parameters, bakeId, probe, run);
    }

    static BakeAmiCallable cleanUp(BakeAmiParameters parameters, String bakeId, BakeProbe probe, PackerRun run) {
        return new CleanUp(parameters, bakeId, probe, run);
    }

    /** After a successful bake or reuse ({@code keep}): prunes the family, always keeping {@code checksum}'s AMI. */
    static BakeAmiCallable prune(BakeAmiParameters parameters, String bakeId, String checksum, boolean dryRun) {
        return new Prune(parameters, bakeId, checksum, dryRun);
    }

    @Override
    public final AgentReply invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        Path work = workspace.toPath().toAbsolutePath().normalize();
        List<String> lines = new ArrayList<>();
        AgentReply reply;
        try {
            reply = call(work, engineRequest(work), lines);
        } catch (BakeException | IllegalArgumentException e) {
            reply = AgentReply.failed(lines, "bakeAmi: " + e.getMessage());
        } catch (InterruptedException e) {
            Directories.deleteTree(controlDirectory(work));
            throw e;
        }
        if (reply.getOutcome() != AgentReply.Outcome.CONTINUE) {
            Directories.deleteTree(controlDirectory(work));
        }
        return reply.getOutcome() == AgentReply.Outcome.FAILED || reply.getOutcome() == AgentReply.Outcome.STOPPED
                ? reply.withDebugLogFile(debugLogFile(work)) : reply;
    }

    /** The debug log this bake wrote ({@code debug}), workspace-relative; null when there is none. */
    private String debugLogFile(Path work) {
        Path debugLog = PackerDebugLog.target(work.resolve(parameters.getAmiIdFile()));
        return parameters.isDebug() && Files.isRegularFile(debugLog) ? relative(work, debugLog) : null;
    }

    /** The phase itself; the lines the engine logs go to {@code lines}. */
    abstract AgentReply call(Path work, BakeRequest request, List<String> lines)
            throws BakeException, IOException, InterruptedException;

    /**
     * Where this bake keeps its files on the agent: Jenkins' temporary directory of the workspace
     * ({@code WorkspaceList.tempDir}: beside it, never inside), one directory per bake.
     */
    final Path controlDirectory(Path work) {
        return work.resolveSibling(work.getFileName() + "@tmp").resolve("bakeAmi-" + bakeId);
    }

    final Bakery bakery(List<String> lines) {
        return new Bakery(lines::add, limits(), Ec2Clients.Transport.APACHE);
    }

    final PackerBake packerBake(List<String> lines) {
        return new PackerBake(lines::add, limits(), Ec2Clients.Transport.APACHE);
    }

    final Ec2Clients.Limits limits() {
        return limits == null ? Ec2Clients.Limits.DEFAULT : limits;
    }

    final RegionRepair regionRepair(List<String> lines) {
        return new RegionRepair(lines::add, limits(), Ec2Clients.Transport.APACHE);
    }

    /** The engine's request: the workspace as work directory, the listing written into the control directory. */
    BakeRequest engineRequest(Path work) {
        return engineRequest(parameters, work).listingFile(controlDirectory(work).resolve(SCRATCH_LISTING).toString())
                .bakeId(bakeId).build();
    }

    /** The engine's request for these parameters, the workspace as work directory (also what pruneAmis checksums). */
    static BakeRequest.Builder engineRequest(BakeAmiParameters p, Path work) {
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
                .dryRun(p.isDryRun())
                .amiIdFile(p.getAmiIdFile())
                // "packer" (the default) is a command name: the engine searches the PATH of the step's environment
                .packerPath(BakeAmiDefaults.PACKER_PATH.equals(p.getPackerPath()) ? null : p.getPackerPath())
                .timeout(p.getTimeoutMinutes() > 0 ? Duration.ofMinutes(p.getTimeoutMinutes()) : null)
                .baseImage(BaseImagePolicy.fromName(p.getBaseImage()))
                .sourceTagKey(p.getSourceTagKey())
                .repairRegions(p.isRepairRegions())
                .family(p.getFamily())
                .accessName(p.getAccess())
                .role(credentials == null ? null : credentials.getRole())
                .lineEndings(p.getLineEndings())
                .debug(p.isDebug())
                .onError(p.getOnError())
                .init(p.getInit())
                .pluginPath(p.getPluginPath())
                .githubToken(p.getGithubToken());
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
     * The bake's result with what the Jenkins layer keeps of it: the listing copied next to {@code .ami_id.json}
     * (unless a strict checksum would then cover it: it lies inside a definition directory, and the next run's
     * value would change with every bake; ami-bakery skips dotfiles), and the workspace-relative files to archive.
     */
    final BakeAmiSummary summary(Path work, BakeResult result, List<String> lines) throws IOException {
        Path scratch = controlDirectory(work).resolve(SCRATCH_LISTING);
        String listingText = Files.exists(scratch) ? Files.readString(scratch, StandardCharsets.UTF_8) : null;
        Path listing = work.resolve(parameters.getAmiIdFile()).normalize().resolveSibling(LISTING_FILE_NAME);
        String listingFile = null;
        if (listingText != null && listingMayGoInto(work, listing)) {
            Files.writeString(listing, listingText, StandardCharsets.UTF_8);
            listingFile = relative(work, listing);
        } else if (listingText != null) {
            lines.add(Messages.Log_ListingNotWritten(relative(work, listing)));
        }
        String amiIdFile = result.outcome().dryRun() ? null : relative(work, work.resolve(parameters.getAmiIdFile()));
        return new BakeAmiSummary(result, amiIdFile, listingFile, listingText, debugLogFile(work));
    }

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

    private static String relative(Path work, Path file) {
        return work.relativize(file).toString().replace('\\', '/');
    }

    BakeAmiCallable withLimits(Ec2Clients.Limits testLimits) {
        this.limits = testLimits;
        return this;
    }

    BakeAmiParameters getParameters() {
        return parameters;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + bakeId + ", " + parameters.describe() + "]";
    }

    private static final long serialVersionUID = 1L;

    /** Checksum and lookup; on a hit also {@code .ami_id.json}: a no-op bake is this one call. */
    private static final class Probe extends BakeAmiCallable {
        Probe(BakeAmiParameters parameters, String bakeId) {
            super(parameters, bakeId);
        }

        @Override
        AgentReply call(Path work, BakeRequest request, List<String> lines)
                throws BakeException, IOException, InterruptedException {
            // a failed bake must not leave the last run's listing to be archived
            Files.deleteIfExists(work.resolve(request.amiIdFile()).normalize().resolveSibling(LISTING_FILE_NAME));
            BakeProbe probe = bakery(lines).probe(request);
            if (probe.result() != null) {
                return AgentReply.done(lines, summary(work, probe.result(), lines));
            }
            return AgentReply.missed(lines, probe);
        }

        private static final long serialVersionUID = 1L;
    }

    /** The bake ends before Packer: nothing runs, the control directory goes (as after every last call). */
    private static final class Discard extends BakeAmiCallable {
        Discard(BakeAmiParameters parameters, String bakeId) {
            super(parameters, bakeId);
        }

        @Override
        AgentReply call(Path work, BakeRequest request, List<String> lines) {
            return AgentReply.stopped(lines, Messages.Log_StoppedBeforePacker());
        }

        private static final long serialVersionUID = 1L;
    }

    /** A call about the Packer part, given the probe. */
    private abstract static class AfterProbe extends BakeAmiCallable {
        final BakeProbe probe;

        AfterProbe(BakeAmiParameters parameters, String bakeId, BakeProbe probe) {
            super(parameters, bakeId);
            this.probe = probe;
        }

        private static final long serialVersionUID = 1L;
    }

    /**
     * Under the controller's lock: look again if it waited, then validate and launch Packer detached, or, when only
     * regions lack the AMI, start the copies.
     */
    private static final class Start extends AfterProbe {
        private final boolean lookAgain;

        Start(BakeAmiParameters parameters, String bakeId, BakeProbe probe, boolean lookAgain) {
            super(parameters, bakeId, probe);
            this.lookAgain = lookAgain;
        }

        @Override
        AgentReply call(Path work, BakeRequest request, List<String> lines)
                throws BakeException, IOException, InterruptedException {
            if (probe.repair() != null) {
                return AgentReply.copying(lines, regionRepair(lines).start(request, probe, lookAgain));
            }
            PackerBake.Started started = packerBake(lines).start(request, probe, lookAgain, controlDirectory(work));
            return started.reused() != null ? AgentReply.done(lines, summary(work, started.reused(), lines))
                    : AgentReply.running(lines, started.run());
        }

        private static final long serialVersionUID = 1L;
    }

    /** A call about a running (or ended) Packer build: its state travels with the call and comes back. */
    private abstract static class AboutRun extends AfterProbe {
        final PackerRun run;

        AboutRun(BakeAmiParameters parameters, String bakeId, BakeProbe probe, PackerRun run) {
            super(parameters, bakeId, probe);
            this.run = run;
        }

        private static final long serialVersionUID = 1L;
    }

    /**
     * Packer's new output and its state; or, as a stop, SIGTERM (a second one kills). For copies to regions: their
     * state (a stop of copies is their clean-up).
     */
    private static final class Follow extends AboutRun {
        private final boolean stop;

        Follow(BakeAmiParameters parameters, String bakeId, BakeProbe probe, PackerRun run, boolean stop) {
            super(parameters, bakeId, probe, run);
            this.stop = stop;
        }

        @Override
        AgentReply call(Path work, BakeRequest request, List<String> lines) throws BakeException {
            if (probe.repair() != null) {
                regionRepair(lines).poll(request, probe.repair());
                return AgentReply.copying(lines, probe.repair());
            }
            if (stop) {
                packerBake(lines).stop(request, probe, run);
            } else {
                packerBake(lines).poll(request, probe, run);
            }
            return AgentReply.running(lines, run);
        }

        private static final long serialVersionUID = 1L;
    }

    /** Packer ended by itself: its result, the tags, the confirming lookup, .ami_id.json; or the copies ended. */
    private static final class Finish extends AboutRun {
        Finish(BakeAmiParameters parameters, String bakeId, BakeProbe probe, PackerRun run) {
            super(parameters, bakeId, probe, run);
        }

        @Override
        AgentReply call(Path work, BakeRequest request, List<String> lines)
                throws BakeException, IOException, InterruptedException {
            BakeResult result = probe.repair() != null ? regionRepair(lines).finish(request, probe, probe.repair())
                    : packerBake(lines).finish(request, probe, run);
            return AgentReply.done(lines, summary(work, result, lines));
        }

        private static final long serialVersionUID = 1L;
    }

    /**
     * The prune after the bake, as pruneAmis prunes (docs/lifecycle.md), with the bake's family and access and the
     * bake's checksum as the current one. Short: EC2 calls only, no wait for a state. A prune that cannot start (the
     * regions cannot be listed) is a FAILED reply, which fails the prune, not the bake.
     */
    private static final class Prune extends BakeAmiCallable {
        private final String checksum;
        private final boolean dryRun;

        Prune(BakeAmiParameters parameters, String bakeId, String checksum, boolean dryRun) {
            super(parameters, bakeId);
            this.checksum = checksum;
            this.dryRun = dryRun;
        }

        @Override
        AgentReply call(Path work, BakeRequest request, List<String> lines) throws InterruptedException {
            try {
                PruneRequest prune = PruneRequest.of(request, checksum, getParameters().retention(), dryRun);
                return AgentReply.pruned(lines, new Pruner(line -> lines.add(Messages.Log_KeepPrune(line)), limits(),
                        Ec2Clients.Transport.APACHE, Clock.systemUTC()).prune(prune));
            } catch (Ec2CallException e) {
                return AgentReply.failed(lines, e.getMessage());
            }
        }

        private static final long serialVersionUID = 1L;
    }

    /** Packer was stopped: remove what it left in EC2, say what; or remove the copies started. */
    private static final class CleanUp extends AboutRun {
        CleanUp(BakeAmiParameters parameters, String bakeId, BakeProbe probe, PackerRun run) {
            super(parameters, bakeId, probe, run);
        }

        @Override
        AgentReply call(Path work, BakeRequest request, List<String> lines) throws BakeException {
            if (probe.repair() != null) {
                return AgentReply.stopped(lines, regionRepair(lines).cancel(request, probe.repair()));
            }
            PackerBake.Stopped stopped = packerBake(lines).cleanUp(request, probe, run);
            return stopped.interrupted() ? AgentReply.stopped(lines, stopped.message())
                    : AgentReply.failed(lines, "bakeAmi: " + stopped.message());
        }

        private static final long serialVersionUID = 1L;
    }
}
