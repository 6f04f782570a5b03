// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/jenkins/YesNoMaybe.java (the type of Extension.dynamicLoadable).
package jenkins;

public enum YesNoMaybe {
    YES,
    NO,
    MAYBE
}
