// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/tools/ToolLocationNodeProperty.java: the node property that gives a tool another home on
// one node ("Tool Locations" in the node's configuration). Declares what ToolInstallation.translateFor and the default
// build's tests use, with the real bodies; its DescriptorImpl (symbol toolLocation) and the form constructor of
// ToolLocation are left out.
package hudson.tools;

import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.slaves.NodeProperty;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

public class ToolLocationNodeProperty extends NodeProperty<Node> {
    private final List<ToolLocation> locations;

    public ToolLocationNodeProperty(List<ToolLocation> locations) {
        if (locations == null) {
            locations = new ArrayList<>();
        }
        this.locations = locations;
    }

    public ToolLocationNodeProperty(ToolLocation... locations) {
        this(Arrays.asList(locations));
    }

    public List<ToolLocation> getLocations() {
        return Collections.unmodifiableList(locations);
    }

    public String getHome(ToolInstallation installation) {
        for (ToolLocation location : locations) {
            if (location.getName().equals(installation.getName()) && location.getType() == installation.getDescriptor()) {
                return location.getHome();
            }
        }
        return null;
    }

    @Deprecated
    public static String getToolHome(Node node, ToolInstallation installation, TaskListener log)
            throws IOException, InterruptedException {
        String result = null;
        ToolLocationNodeProperty property = node.getNodeProperties().get(ToolLocationNodeProperty.class);
        if (property != null) {
            result = property.getHome(installation);
        }
        if (result != null) {
            return result;
        }
        for (ToolLocationTranslator t : ToolLocationTranslator.all()) {
            result = t.getToolHome(node, installation, log);
            if (result != null) {
                return result;
            }
        }
        return installation.getHome();
    }

    public static final class ToolLocation {
        private final String type;
        private final String name;
        private final String home;
        private transient volatile ToolDescriptor descriptor;

        public ToolLocation(ToolDescriptor type, String name, String home) {
            this.descriptor = type;
            this.type = type.getClass().getName();
            this.name = name;
            this.home = home;
        }

        public String getName() {
            return name;
        }

        public String getHome() {
            return home;
        }

        public ToolDescriptor getType() {
            return descriptor; // the real one finds it by class name (Descriptor.find) when read from XML
        }

        public String getKey() {
            return type + "@" + name;
        }
    }
}
