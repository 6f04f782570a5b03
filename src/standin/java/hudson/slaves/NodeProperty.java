// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/slaves/NodeProperty.java (implements ReconfigurableDescribable<NodeProperty<?>>, a
// Describable, and ExtensionPoint). Only the type and getDescriptor (its real body), for ToolLocationNodeProperty;
// ReconfigurableDescribable is not on bakeAmi's path and left out.
package hudson.slaves;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Node;
import jenkins.model.Jenkins;

public abstract class NodeProperty<N extends Node> implements Describable<NodeProperty<?>>, ExtensionPoint {
    @Override
    public NodePropertyDescriptor getDescriptor() {
        return (NodePropertyDescriptor) Jenkins.get().getDescriptorOrDie(getClass());
    }
}
