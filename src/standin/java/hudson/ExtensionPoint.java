// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/ExtensionPoint.java (a marker interface; its nested LegacyInstancesAreScopedToHudson is
// not used by bakeAmi).
package hudson;

public interface ExtensionPoint {
}
