// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/Api.java (extends AbstractModelObject; serves …/api/json, xml and python for the
// @ExportedBean it wraps). Only the constructor bakeAmi calls.
package hudson.model;

public class Api {
    public final Object bean;

    public Api(Object bean) {
        this.bean = bean;
    }
}
