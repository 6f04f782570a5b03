// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/remoting
// src/main/java/org/jenkinsci/remoting/RoleSensitive.java.
package org.jenkinsci.remoting;

public interface RoleSensitive {
    void checkRoles(RoleChecker checker) throws SecurityException;
}
