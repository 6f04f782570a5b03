// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/slaves/NodePropertyDescriptor.java (extends PropertyDescriptor<NodeProperty<?>, Node>, a
// Descriptor<NodeProperty<?>>). Only the type, for Node.getNodeProperties' signature; the PropertyDescriptor level is
// not on bakeAmi's path and left out.
package hudson.slaves;

import hudson.model.Descriptor;

public abstract class NodePropertyDescriptor extends Descriptor<NodeProperty<?>> {
    protected NodePropertyDescriptor() {
    }
}
