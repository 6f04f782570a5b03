// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/Descriptor.java. Declares only what bakeAmi uses; the interfaces Saveable,
// Loadable and OnMaster are not used by bakeAmi and left out. The constructor does nothing here so that the
// default build's tests can create descriptors and call their doCheck methods.
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;

public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor() {
    }

    @NonNull
    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }
}
