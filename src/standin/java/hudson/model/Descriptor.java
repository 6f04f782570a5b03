// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/Descriptor.java (2.528.1: StaplerRequest2, getRequiredGlobalConfigPagePermission,
// save and load catching IOException). Declares only what bakeAmi uses; the interfaces Loadable, Saveable and OnMaster
// are not on bakeAmi's path and left out. Behaviour as in the real class where the default build's tests need it:
// the constructors set clazz as the real ones do (the no-arg one from the enclosing class), getId is clazz's name, and
// save/load write and read getConfigFile() (JENKINS_HOME/<id>.xml of the stand-in's Jenkins, see Jenkins.java).
// BulkChange and SaveableListener are not modelled.
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.XmlFile;
import hudson.security.Permission;
import java.io.File;
import java.io.IOException;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.StaplerRequest2;

public abstract class Descriptor<T extends Describable<T>> {
    public final transient Class<? extends T> clazz;

    @SuppressWarnings("unchecked")
    protected Descriptor(Class<? extends T> clazz) {
        if (clazz == self()) {
            clazz = (Class) getClass();
        }
        this.clazz = clazz;
    }

    @SuppressWarnings("unchecked")
    protected Descriptor() {
        this.clazz = (Class<T>) getClass().getEnclosingClass();
        if (clazz == null) {
            throw new AssertionError(getClass() + " doesn't have an outer class. Use the constructor that takes the Class object explicitly.");
        }
    }

    @NonNull
    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    public String getId() {
        return clazz.getName();
    }

    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    @NonNull
    public Permission getRequiredGlobalConfigPagePermission() {
        return Jenkins.ADMINISTER;
    }

    public synchronized void save() {
        try {
            getConfigFile().write(this);
        } catch (IOException e) {
            throw new IllegalStateException("Failed to save " + getConfigFile(), e); // the real one logs a warning
        }
    }

    public synchronized void load() {
        XmlFile file = getConfigFile();
        if (!file.exists()) {
            return;
        }
        try {
            file.unmarshal(this);
        } catch (IOException e) {
            throw new IllegalStateException("Failed to load " + file, e); // the real one logs a warning
        }
    }

    protected XmlFile getConfigFile() {
        return new XmlFile(new File(Jenkins.get().getRootDir(), getId() + ".xml"));
    }

    public static final class FormException extends Exception {
        public FormException(String message, String formField) {
            super(message);
        }

        private static final long serialVersionUID = 1L;
    }

    public static final class Self {
    }

    protected static Class self() {
        return Self.class;
    }
}
