// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/util/RunList.java (and hudson.util.Iterators.limit, which limit uses). Declares only what
// bakeAmi uses, with the real behaviour that makes Job.getBuilds().limit(n) cheap: the list is a lazy view of its
// base, and limit(n) stops iterating it after n items (it fetches the item after the n-th and drops it, as
// Iterators.limit does), so a job's lazily loaded builds beyond those are never loaded. size() walks the whole list,
// as the real one does.
package hudson.util;

import hudson.model.Run;
import java.util.AbstractList;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;

public class RunList<R extends Run> extends AbstractList<R> {
    private Iterable<R> base;

    private RunList(Iterable<R> base) {
        this.base = base;
    }

    public static <R extends Run> RunList<R> fromRuns(Collection<? extends R> runs) {
        return new RunList<>((Iterable<R>) runs);
    }

    public RunList<R> limit(final int n) {
        final Iterable<R> nested = base;
        base = () -> limit(nested.iterator(), n);
        return this;
    }

    private static <T> Iterator<T> limit(Iterator<T> base, int n) {
        return new Iterator<T>() {
            private T next;
            private boolean end;
            private int index;

            @Override
            public boolean hasNext() {
                fetch();
                return next != null;
            }

            @Override
            public T next() {
                fetch();
                if (next == null) {
                    throw new NoSuchElementException();
                }
                T r = next;
                next = null;
                return r;
            }

            private void fetch() {
                if (next == null && !end) {
                    if (base.hasNext()) {
                        next = base.next();
                        if (index++ >= n) {
                            next = null;
                            end = true;
                        }
                    } else {
                        end = true;
                    }
                }
            }
        };
    }

    @Override
    public Iterator<R> iterator() {
        return base.iterator();
    }

    @Override
    public R get(int index) {
        Iterator<R> it = iterator();
        for (int i = 0; i < index; i++) {
            it.next();
        }
        return it.next();
    }

    @Override
    public int size() {
        int size = 0;
        for (Iterator<R> it = iterator(); it.hasNext(); it.next()) {
            size++;
        }
        return size;
    }
}
