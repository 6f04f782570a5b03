// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/tools/ToolInstallation.java (2.528.1). Declares what PackerInstallation, which extends it,
// uses and overrides: the constructor, getName, getHome, getProperties, buildEnvVars, translate and translateFor, with
// the real bodies; the class has no abstract member. readResolve, the XStream converter, writeReplace (remoting) and
// all() are not on bakeAmi's path and left out.
package hudson.tools;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;
import hudson.model.EnvironmentSpecific;
import hudson.model.Node;
import hudson.model.Saveable;
import hudson.model.TaskListener;
import hudson.slaves.NodeSpecific;
import hudson.util.DescribableList;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

public abstract class ToolInstallation extends AbstractDescribableImpl<ToolInstallation>
        implements Serializable, ExtensionPoint {
    private final String name;
    private String home;
    private transient DescribableList<ToolProperty<?>, ToolPropertyDescriptor> properties =
            new DescribableList<>(Saveable.NOOP);

    public ToolInstallation(String name, String home, List<? extends ToolProperty<?>> properties) {
        this.name = name;
        this.home = home;
        if (properties != null) {
            try {
                this.properties.replaceBy(properties);
                for (ToolProperty<?> p : properties) {
                    setTool(p, this);
                }
            } catch (IOException e) {
                throw new AssertionError(e); // no Saveable, so can't happen
            }
        }
    }

    private <T extends ToolInstallation> void setTool(ToolProperty<T> prop, ToolInstallation t) {
        prop.setTool(prop.type().cast(t));
    }

    public String getName() {
        return name;
    }

    @CheckForNull
    public String getHome() {
        return home;
    }

    public void buildEnvVars(EnvVars env) {
    }

    public DescribableList<ToolProperty<?>, ToolPropertyDescriptor> getProperties() {
        return properties;
    }

    public ToolInstallation translate(@NonNull Node node, EnvVars envs, TaskListener listener)
            throws IOException, InterruptedException {
        ToolInstallation t = this;
        if (t instanceof NodeSpecific) {
            NodeSpecific n = (NodeSpecific) t;
            t = (ToolInstallation) n.forNode(node, listener);
        }
        if (t instanceof EnvironmentSpecific) {
            EnvironmentSpecific e = (EnvironmentSpecific) t;
            t = (ToolInstallation) e.forEnvironment(envs);
        }
        return t;
    }

    @SuppressWarnings("deprecation")
    protected String translateFor(Node node, TaskListener log) throws IOException, InterruptedException {
        return ToolLocationNodeProperty.getToolHome(node, this, log);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }

    private static final long serialVersionUID = 1L;
}
