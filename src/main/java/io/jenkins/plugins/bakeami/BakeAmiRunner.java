package io.jenkins.plugins.bakeami;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.util.BuildListenerAdapter;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * The bake as the pipeline step and the freestyle builder both run it, on the controller's side: resolve the AWS
 * access and the options against the build's environment, send one {@link BakeAmiCallable} to the workspace's
 * agent, then record the result on the build (action, archived files).
 */
final class BakeAmiRunner {
    private BakeAmiRunner() {
    }

    static BakeOutcome bake(BakeAmiSettings settings, Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher,
            TaskListener listener) throws IOException, InterruptedException {
        BakeRequest request = resolve(settings, run, env);
        listener.getLogger().println(Messages.Log_Starting(request.describe()));
        BakeOutcome outcome = workspace.act(new BakeAmiCallable(request, listener));
        listener.getLogger().println(Messages.Log_Result(outcome.getAmiId(), outcome.isReused(), outcome.isDryRun()));
        run.addAction(new BakeAmiAction(run.getActions(BakeAmiAction.class).size() + 1, request.getTemplate(), outcome));
        if (settings.isArchive()) {
            archive(outcome, run, workspace, launcher, listener);
        }
        return outcome;
    }

    /** Options and AWS access, resolved on the controller; a bad value fails the build with its message only. */
    static BakeRequest resolve(BakeAmiSettings settings, Run<?, ?> run, EnvVars env) throws AbortException {
        String credentialsId = InputRules.trimToNull(settings.getCredentialsId());
        AwsCredentials fromId = credentialsId == null ? null : AwsCredentialsLookup.resolve(credentialsId, run);
        try {
            AgentAwsCredentials credentials = AgentAwsCredentialsResolver.resolve(credentialsId, fromId, env);
            return BakeRequest.from(settings, env, credentials);
        } catch (IllegalArgumentException e) {
            throw new AbortException("bakeAmi: " + e.getMessage());
        }
    }

    /** Archives .ami_id.json and the checksum's explain listing under their workspace-relative names. */
    private static void archive(BakeOutcome outcome, Run<?, ?> run, FilePath workspace, Launcher launcher,
            TaskListener listener) throws IOException, InterruptedException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String file : new String[] {outcome.getAmiIdFile(), outcome.getListingFile()}) {
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
