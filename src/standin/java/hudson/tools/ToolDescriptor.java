// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/tools/ToolDescriptor.java (2.528.1: configure(StaplerRequest2, JSONObject)). Declares
// what PackerInstallation.DescriptorImpl, which extends it, uses and overrides: the constructors and
// getInstallations/setInstallations with the real behaviour (a copy; an empty array of T until set); the class has no
// abstract member. getPropertyDescriptors, getDefaultInstallers, getDefaultProperties, getCategory, configure,
// doCheckHome and doCheckName are not used by bakeAmi and left out.
package hudson.tools;

import hudson.model.Descriptor;
import java.lang.reflect.Array;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

public abstract class ToolDescriptor<T extends ToolInstallation> extends Descriptor<ToolInstallation> {
    private T[] installations;

    protected ToolDescriptor() {
    }

    protected ToolDescriptor(Class<T> clazz) {
        super(clazz);
    }

    @SuppressWarnings("unchecked")
    public T[] getInstallations() {
        if (installations != null) {
            return installations.clone();
        }
        Type bt = getClass().getGenericSuperclass(); // the real one uses tiger-types' Types.getBaseClass
        Class<?> t = bt instanceof ParameterizedType pt ? (Class<?>) pt.getActualTypeArguments()[0] : ToolInstallation.class;
        return (T[]) Array.newInstance(t, 0);
    }

    @SuppressWarnings("unchecked")
    public void setInstallations(T... installations) {
        this.installations = installations.clone();
    }
}
