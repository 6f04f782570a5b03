// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/EnvironmentContributingAction.java (the Run/EnvVars variant, since 2.76;
// the deprecated buildEnvVars(AbstractBuild, EnvVars) is not used by bakeAmi and left out).
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;

public interface EnvironmentContributingAction extends Action {
    default void buildEnvironment(@NonNull Run<?, ?> run, @NonNull EnvVars env) {
        throw new UnsupportedOperationException("compile-time stand-in");
    }
}
