// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/AbortException.java. Declares only what bakeAmi uses.
package hudson;

import java.io.IOException;

public final class AbortException extends IOException {
    public AbortException(String message) {
        super(message);
    }

    private static final long serialVersionUID = 1L;
}
