// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/jenkins/model/Jenkins.java (2.528.1: extends AbstractCIBase, hence the built-in Node). Declares
// only what bakeAmi uses; ADMINISTER's value is not modelled.
//
// A model of a running Jenkins for the default build's tests, with the real members' behaviour where they need it:
// Jenkins runs when the system property JENKINS_HOME names a directory (a test sets it, as JenkinsRule gives each test
// a home), one Jenkins per home; otherwise there is none, and getInstanceOrNull is null and get throws
// IllegalStateException, as outside a running Jenkins. Its extensions come from the class path's SezPoz index
// (ExtensionList.create); it has no agents (getNode finds none), the built-in node has no node properties, and every
// other member throws UnsupportedOperationException.
package jenkins.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionList;
import hudson.model.AbstractCIBase;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Node;
import hudson.model.Saveable;
import hudson.security.Permission;
import hudson.slaves.NodeProperty;
import hudson.slaves.NodePropertyDescriptor;
import hudson.util.DescribableList;
import java.io.File;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public class Jenkins extends AbstractCIBase {
    public static final Permission ADMINISTER = null;

    private static final Map<String, Jenkins> RUNNING = new ConcurrentHashMap<>();

    private final File root;
    private final DescribableList<NodeProperty<?>, NodePropertyDescriptor> nodeProperties =
            new DescribableList<>(Saveable.NOOP);

    protected Jenkins() {
        this.root = null;
    }

    private Jenkins(File root) {
        this.root = root;
    }

    @CheckForNull
    public static Jenkins getInstanceOrNull() {
        String home = System.getProperty("JENKINS_HOME");
        return home == null ? null : RUNNING.computeIfAbsent(home, h -> new Jenkins(new File(h)));
    }

    @NonNull
    public static Jenkins get() throws IllegalStateException {
        Jenkins instance = getInstanceOrNull();
        if (instance == null) {
            throw new IllegalStateException("Jenkins.instance is missing. Read the documentation of "
                    + "Jenkins.getInstanceOrNull to see what you are doing wrong.");
        }
        return instance;
    }

    @NonNull
    public File getRootDir() {
        return root;
    }

    @SuppressWarnings("unchecked")
    @NonNull
    public <T> ExtensionList<T> getExtensionList(Class<T> extensionType) {
        return ExtensionList.create(this, extensionType);
    }

    @SuppressWarnings("unchecked")
    public <T extends Descriptor> T getDescriptorByType(Class<T> type) {
        for (Descriptor d : getExtensionList(Descriptor.class)) {
            if (d.getClass() == type) {
                return type.cast(d);
            }
        }
        return null;
    }

    @CheckForNull
    public Descriptor getDescriptor(Class<? extends Describable> type) {
        for (Descriptor d : getExtensionList(Descriptor.class)) {
            if (d.clazz == type) {
                return d;
            }
        }
        return null;
    }

    @NonNull
    public Descriptor getDescriptorOrDie(Class<? extends Describable> type) {
        Descriptor d = getDescriptor(type);
        if (d == null) {
            throw new AssertionError(type + " is missing its descriptor");
        }
        return d;
    }

    @CheckForNull
    public Node getNode(String name) {
        return null;
    }

    @NonNull
    @Override
    public String getNodeName() {
        return "";
    }

    @NonNull
    @Override
    public DescribableList<NodeProperty<?>, NodePropertyDescriptor> getNodeProperties() {
        return nodeProperties;
    }

    @NonNull
    @Override
    public hudson.security.ACL getACL() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }
}
