package io.jenkins.plugins.bakeami;

import io.jenkins.plugins.bakeami.engine.lifecycle.PruneReport;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * What the prune after a bake ({@code keep}) did, as the build keeps it (build.xml) and the REST API shows it:
 * {@code …/lastBuild/api/json?tree=actions[prune[deleted,gibFreed]]}. Plain values; the build log has the whole table.
 */
@ExportedBean(defaultVisibility = 2)
public final class PruneSummary implements Serializable {
    private final String family;
    private final String policy;
    private final boolean dryRun;
    private final ArrayList<String> deleted;
    private final int kept;
    private final ArrayList<String> failed;
    private final int gibFreed;

    private PruneSummary(String family, String policy, boolean dryRun, List<String> deleted, int kept,
            List<String> failed, int gibFreed) {
        this.family = family;
        this.policy = policy;
        this.dryRun = dryRun;
        this.deleted = new ArrayList<>(deleted);
        this.kept = kept;
        this.failed = new ArrayList<>(failed);
        this.gibFreed = gibFreed;
    }

    static PruneSummary of(PruneReport report) {
        return new PruneSummary(report.family(), report.policy(), report.dryRun(),
                report.deleted().stream().map(d -> d.region() + " " + d.imageId()).toList(), report.kept().size(),
                report.failures(), report.gibFreed());
    }

    @Exported
    public String getFamily() {
        return family;
    }

    /** E.g. {@code keep 3, min age 7d, shared and public AMIs kept}. */
    @Exported
    public String getPolicy() {
        return policy;
    }

    @Exported
    public boolean isDryRun() {
        return dryRun;
    }

    /** The AMIs deleted (in a dry run: that would be), each as {@code region ami-id}. */
    @Exported
    public List<String> getDeleted() {
        return Collections.unmodifiableList(deleted);
    }

    /** How many AMIs of the family were kept. */
    @Exported
    public int getKept() {
        return kept;
    }

    /** What could not be deleted, each with the reason; empty when everything went through. */
    @Exported
    public List<String> getFailed() {
        return Collections.unmodifiableList(failed);
    }

    @Exported
    public int getGibFreed() {
        return gibFreed;
    }

    private static final long serialVersionUID = 1L;
}
