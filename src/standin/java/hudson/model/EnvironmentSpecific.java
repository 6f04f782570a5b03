// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/EnvironmentSpecific.java: its one abstract member, as PackerInstallation implements
// it.
package hudson.model;

import hudson.EnvVars;

public interface EnvironmentSpecific<T extends EnvironmentSpecific<T>> {
    T forEnvironment(EnvVars environment);
}
