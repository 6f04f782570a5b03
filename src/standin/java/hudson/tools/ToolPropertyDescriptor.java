// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/tools/ToolPropertyDescriptor.java (extends PropertyDescriptor<ToolProperty<?>,
// ToolInstallation>, a Descriptor<ToolProperty<?>>). Only the type, for ToolInstallation.getProperties' signature.
package hudson.tools;

import hudson.model.Descriptor;

public abstract class ToolPropertyDescriptor extends Descriptor<ToolProperty<?>> {
    protected ToolPropertyDescriptor() {
    }
}
