// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/security/Permission.java. Only the type: bakeAmi passes permissions, never builds one.
package hudson.security;

public final class Permission {
    private Permission() {
    }
}
