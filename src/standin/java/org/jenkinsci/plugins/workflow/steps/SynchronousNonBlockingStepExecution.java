// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/workflow-step-api-plugin
// src/main/java/org/jenkinsci/plugins/workflow/steps/SynchronousNonBlockingStepExecution.java and
// JENKINS-API-FACTS.md §5.
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;

public abstract class SynchronousNonBlockingStepExecution<T> extends StepExecution {
    protected SynchronousNonBlockingStepExecution(@NonNull StepContext context) {
        super(context);
    }

    protected abstract T run() throws Exception;

    @Override
    public final boolean start() throws Exception {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    /** The real one cancels the running task with an interrupt, then completes the context (super.stop). */
    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        super.stop(cause);
    }

    private static final long serialVersionUID = 1L;
}
