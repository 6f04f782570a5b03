// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/stapler
// core/src/main/java/org/kohsuke/stapler/StaplerRequest2.java (Stapler 2, the Jakarta servlet form that Jenkins
// 2.528.1 uses; not in stapler 1.263 from Maven Central, which has only the javax StaplerRequest). Declares only
// bindJSON(Object, JSONObject), the one member bakeAmi calls; its supertype jakarta.servlet.http.HttpServletRequest
// and the other members are left out. bakeAmi never implements it.
package org.kohsuke.stapler;

import net.sf.json.JSONObject;

public interface StaplerRequest2 {
    void bindJSON(Object bean, JSONObject src);
}
