// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/AbstractDescribableImpl.java: getDescriptor with the real body (the running
// Jenkins' descriptor of this class; see the stand-in's Jenkins).
package hudson.model;

import jenkins.model.Jenkins;

public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
    @Override
    @SuppressWarnings("unchecked")
    public Descriptor<T> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(getClass());
    }
}
