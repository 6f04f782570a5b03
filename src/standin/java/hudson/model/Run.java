// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/Run.java and JENKINS-API-FACTS.md §5 (javap of 2.528.1). Declares only what
// bakeAmi uses; interfaces of the real class that bakeAmi does not use are left out.
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import jenkins.model.ArtifactManager;
import org.springframework.security.access.AccessDeniedException;

public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable {
    public int getNumber() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    public @NonNull String getUrl() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    public @NonNull String getDisplayName() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    public @CheckForNull RunT getPreviousBuild() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    public @NonNull String getExternalizableId() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    public boolean isBuilding() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    @CheckForNull
    public static Run<?, ?> fromExternalizableId(String id) throws IllegalArgumentException, AccessDeniedException {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    public final synchronized ArtifactManager pickArtifactManager() throws IOException {
        throw new UnsupportedOperationException("compile-time stand-in");
    }
}
