// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/remoting
// src/main/java/org/jenkinsci/remoting/RoleChecker.java. Only the type (the parameter of checkRoles).
package org.jenkinsci.remoting;

public abstract class RoleChecker {
}
