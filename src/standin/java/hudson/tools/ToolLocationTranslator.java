// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/tools/ToolLocationTranslator.java: its abstract member and all(), with the real bodies.
// In a real Jenkins all() holds core's InstallerTranslator, which runs a tool's installers (InstallSourceProperty) on
// the node; the stand-in's Jenkins has only the plugin's own extensions, so its tests configure tools without
// installers (JenkinsRule tests cover the installers).
package hudson.tools;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.model.Node;
import hudson.model.TaskListener;
import java.io.IOException;

public abstract class ToolLocationTranslator implements ExtensionPoint {
    public abstract String getToolHome(Node node, ToolInstallation installation, TaskListener log)
            throws IOException, InterruptedException;

    public static ExtensionList<ToolLocationTranslator> all() {
        return ExtensionList.lookup(ToolLocationTranslator.class);
    }
}
