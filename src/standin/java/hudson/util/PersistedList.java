// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/util/PersistedList.java. Declares only what bakeAmi and the tool stand-ins use, with the
// real behaviour of those members (a list whose owner is saved on change; get(Class) is the first item of that type).
// The real one keeps its items in a CopyOnWriteList and is also an XStream-converted type.
package hudson.util;

import hudson.model.Saveable;
import java.io.IOException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

public class PersistedList<T> extends AbstractList<T> {
    protected final List<T> data = new ArrayList<>();
    protected Saveable owner = Saveable.NOOP;

    protected PersistedList() {
    }

    public PersistedList(Collection<? extends T> initialList) {
        data.addAll(initialList);
    }

    public void setOwner(Saveable owner) {
        this.owner = owner;
    }

    public <U extends T> U get(Class<U> type) {
        for (T t : data) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    public void replaceBy(Collection<? extends T> col) throws IOException {
        data.clear();
        data.addAll(col);
        owner.save();
    }

    public List<T> toList() {
        return new ArrayList<>(data);
    }

    @Override
    public T get(int index) {
        return data.get(index);
    }

    @Override
    public int size() {
        return data.size();
    }
}
