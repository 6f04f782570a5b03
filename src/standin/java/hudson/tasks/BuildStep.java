// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/tasks/BuildStep.java. bakeAmi's builder gets every BuildStep method from Builder /
// BuildStepCompatibilityLayer in the real class hierarchy, so none is declared here.
package hudson.tasks;

public interface BuildStep {
}
