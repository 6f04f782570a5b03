// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/jenkins/util/BuildListenerAdapter.java: how core's ArtifactArchiver hands a TaskListener
// to ArtifactManager.archive, which takes a BuildListener. Behaviour for the default build's tests, as in the real
// class: wrap returns a BuildListener as it is, else an adapter whose logger is the wrapped listener's.
package jenkins.util;

import hudson.model.BuildListener;
import hudson.model.TaskListener;
import java.io.PrintStream;

public final class BuildListenerAdapter implements BuildListener {
    private final TaskListener delegate;

    private BuildListenerAdapter(TaskListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public PrintStream getLogger() {
        return delegate.getLogger();
    }

    public static BuildListener wrap(TaskListener l) {
        return l instanceof BuildListener ? (BuildListener) l : new BuildListenerAdapter(l);
    }

    private static final long serialVersionUID = 1L;
}
