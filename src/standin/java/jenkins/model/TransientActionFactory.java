// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/jenkins/model/TransientActionFactory.java (2.528.1): both abstract members and actionType()
// (since 2.34) with its real default; the cache and factoriesFor are internal to core and left out.
package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.model.Action;
import java.util.Collection;

public abstract class TransientActionFactory<T> implements ExtensionPoint {
    public abstract Class<T> type();

    public Class<? extends Action> actionType() {
        return Action.class;
    }

    @NonNull
    public abstract Collection<? extends Action> createFor(@NonNull T target);
}
