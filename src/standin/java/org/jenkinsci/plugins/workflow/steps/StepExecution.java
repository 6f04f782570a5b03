// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/workflow-step-api-plugin
// src/main/java/org/jenkinsci/plugins/workflow/steps/StepExecution.java and JENKINS-API-FACTS.md §5.
// Declares only what bakeAmi uses (onResume and getStatus with their real defaults); the constructor keeps the
// context so the default build's tests can build one.
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

public abstract class StepExecution implements Serializable {
    private final StepContext context;

    protected StepExecution(@NonNull StepContext context) {
        this.context = context;
    }

    @NonNull
    public StepContext getContext() {
        return context;
    }

    public abstract boolean start() throws Exception;

    /** The real default completes the context: {@code getContext().onFailure(cause)}. */
    public void stop(@NonNull Throwable cause) throws Exception {
        getContext().onFailure(cause);
    }

    /** Called when the execution is brought back into memory after a restart; the real default does nothing. */
    public void onResume() {
    }

    /** For diagnostics (thread dumps); the real default returns null. */
    @CheckForNull
    public String getStatus() {
        return null;
    }

    private static final long serialVersionUID = 1L;
}
