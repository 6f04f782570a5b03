// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/workflow-step-api-plugin
// src/main/java/org/jenkinsci/plugins/workflow/steps/FlowInterruptedException.java and JENKINS-API-FACTS.md §7
// (javap of 710.v3e456cc85233). The constructors and getters with their real behaviour (they only keep values);
// handle(Run, TaskListener) is not used by bakeAmi.
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Result;
import java.util.Arrays;
import java.util.List;
import jenkins.model.CauseOfInterruption;

public final class FlowInterruptedException extends InterruptedException {
    private static final long serialVersionUID = 630482382622970136L;

    private final Result result;
    private final List<CauseOfInterruption> causes;
    private Boolean actualInterruption = true;

    public FlowInterruptedException(@NonNull Result result, @NonNull CauseOfInterruption... causes) {
        this.result = result;
        this.causes = Arrays.asList(causes);
        this.actualInterruption = true;
    }

    public FlowInterruptedException(@NonNull Result result, boolean actualInterruption,
            @NonNull CauseOfInterruption... causes) {
        this.result = result;
        this.causes = Arrays.asList(causes);
        this.actualInterruption = actualInterruption;
    }

    @NonNull
    public Result getResult() {
        return result;
    }

    @NonNull
    public List<CauseOfInterruption> getCauses() {
        return causes;
    }

    public boolean isActualInterruption() {
        return actualInterruption;
    }
}
