// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/AbstractBuild.java. Only the type with its real type parameters, for
// AbstractProject's bounds; interfaces the plugin does not use (Queue.Executable, ...) are left out.
package hudson.model;

public abstract class AbstractBuild<P extends AbstractProject<P, R>, R extends AbstractBuild<P, R>> extends Run<P, R> {
}
