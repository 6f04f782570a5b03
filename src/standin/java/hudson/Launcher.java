// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/Launcher.java. bakeAmi only passes a Launcher on (to ArtifactManager.archive).
package hudson;

public abstract class Launcher {
}
