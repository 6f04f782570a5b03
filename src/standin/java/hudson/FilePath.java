// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/FilePath.java and JENKINS-API-FACTS.md §5 (javap of 2.528.1). Declares only what
// bakeAmi uses. Minimal faithful behaviour for the default build's tests, for a local path only (the real class's
// FilePath(File), channel null): act runs the callable on the calling thread, actAsync on a pool thread whose future
// cancel(true) interrupts it, as the real LocalChannel does. The callables get no channel (null).
package hudson;

import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jenkinsci.remoting.RoleSensitive;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

public final class FilePath implements SerializableOnlyOverRemoting {
    private static final ExecutorService LOCAL = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "FilePath.actAsync");
        thread.setDaemon(true);
        return thread;
    });

    private final String remote;

    public FilePath(File localPath) {
        this.remote = localPath.getPath();
    }

    public String getRemote() {
        return remote;
    }

    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException {
        return callable.invoke(new File(remote), null);
    }

    /** Runs the callable where the file is and returns at once; the future's get waits for its result. */
    public <T> hudson.remoting.Future<T> actAsync(final FileCallable<T> callable) throws IOException, InterruptedException {
        FutureTask<T> task = new FutureTask<>(() -> callable.invoke(new File(remote), null));
        LOCAL.execute(task);
        return new hudson.remoting.Future<T>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return task.cancel(mayInterruptIfRunning);
            }

            @Override
            public boolean isCancelled() {
                return task.isCancelled();
            }

            @Override
            public boolean isDone() {
                return task.isDone();
            }

            @Override
            public T get() throws InterruptedException, ExecutionException {
                return task.get();
            }

            @Override
            public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
                return task.get(timeout, unit);
            }
        };
    }

    @Override
    public String toString() {
        return remote;
    }

    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }

    private static final long serialVersionUID = 1L;
}
