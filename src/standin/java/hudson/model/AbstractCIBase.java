// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/AbstractCIBase.java (extends Node; Jenkins extends it). Only the type, so that
// Jenkins is the built-in Node as in the real class hierarchy; its interfaces and members are not used by bakeAmi.
package hudson.model;

public abstract class AbstractCIBase extends Node {
}
