// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/ExtensionList.java. Declares only what bakeAmi uses. Behaviour as the real class's:
// lookup asks the running Jenkins for its extensions of the type and, with no Jenkins, gives an empty list ("useful to
// call from all() methods which need to behave gracefully during startup or shutdown"); lookupSingleton insists on
// exactly one. Where the real list loads through the plugin manager's ExtensionFinder.Sezpoz, this one reads the same
// SezPoz index (META-INF/annotations/hudson.Extension) from the class path and creates each @Extension class once per
// Jenkins; @Extension fields and methods, ordinals and refresh are not modelled.
package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import jenkins.model.Jenkins;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;

public class ExtensionList<T> extends AbstractList<T> {
    private static final Map<Jenkins, List<Object>> INSTANCES = new WeakHashMap<>();

    private final List<T> extensions;

    private ExtensionList(List<T> extensions) {
        this.extensions = List.copyOf(extensions);
    }

    public static <T> ExtensionList<T> create(Jenkins jenkins, Class<T> type) {
        List<T> matching = new ArrayList<>();
        if (jenkins != null) {
            for (Object extension : instances(jenkins)) {
                if (type.isInstance(extension)) {
                    matching.add(type.cast(extension));
                }
            }
        }
        return new ExtensionList<>(matching);
    }

    private static List<Object> instances(Jenkins jenkins) {
        synchronized (INSTANCES) {
            List<Object> all = INSTANCES.get(jenkins);
            if (all == null) {
                all = new ArrayList<>();
                INSTANCES.put(jenkins, all); // before creating them: a constructor may look others up
                for (IndexItem<Extension, Object> item
                        : Index.load(Extension.class, Object.class, Jenkins.class.getClassLoader())) {
                    try {
                        all.add(item.instance());
                    } catch (InstantiationException e) {
                        throw new IllegalStateException("cannot create the extension " + item.className(), e);
                    }
                }
            }
            return all;
        }
    }

    @NonNull
    public static <T> ExtensionList<T> lookup(Class<T> type) {
        Jenkins j = Jenkins.getInstanceOrNull();
        return j == null ? create((Jenkins) null, type) : j.getExtensionList(type);
    }

    @NonNull
    public static <U> U lookupSingleton(Class<U> type) {
        ExtensionList<U> all = lookup(type);
        if (all.size() != 1) {
            throw new IllegalStateException("Expected 1 instance of " + type.getName() + " but got " + all.size());
        }
        return all.get(0);
    }

    @Override
    public T get(int index) {
        return extensions.get(index);
    }

    @Override
    public int size() {
        return extensions.size();
    }
}
