// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/BuildListener.java. bakeAmi never implements it (it adapts a TaskListener with
// jenkins.util.BuildListenerAdapter), so its default methods started/finished are left out.
package hudson.model;

public interface BuildListener extends TaskListener {
}
