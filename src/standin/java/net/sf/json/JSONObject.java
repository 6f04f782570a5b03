// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/json-lib (Stapler's fork of
// json-lib, in core's war as json-lib 2.4-jenkins-x, not on Maven Central) src/main/java/net/sf/json/JSONObject.java:
// `public final class JSONObject extends AbstractJSON implements JSON, Map, Comparable`. bakeAmi only passes it on to
// StaplerRequest2.bindJSON, so only the type is declared; its supertypes are left out.
package net.sf.json;

public final class JSONObject {
    private JSONObject() {
    }
}
