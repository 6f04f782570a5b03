// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/jenkins/model/Jenkins.java. Declares only what bakeAmi uses (get, ADMINISTER, and
// hasPermission through AccessControlled); the rest of the real supertype chain (AbstractCIBase, Node, ...) is not
// on bakeAmi's path. ADMINISTER's value is not modelled.
package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.AccessControlled;
import hudson.security.Permission;

public class Jenkins implements AccessControlled {
    public static final Permission ADMINISTER = null;

    protected Jenkins() {
    }

    @NonNull
    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    @NonNull
    @Override
    public hudson.security.ACL getACL() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }
}
