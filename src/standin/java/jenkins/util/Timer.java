// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/jenkins/util/Timer.java (2.528.1). Declares get() and shutdown(). Minimal faithful behaviour for the
// default build's tests: like the real one, a lazily created, shared scheduled pool of daemon threads (the real one
// also logs errors and runs its tasks as SYSTEM).
package jenkins.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

public class Timer {
    static ScheduledExecutorService executorService;

    @NonNull
    public static synchronized ScheduledExecutorService get() {
        if (executorService == null) {
            executorService = new ScheduledThreadPoolExecutor(10, r -> {
                Thread thread = new Thread(r, "jenkins.util.Timer");
                thread.setDaemon(true);
                return thread;
            });
        }
        return executorService;
    }

    /** Shuts the pool down and throws it away (Jenkins does at shutdown); the next get() makes a new one. */
    public static synchronized void shutdown() {
        if (executorService != null) {
            executorService.shutdownNow();
            executorService = null;
        }
    }

    private Timer() {
    }
}
