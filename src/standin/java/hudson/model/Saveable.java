// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/Saveable.java.
package hudson.model;

import java.io.IOException;

public interface Saveable {
    void save() throws IOException;

    Saveable NOOP = () -> { };
}
