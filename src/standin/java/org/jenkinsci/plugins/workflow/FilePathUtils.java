// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/workflow-api-plugin
// src/main/java/org/jenkinsci/plugins/workflow/FilePathUtils.java (workflow-api 1384.vdc05a_48f535f,
// JENKINS-API-FACTS.md §7). Declares only what bakeAmi uses. Minimal faithful behaviour for the default build's
// tests, as in a Jenkins with no agent: a local path is on the built-in node (""), which is always online; any
// other node is unknown, so find returns null for it ("no such node, or it is offline").
package org.jenkinsci.plugins.workflow;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.FilePath;
import java.io.File;

public class FilePathUtils {
    @NonNull
    public static String getNodeName(@NonNull FilePath f) throws IllegalStateException {
        return "";
    }

    @CheckForNull
    public static FilePath find(@NonNull String node, @NonNull String path) {
        return node.isEmpty() ? new FilePath(new File(path)) : null;
    }

    private FilePathUtils() {
    }
}
