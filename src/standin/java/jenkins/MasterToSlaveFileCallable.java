// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/jenkins/MasterToSlaveFileCallable.java and JENKINS-API-FACTS.md §5 (2.528.1:
// implements jenkins.agents.ControllerToAgentFileCallable).
package jenkins;

import jenkins.agents.ControllerToAgentFileCallable;

public abstract class MasterToSlaveFileCallable<T> implements ControllerToAgentFileCallable<T> {
    private static final long serialVersionUID = 1L;
}
