// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/tasks/BuildStepCompatibilityLayer.java. Only the type (Builder's superclass).
package hudson.tasks;

public abstract class BuildStepCompatibilityLayer implements BuildStep {
}
