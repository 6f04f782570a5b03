// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/jenkins/tasks/SimpleBuildStep.java and JENKINS-API-FACTS.md §5: in 2.528.1 every perform
// overload is a default method; bakeAmi overrides the 5-argument EnvVars one.
package jenkins.tasks;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStep;
import java.io.IOException;

public interface SimpleBuildStep extends BuildStep {
    default void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
            @NonNull Launcher launcher, @NonNull TaskListener listener) throws InterruptedException, IOException {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    default boolean requiresWorkspace() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }
}
