// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/slaves/NodeSpecific.java: its one abstract member, as PackerInstallation implements it.
package hudson.slaves;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Node;
import hudson.model.TaskListener;
import java.io.IOException;

public interface NodeSpecific<T extends NodeSpecific<T>> {
    T forNode(@NonNull Node node, TaskListener log) throws IOException, InterruptedException;
}
