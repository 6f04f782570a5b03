package io.jenkins.plugins.bakeami;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
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
import jenkins.util.BuildListenerAdapter;

/**
 * The controller's side of a bake, shared by the pipeline step and the freestyle builder:
 * <ol>
 * <li>resolve the AWS access and the options against the build's environment ({@link #resolve});</li>
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
        BakeAmiParameters parameters = resolve(settings, run, env);
        PrintStream log = listener.getLogger();
        log.println(Messages.Log_Starting(parameters.describe()));
        DurableBake bake = new DurableBake(newBakeId(), InputRules.trimToNull(settings.getCredentialsId()));
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
     * Options and AWS access, resolved on the controller; a bad value fails the build with its message only. After a
     * restart the durable step resolves them again, the same way: the keys (or none) and the role, never a session.
     */
    static BakeAmiParameters resolve(BakeAmiSettings settings, Run<?, ?> run, EnvVars env) throws AbortException {
        String tokenId = InputRules.trimToNull(settings.getGithubTokenCredentialsId());
        String githubToken = tokenId == null ? null : SecretTextLookup.resolve(tokenId, run, "bakeAmi");
        try {
            return BakeAmiParameters.from(settings, env, access(settings, run, env, "bakeAmi"), githubToken);
        } catch (IllegalArgumentException e) {
            throw new AbortException("bakeAmi: " + e.getMessage());
        }
    }

    /**
     * The AWS access of a step: its credentials id, else the keys bound around it, else the agent's chain; with the
     * entry's or the step's role, assumed on the agent.
     *
     * @throws IllegalArgumentException for a role named twice or a role value STS would refuse
     */
    static AgentAwsCredentials access(BakeAmiSettings settings, Run<?, ?> run, EnvVars env, String step)
            throws AbortException {
        String credentialsId = InputRules.trimToNull(settings.getCredentialsId());
        CredentialsEntry entry = credentialsId == null ? null : AwsCredentialsLookup.resolve(credentialsId, run, step);
        AgentAwsCredentials base = AgentAwsCredentialsResolver.resolve(credentialsId,
                entry == null ? null : entry.keys(), env);
        return AgentAwsCredentialsResolver.withRole(base, credentialsId, entry, settings,
                () -> roleSessionName(run.getExternalizableId()));
    }

    /** {@code bakeAmi-<job>-<number>} as STS accepts it (2 to 64 of letters, digits and _ + = , . @ -). */
    static String roleSessionName(String buildId) {
        String name = ("bakeAmi-" + buildId).replaceAll("[^\\w+=,.@-]", "-");
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    /**
     * The end of a bake that succeeded, on the controller: the result lines, the action (with what the prune after
     * it did), the archive.
     */
    static void record(BakeAmiSettings settings, DurableBake.Next next, Run<?, ?> run, FilePath workspace,
            Launcher launcher, TaskListener listener) throws IOException, InterruptedException {
        BakeAmiSummary summary = next.summary();
        PrintStream log = listener.getLogger();
        log.println(Messages.Log_Result(summary.getAmiId(), summary.isReused(), summary.isDryRun()));
        if (!summary.getAmiIds().isEmpty()) {
            log.println(Messages.Log_Regions(summary.getAmiIds(), summary.getSourceAmi()));
        }
        log.println(Messages.Log_Timings(summary.getPhaseMillis()));
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
