// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/tasks/BuildStepCompatibilityLayer.java (@Deprecated, implements BuildStep): it implements
// BuildStep's four abstract methods, so a Builder subclass needs none of them. Its overloads for the old
// hudson.model.Build / Project types are not used by bakeAmi and left out.
package hudson.tasks;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.Action;
import hudson.model.BuildListener;
import java.io.IOException;
import java.util.Collection;

@Deprecated
public abstract class BuildStepCompatibilityLayer implements BuildStep {
    @Override
    public boolean prebuild(AbstractBuild<?, ?> build, BuildListener listener) {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    @Override
    public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
            throws InterruptedException, IOException {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    @Override
    public Action getProjectAction(AbstractProject<?, ?> project) {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    @NonNull
    @Override
    public Collection<? extends Action> getProjectActions(AbstractProject<?, ?> project) {
        throw new UnsupportedOperationException("compile-time stand-in");
    }
}
