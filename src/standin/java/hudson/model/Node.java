// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/Node.java (2.528.1: extends AbstractModelObject, implements
// ReconfigurableDescribable<Node>, ExtensionPoint, AccessControlled, OnMaster, PersistenceRoot). Declares only what
// bakeAmi and the tool stand-ins call: getNodeName and getNodeProperties, both abstract as in the real class, and
// AccessControlled. bakeAmi never extends Node (the default build's tests mock it); its other abstract members and
// interfaces are not on bakeAmi's path and left out.
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.AccessControlled;
import hudson.slaves.NodeProperty;
import hudson.slaves.NodePropertyDescriptor;
import hudson.util.DescribableList;

public abstract class Node implements AccessControlled {
    @NonNull
    public abstract String getNodeName();

    @NonNull
    public abstract DescribableList<NodeProperty<?>, NodePropertyDescriptor> getNodeProperties();
}
