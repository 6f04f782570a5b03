// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/jenkins/util/BuildListenerAdapter.java: how core's ArtifactArchiver hands a TaskListener
// to ArtifactManager.archive, which takes a BuildListener.
package jenkins.util;

import hudson.model.BuildListener;
import hudson.model.TaskListener;
import java.io.PrintStream;

public final class BuildListenerAdapter implements BuildListener {
    private BuildListenerAdapter() {
    }

    @Override
    public PrintStream getLogger() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    public static BuildListener wrap(TaskListener l) {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    private static final long serialVersionUID = 1L;
}
