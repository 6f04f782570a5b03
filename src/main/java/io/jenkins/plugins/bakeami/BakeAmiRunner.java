package io.jenkins.plugins.bakeami;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Node;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.bakeami.engine.bake.BakeOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import jenkins.model.Jenkins;
import jenkins.util.BuildListenerAdapter;
import org.jenkinsci.plugins.workflow.FilePathUtils;

/**
 * The controller's side of a bake, shared by the pipeline step and the freestyle builder:
 * <ol>
 * <li>resolve the AWS access, the options and packer against the global defaults and the build's environment
 * ({@link #resolve});</li>
 * <li>the bake itself, a {@link DurableBake} of short calls to the agent: the pipeline step advances it from
 * Jenkins' timer ({@link BakeAmiStep}), the freestyle builder on its own thread ({@link #bake});</li>
 * <li>record the result on the build: the log lines, the action (with the files changed since the last bake's
 * listing) and the archived {@code .ami_id.json} and listing ({@link #record}).</li>
 * </ol>
 */
final class BakeAmiRunner {
    /** How many earlier builds are searched for the last bake's listing (each one may have to be loaded from disk). */
    static final int MAX_BUILDS_BACK = 50;

    private BakeAmiRunner() {
    }

    /**
     * The freestyle builder's bake, synchronous: the same calls as the pipeline step's, made on the build's thread.
     * The build's stop (an interrupt of this thread) stops the bake the way the pipeline step's stop does, waiting
     * for Packer's cleanup; the build then ends with an InterruptedException (ABORTED).
     */
    static BakeAmiSummary bake(BakeAmiSettings settings, Run<?, ?> run, FilePath workspace, EnvVars env,
            Launcher launcher, TaskListener listener) throws IOException, InterruptedException {
        BakeAmiParameters parameters = resolve(settings, BakeAmiGlobalConfiguration.current(), run, env,
                FilePathUtils.getNodeName(workspace), listener);
        PrintStream log = listener.getLogger();
        log.println(Messages.Log_Starting(parameters.describe()));
        DurableBake bake = new DurableBake(newBakeId());
        DurableBake.Locks locks = BakeLockTable.CONTROLLER.forBuild(run.getExternalizableId());
        AgentCalls agent = new AgentCalls(workspace, () -> stop(bake, log));
        while (true) {
            DurableBake.Next next;
            try {
                next = bake.advance(agent, parameters, locks, log::println);
            } catch (InterruptedException e) {
                continue; // a cut probe: AgentCalls already asked the bake to stop, the next advance ends it
            }
            if (next.isDone()) {
                if (next.summary() != null) {
                    record(settings, next, run, workspace, launcher, listener);
                    if (next.stopped() != null) {
                        throw new InterruptedException(next.stopped()); // during the prune after the bake
                    }
                    return next.summary();
                }
                archiveDebugLog(settings, next, run, workspace, launcher, listener);
                if (next.stopped() != null) {
                    throw new InterruptedException(next.stopped());
                }
                throw new AbortException(next.failure());
            }
            try {
                Thread.sleep(next.pauseMillis());
            } catch (InterruptedException e) {
                stop(bake, log);
            }
        }
    }

    private static void stop(DurableBake bake, PrintStream log) {
        log.println(Messages.Log_Stopping());
        bake.requestStop();
    }

    static String newBakeId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Options, AWS access and packer, resolved on the controller against the global defaults and the build's
     * environment; a bad value fails the build with its message only (starting with {@code step}). A Packer
     * installation is resolved for the workspace's node {@code nodeName} ("" for the built-in node): its home there
     * (Tool Locations, or installed there by the tool's installers first). After a restart the durable step resolves
     * them again, the same way (against the global defaults it started with): the keys (or none) and the role, never
     * a session.
     */
    static BakeAmiParameters resolve(BakeAmiSettings settings, GlobalDefaults defaults, Run<?, ?> run, EnvVars env,
            String nodeName, TaskListener listener, String step) throws IOException, InterruptedException {
        String tokenId = InputRules.trimToNull(settings.getGithubTokenCredentialsId());
        String githubToken = tokenId == null ? null : SecretTextLookup.resolve(tokenId, run, step);
        String credentialsId = AgentAwsCredentialsResolver.credentialsId(settings.getCredentialsId(),
                defaults.getCredentialsId(), env);
        try {
            AgentAwsCredentials credentials = access(settings, credentialsId, run, env, step);
            String tool = BakeAmiParameters.packerToolName(settings, defaults);
            String packer = tool == null ? null : PackerInstallation.executable(tool, node(nodeName), env, listener);
            return BakeAmiParameters.from(settings, defaults, env, credentialsId, credentials, packer, githubToken);
        } catch (IllegalArgumentException e) {
            throw new AbortException(step + ": " + e.getMessage());
        }
    }

    /** {@link #resolve(BakeAmiSettings, GlobalDefaults, Run, EnvVars, String, TaskListener, String)} for a bake. */
    static BakeAmiParameters resolve(BakeAmiSettings settings, GlobalDefaults defaults, Run<?, ?> run, EnvVars env,
            String nodeName, TaskListener listener) throws IOException, InterruptedException {
        return resolve(settings, defaults, run, env, nodeName, listener, "bakeAmi");
    }

    /**
     * The AWS access of a step: the credentials id that applies (the option, else the global default unless keys are
     * bound around the step: {@link AgentAwsCredentialsResolver#credentialsId}), else the keys bound around it, else
     * the agent's chain; with the entry's or the step's role, assumed on the agent.
     *
     * @throws IllegalArgumentException for a role named twice or a role value STS would refuse
     */
    private static AgentAwsCredentials access(BakeAmiSettings settings, String credentialsId, Run<?, ?> run,
            EnvVars env, String step) throws AbortException {
        CredentialsEntry entry = credentialsId == null ? null : AwsCredentialsLookup.resolve(credentialsId, run, step);
        boolean idIsDefault = credentialsId != null && InputRules.trimToNull(settings.getCredentialsId()) == null;
        AgentAwsCredentials base = AgentAwsCredentialsResolver.resolve(credentialsId, idIsDefault,
                entry == null ? null : entry.keys(), env);
        return AgentAwsCredentialsResolver.withRole(base, credentialsId, entry, settings,
                () -> roleSessionName(run.getExternalizableId()));
    }

    /** {@code bakeAmi-<job>-<number>} as STS accepts it (2 to 64 of letters, digits and _ + = , . @ -). */
    static String roleSessionName(String buildId) {
        String name = ("bakeAmi-" + buildId).replaceAll("[^\\w+=,.@-]", "-");
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    /** The node of that name; "" is the built-in node. */
    private static Node node(String nodeName) {
        Jenkins jenkins = Jenkins.get();
        Node node = nodeName.isEmpty() ? jenkins : jenkins.getNode(nodeName);
        if (node == null) {
            throw new IllegalArgumentException(Messages.PackerTool_NoNode(nodeName));
        }
        return node;
    }

    /** A node as the messages name it: "the built-in node" for "", else "agent NAME". */
    static String nodeDisplayName(String nodeName) {
        return nodeName.isEmpty() ? Messages.Node_BuiltIn() : Messages.Node_Agent(nodeName);
    }

    /**
     * The end of a bake that succeeded, on the controller: the result lines, the action (with what the prune after
     * it did), the archive.
     */
    static void record(BakeAmiSettings settings, DurableBake.Next next, Run<?, ?> run, FilePath workspace,
            Launcher launcher, TaskListener listener) throws IOException, InterruptedException {
        BakeAmiSummary summary = next.summary();
        PrintStream log = listener.getLogger();
        String ami = summary.getAmiId();
        log.println(summary.isDryRun()
                ? ami == null ? Messages.Log_DryRun_WouldBake() : Messages.Log_DryRun_WouldReuse(ami)
                : summary.isReused() ? Messages.Log_Reused(ami) : Messages.Log_Baked(ami));
        if (!summary.getAmiIds().isEmpty()) {
            log.println(Messages.Log_Regions(summary.getRegionsText(), summary.getSourceAmi() == null
                    ? Messages.Log_Regions_SourceNotRecorded() : summary.getSourceAmi()));
        }
        log.println(Messages.Log_Timings(summary.getTimings()));
        String template = InputRules.trimToNull(settings.getTemplate());
        List<String> changedFiles = List.of();
        String changedSince = null;
        if (summary.getOutcome() == BakeOutcome.BAKED) {
            BakeAmiAction last = lastBake(run, template, summary.getRegion());
            if (last != null) {
                changedFiles = ChangedFiles.between(last.getListingText(), summary.getListingText());
                changedSince = last.getRun() == null ? null : last.getRun().getExternalizableId();
                log.println(Messages.Log_ChangedFiles(changedFiles.size(), changedSince));
            }
        }
        int index = run.getActions(BakeAmiAction.class).size() + 1;
        run.addAction(new BakeAmiAction(index, template, summary, changedFiles, changedSince,
                next.prune() == null ? null : PruneSummary.of(next.prune())));
        if (settings.isArchive()) {
            archive(summary, run, workspace, launcher, listener);
        }
    }

    /**
     * The last earlier bake of the same template and region that kept its listing (baked or reused: a reuse's
     * listing is that of the AMI in use), searching back at most {@link #MAX_BUILDS_BACK} builds.
     */
    static BakeAmiAction lastBake(Run<?, ?> run, String template, String region) {
        Run<?, ?> earlier = run.getPreviousBuild();
        for (int i = 0; earlier != null && i < MAX_BUILDS_BACK; i++, earlier = earlier.getPreviousBuild()) {
            List<BakeAmiAction> bakes = earlier.getActions(BakeAmiAction.class);
            for (int k = bakes.size() - 1; k >= 0; k--) {
                BakeAmiAction bake = bakes.get(k);
                if (!bake.isDryRun() && bake.getListingText() != null && template.equals(bake.getTemplate())
                        && Objects.equals(region, bake.getRegion())) {
                    return bake;
                }
            }
        }
        return null;
    }

    /**
     * After a failed or stopped bake: its debug log is what one wants to read, so it is archived all the same. A
     * failure to archive it is said, and does not hide why the bake failed.
     */
    static void archiveDebugLog(BakeAmiSettings settings, DurableBake.Next failed, Run<?, ?> run, FilePath workspace,
            Launcher launcher, TaskListener listener) throws InterruptedException {
        if (settings.isArchive() && failed.debugLogFile() != null) {
            try {
                archive(run, workspace, launcher, listener, failed.debugLogFile());
            } catch (IOException e) {
                listener.getLogger().println(Messages.Log_DebugLogNotArchived(failed.debugLogFile(), e.getMessage()));
            }
        }
    }

    /**
     * Archives .ami_id.json, the checksum's explain listing and Packer's debug log (with {@code debug}) under their
     * workspace-relative names.
     */
    private static void archive(BakeAmiSummary summary, Run<?, ?> run, FilePath workspace, Launcher launcher,
            TaskListener listener) throws IOException, InterruptedException {
        archive(run, workspace, launcher, listener, summary.getAmiIdFile(), summary.getListingFile(),
                summary.getDebugLogFile());
    }

    /** Archives the files (null entries skipped) under their workspace-relative names. */
    private static void archive(Run<?, ?> run, FilePath workspace, Launcher launcher, TaskListener listener,
            String... relativeFiles) throws IOException, InterruptedException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String file : relativeFiles) {
            if (file != null) {
                files.put(file, file);
            }
        }
        if (!files.isEmpty()) {
            listener.getLogger().println(Messages.Log_Archiving(String.join(", ", files.keySet())));
            run.pickArtifactManager().archive(workspace, launcher, BuildListenerAdapter.wrap(listener), files);
        }
    }
}
