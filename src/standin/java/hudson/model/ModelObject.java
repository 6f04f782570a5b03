// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/ModelObject.java.
package hudson.model;

public interface ModelObject {
    String getDisplayName();
}
