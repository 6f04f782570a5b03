// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/tools/ToolProperty.java (implements ReconfigurableDescribable<ToolProperty<?>>, a
// Describable, and ExtensionPoint). Declares what ToolInstallation uses (setTool) and the one abstract member
// (type()); getDescriptor as in the real class. ReconfigurableDescribable is not on bakeAmi's path and left out.
package hudson.tools;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import jenkins.model.Jenkins;

public abstract class ToolProperty<T extends ToolInstallation> implements Describable<ToolProperty<?>>, ExtensionPoint {
    protected transient T tool;

    protected void setTool(T tool) {
        this.tool = tool;
    }

    public abstract Class<T> type();

    @Override
    @SuppressWarnings("unchecked")
    public Descriptor<ToolProperty<?>> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(getClass());
    }
}
