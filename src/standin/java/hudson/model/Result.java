// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/Result.java (2.528.1: final, Serializable; also CustomExportedBean, not used by
// bakeAmi). Declares only the constant bakeAmi's tests name; its value is not modelled (null).
package hudson.model;

import java.io.Serializable;

public final class Result implements Serializable {
    public static final Result ABORTED = null;

    private Result() {
    }

    private static final long serialVersionUID = 1L;
}
