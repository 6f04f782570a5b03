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
import software.amazon.awssdk.auth.credentials.AwsCredentials;

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
                    record(settings, next.summary(), run, workspace, launcher, listener);
                    return next.summary();
                }
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
     * (Tool Locations, or installed there by the tool's installers first).
     */
    static BakeAmiParameters resolve(BakeAmiSettings settings, GlobalDefaults defaults, Run<?, ?> run, EnvVars env,
            String nodeName, TaskListener listener, String step) throws IOException, InterruptedException {
        String credentialsId = AgentAwsCredentialsResolver.credentialsId(settings.getCredentialsId(),
                defaults.getCredentialsId(), env);
        AwsCredentials fromId = credentialsId == null ? null : AwsCredentialsLookup.resolve(credentialsId, run, step);
        try {
            boolean idIsDefault = credentialsId != null && InputRules.trimToNull(settings.getCredentialsId()) == null;
            AgentAwsCredentials credentials = AgentAwsCredentialsResolver.resolve(credentialsId, idIsDefault, fromId, env);
            String tool = BakeAmiParameters.packerToolName(settings, defaults);
            String packer = tool == null ? null : PackerInstallation.executable(tool, node(nodeName), env, listener);
            return BakeAmiParameters.from(settings, defaults, env, credentialsId, credentials, packer);
        } catch (IllegalArgumentException e) {
            throw new AbortException(step + ": " + e.getMessage());
        }
    }

    /** {@link #resolve(BakeAmiSettings, GlobalDefaults, Run, EnvVars, String, TaskListener, String)} for a bake. */
    static BakeAmiParameters resolve(BakeAmiSettings settings, GlobalDefaults defaults, Run<?, ?> run, EnvVars env,
            String nodeName, TaskListener listener) throws IOException, InterruptedException {
        return resolve(settings, defaults, run, env, nodeName, listener, "bakeAmi");
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

    /** The end of a bake that succeeded, on the controller: the result lines, the action, the archive. */
    static void record(BakeAmiSettings settings, BakeAmiSummary summary, Run<?, ?> run, FilePath workspace,
            Launcher launcher, TaskListener listener) throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        String ami = summary.getAmiId();
        log.println(summary.isDryRun()
                ? ami == null ? Messages.Log_DryRun_WouldBake() : Messages.Log_DryRun_WouldReuse(ami)
                : summary.isReused() ? Messages.Log_Reused(ami) : Messages.Log_Baked(ami));
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
        run.addAction(new BakeAmiAction(index, template, summary, changedFiles, changedSince));
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
