// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/AbstractItem.java. Only the type and the supertypes on Job's path to Item
// (Actionable, Item); the other interfaces of the real class are not used by bakeAmi.
package hudson.model;

public abstract class AbstractItem extends Actionable implements Item {
}
