package io.jenkins.plugins.bakeami;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.bakeami.engine.bake.BakeOutcome;
import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import jenkins.util.BuildListenerAdapter;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * The bake as the pipeline step and the freestyle builder both run it, on the controller's side:
 * <ol>
 * <li>resolve the AWS access and the options against the build's environment;</li>
 * <li>probe on the agent: the checksum, and whether an AMI carries it; when a bake will run, take the controller's
 * lock on (AWS identity, endpoint, region, checksum), so builds of the same definition bake once
 * ({@link LockedBake}, {@link BakeLockTable});</li>
 * <li>bake on the agent ({@link BakeAmiCallable}), waiting in a way that turns the build's stop into a clean stop of
 * Packer there ({@link AgentBakeWaiter});</li>
 * <li>record the result on the build: the action (with the files changed since the last bake's listing) and the
 * archived {@code .ami_id.json} and listing.</li>
 * </ol>
 */
final class BakeAmiRunner {
    /** How long a stopped bake may take to stop Packer and clean up: Packer's grace period, then our cleanup. */
    static final Duration CLEANUP_LIMIT = BakeRequest.DEFAULT_GRACE_PERIOD.plusSeconds(90);
    /** How many earlier builds are searched for the last bake's listing (each one may have to be loaded from disk). */
    static final int MAX_BUILDS_BACK = 50;

    private BakeAmiRunner() {
    }

    static BakeAmiSummary bake(BakeAmiSettings settings, Run<?, ?> run, FilePath workspace, EnvVars env,
            Launcher launcher, TaskListener listener) throws IOException, InterruptedException {
        BakeAmiParameters parameters = resolve(settings, run, env);
        PrintStream log = listener.getLogger();
        log.println(Messages.Log_Starting(parameters.describe()));

        BakeAmiSummary summary = LockedBake.bake(parameters, InputRules.trimToNull(settings.getCredentialsId()),
                listener, callable -> onAgent(workspace, callable, log), BakeLockTable.CONTROLLER,
                run.getExternalizableId());
        log.println(Messages.Log_Result(summary.getAmiId(), summary.isReused(), summary.isDryRun()));
        log.println(Messages.Log_Timings(summary.getPhaseMillis()));

        List<String> changedFiles = List.of();
        String changedSince = null;
        if (summary.getOutcome() == BakeOutcome.BAKED) {
            BakeAmiAction last = lastBake(run, parameters.getTemplate(), summary.getRegion());
            if (last != null) {
                changedFiles = ChangedFiles.between(last.getListingText(), summary.getListingText());
                changedSince = last.getRun() == null ? null : last.getRun().getExternalizableId();
                log.println(Messages.Log_ChangedFiles(changedFiles.size(), changedSince));
            }
        }
        int index = run.getActions(BakeAmiAction.class).size() + 1;
        run.addAction(new BakeAmiAction(index, parameters.getTemplate(), summary, changedFiles, changedSince));
        if (settings.isArchive()) {
            archive(summary, run, workspace, launcher, listener);
        }
        return summary;
    }

    /** Options and AWS access, resolved on the controller; a bad value fails the build with its message only. */
    static BakeAmiParameters resolve(BakeAmiSettings settings, Run<?, ?> run, EnvVars env) throws AbortException {
        String credentialsId = InputRules.trimToNull(settings.getCredentialsId());
        AwsCredentials fromId = credentialsId == null ? null : AwsCredentialsLookup.resolve(credentialsId, run);
        try {
            AgentAwsCredentials credentials = AgentAwsCredentialsResolver.resolve(credentialsId, fromId, env);
            return BakeAmiParameters.from(settings, env, credentials);
        } catch (IllegalArgumentException e) {
            throw new AbortException("bakeAmi: " + e.getMessage());
        }
    }

    /** Runs the callable where the workspace is; the build's stop becomes a clean stop there. */
    private static BakeAmiSummary onAgent(FilePath workspace, BakeAmiCallable callable, PrintStream log)
            throws IOException, InterruptedException {
        Future<BakeAmiSummary> running = workspace.actAsync(callable);
        return AgentBakeWaiter.await(running, () -> workspace.act(new StopBakeCallable(callable.getBakeId())),
                CLEANUP_LIMIT, log);
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

    /** Archives .ami_id.json and the checksum's explain listing under their workspace-relative names. */
    private static void archive(BakeAmiSummary summary, Run<?, ?> run, FilePath workspace, Launcher launcher,
            TaskListener listener) throws IOException, InterruptedException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String file : new String[] {summary.getAmiIdFile(), summary.getListingFile()}) {
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
