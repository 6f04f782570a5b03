// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/util/Secret.java (2.528.1). Declares only what bakeAmi uses. Behaviour for the default
// build's tests: the value is kept as given (the real class encrypts it with the controller's key when it is
// persisted); fromString(null) is the empty secret, as in the real class.
package hudson.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

public final class Secret implements Serializable {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    @NonNull
    public static Secret fromString(@CheckForNull String data) {
        return new Secret(data == null ? "" : data);
    }

    @NonNull
    public String getPlainText() {
        return value;
    }

    private static final long serialVersionUID = 1L;
}
