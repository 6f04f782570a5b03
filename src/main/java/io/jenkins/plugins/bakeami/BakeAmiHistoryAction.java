package io.jenkins.plugins.bakeami;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Api;
import hudson.model.Job;
import hudson.model.Run;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import jenkins.model.TransientActionFactory;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * "AMI history" on a job's page: its last bakes, newest first, each linking to its build's bake page, and a chart of
 * baked vs reused and of the bakes' durations (index.jelly; a small chart on the job's main page, floatingBox.jelly).
 * Exported to the REST API: {@code …/job/NAME/bakeAmiHistory/api/json}. Nothing is stored: it reads the bakes recorded
 * on the job's last {@link BakeAmiHistory#MAX_BUILDS} builds whenever it is shown, through the job's lazily loaded
 * build list, so a job with thousands of builds loads no more than those.
 */
@ExportedBean
public final class BakeAmiHistoryAction implements Action {
    private final Job<?, ?> job;

    BakeAmiHistoryAction(Job<?, ?> job) {
        this.job = job;
    }

    @Override
    public String getIconFileName() {
        return "symbol-cloud";
    }

    @Override
    public String getDisplayName() {
        return Messages.BakeAmiHistoryAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "bakeAmiHistory";
    }

    public Job<?, ?> getJob() {
        return job;
    }

    /** Computed anew on each call: the page asks once. */
    public BakeAmiHistory getHistory() {
        return BakeAmiHistory.of(job.getBuilds().limit(BakeAmiHistory.MAX_BUILDS));
    }

    /** The job's last bakes, newest first. */
    @Exported
    public List<BakeAmiHistory.Row> getBakes() {
        return getHistory().getRows();
    }

    public Api getApi() {
        return new Api(this);
    }

    /**
     * Adds the page to the jobs that bake: those whose last build, or last successful one, recorded a bake. Both are
     * the permalinks the job's page loads anyway, so deciding costs no extra build.
     */
    @Extension
    public static final class Factory extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @Override
        public Class<? extends Action> actionType() {
            return BakeAmiHistoryAction.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull Job target) {
            Job<?, ?> job = target;
            return baked(job.getLastBuild()) || baked(job.getLastSuccessfulBuild())
                    ? Set.of(new BakeAmiHistoryAction(job)) : Set.of();
        }

        private static boolean baked(Run<?, ?> run) {
            return run != null && !run.getActions(BakeAmiAction.class).isEmpty();
        }
    }
}
