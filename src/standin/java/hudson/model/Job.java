// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/Job.java. Declares only what bakeAmi uses (its real type parameters, getBuilds
// and the permalinks it reads); the default build's tests mock it.
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.util.RunList;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem {
    public RunList<RunT> getBuilds() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    @CheckForNull
    public RunT getLastBuild() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    @CheckForNull
    public RunT getLastSuccessfulBuild() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }
}
