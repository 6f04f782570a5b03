// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/Result.java (a final class, Serializable). Only the type (the parameter of
// StepContext.setResult); its constants and its CustomExportedBean interface are not used by bakeAmi.
package hudson.model;

import java.io.Serializable;

public final class Result implements Serializable {
    private Result() {
    }

    private static final long serialVersionUID = 1L;
}
