// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/AbstractProject.java. Only the type with its real type parameters, for
// BuildStepDescriptor.isApplicable(Class<? extends AbstractProject>); interfaces the plugin does not use are left out.
package hudson.model;

public abstract class AbstractProject<P extends AbstractProject<P, R>, R extends AbstractBuild<P, R>> extends Job<P, R> {
}
