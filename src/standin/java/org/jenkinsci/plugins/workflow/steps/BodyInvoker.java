// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/workflow-step-api-plugin
// src/main/java/org/jenkinsci/plugins/workflow/steps/BodyInvoker.java. Only the type (what
// StepContext.newBodyInvoker returns): bakeAmi takes no body and neither calls nor extends it.
package org.jenkinsci.plugins.workflow.steps;

public abstract class BodyInvoker {
}
