// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/FilePath.java and JENKINS-API-FACTS.md §5 (javap of 2.528.1). Declares only what
// bakeAmi uses.
package hudson;

import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import org.jenkinsci.remoting.RoleSensitive;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

public final class FilePath implements SerializableOnlyOverRemoting {
    private FilePath() {
    }

    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    /** Runs the callable where the file is and returns at once; the future's get waits for its result. */
    public <T> hudson.remoting.Future<T> actAsync(final FileCallable<T> callable) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }

    private static final long serialVersionUID = 1L;
}
