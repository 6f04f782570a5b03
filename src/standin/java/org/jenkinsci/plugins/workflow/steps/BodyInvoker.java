// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/workflow-step-api-plugin
// src/main/java/org/jenkinsci/plugins/workflow/steps/BodyInvoker.java. Only the type: StepContext.newBodyInvoker()
// returns it; bakeAmi takes no body, so neither the plugin nor its tests call or extend it.
package org.jenkinsci.plugins.workflow.steps;

public abstract class BodyInvoker {
}
