// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/security/AccessControlled.java (hasPermission is a default method there too).
package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;

public interface AccessControlled {
    @NonNull
    ACL getACL();

    default boolean hasPermission(@NonNull Permission permission) {
        throw new UnsupportedOperationException("compile-time stand-in");
    }
}
