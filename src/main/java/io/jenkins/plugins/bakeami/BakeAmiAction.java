package io.jenkins.plugins.bakeami;

import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * What one bake did, on the build's page (summary.jelly) and its own page (index.jelly): the AMI per region, the
 * checksum, reused or baked, how long it took, and, when it rebaked, which files changed since the last baked
 * checksum. Saved with the build (build.xml); holds no secret. One per bakeAmi call in the build.
 *
 * <p>It also keeps the bake's explain listing (bounded, {@link BakeAmiSummary#MAX_LISTING_CHARS}): the next build
 * that rebakes compares its own listing with it, on the controller, without reading old artifacts.
 *
 * <p>Exported to the REST API: {@code …/lastBuild/api/json?tree=actions[amiId,amiIds,sourceAmi]} gives the AMI in
 * every region and its source image without reading the console; {@code prune} what the prune after the bake did
 * ({@code keep}). The listing and the changed files are not exported (the page shows them).
 */
@ExportedBean
public final class BakeAmiAction implements RunAction2 {
    private final int index;
    private final String template;
    private final String amiId;
    private final LinkedHashMap<String, String> amiIds;
    private final String checksum;
    private final String checksumMode;
    private final boolean reused;
    private final boolean dryRun;
    private final long durationMillis;
    private final LinkedHashMap<String, Long> phaseMillis;
    private final ArrayList<String> changedFiles;
    private final String region;
    private final String changedSince;
    private final String listingText;
    private final String sourceAmi;
    private final PruneSummary prune;
    private transient Run<?, ?> run;

    /**
     * @param index 1 for the build's first bake, 2 for the second, ...: keeps each bake's page URL apart
     * @param changedFiles the listing diff's lines against {@code changedSince}'s bake; empty when it did not rebake
     * @param changedSince the build whose listing was compared (e.g. "job#41"), or null
     */
    public BakeAmiAction(int index, String template, BakeAmiSummary outcome, List<String> changedFiles,
            String changedSince) {
        this(index, template, outcome, changedFiles, changedSince, null);
    }

    /** @param prune what the prune after the bake did ({@code keep}); null when there was none, or it failed */
    public BakeAmiAction(int index, String template, BakeAmiSummary outcome, List<String> changedFiles,
            String changedSince, PruneSummary prune) {
        this.index = index;
        this.template = template;
        this.amiId = outcome.getAmiId();
        this.amiIds = new LinkedHashMap<>(outcome.getAmiIds());
        this.checksum = outcome.getChecksum();
        this.checksumMode = outcome.getChecksumMode();
        this.reused = outcome.isReused();
        this.dryRun = outcome.isDryRun();
        this.durationMillis = outcome.getDurationMillis();
        this.phaseMillis = new LinkedHashMap<>(outcome.getPhaseMillis());
        this.changedFiles = new ArrayList<>(changedFiles);
        this.region = outcome.getRegion();
        this.changedSince = changedSince;
        this.listingText = outcome.getListingText();
        this.sourceAmi = outcome.getSourceAmi();
        this.prune = prune;
    }

    @Override
    public String getIconFileName() {
        return "symbol-cloud";
    }

    @Override
    public String getDisplayName() {
        return Messages.BakeAmiAction_DisplayName(template);
    }

    @Override
    public String getUrlName() {
        return index <= 1 ? "bakeAmi" : "bakeAmi-" + index;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Exported
    public String getTemplate() {
        return template;
    }

    @Exported
    public String getAmiId() {
        return amiId;
    }

    @Exported
    public Map<String, String> getAmiIds() {
        return Collections.unmodifiableMap(amiIds);
    }

    @Exported
    public String getChecksum() {
        return checksum;
    }

    @Exported
    public String getChecksumMode() {
        return checksumMode;
    }

    @Exported
    public boolean isReused() {
        return reused;
    }

    @Exported
    public boolean isDryRun() {
        return dryRun;
    }

    /** "reused", "baked" or "dry run", for the pages. */
    @Exported
    public String getResult() {
        return dryRun ? "dry run" : reused ? "reused" : "baked";
    }

    @Exported
    public long getDurationMillis() {
        return durationMillis;
    }

    /** Milliseconds per phase (checksum, lookup, packer, tagging); empty for a build of an older version. */
    @Exported
    public Map<String, Long> getPhaseMillis() {
        return phaseMillis == null ? Map.of() : Collections.unmodifiableMap(phaseMillis);
    }

    /** e.g. "4 min 12 s", "850 ms". */
    public String getDuration() {
        return durationText(durationMillis);
    }

    /** A duration as the pages write it: "4 min 12 s", "12 s", "850 ms". */
    static String durationText(long millis) {
        long seconds = millis / 1000;
        if (seconds == 0) {
            return millis + " ms";
        }
        long minutes = seconds / 60;
        return minutes == 0 ? seconds + " s" : minutes + " min " + (seconds % 60) + " s";
    }

    /** The listing diff's lines when this bake rebaked; empty otherwise. */
    public List<String> getChangedFiles() {
        return changedFiles == null ? List.of() : Collections.unmodifiableList(changedFiles);
    }

    /** The build whose bake {@link #getChangedFiles()} compares with, e.g. "job#41"; null if none. */
    public String getChangedSince() {
        return changedSince;
    }

    @Exported
    public String getRegion() {
        return region;
    }

    /**
     * The source image (base) the AMI was baked from, as recorded on it; null when unknown (an AMI baked before base
     * images were tracked, or a build of an older version).
     */
    @Exported
    public String getSourceAmi() {
        return sourceAmi;
    }

    /** What the prune after the bake did ({@code keep}); null when the bake did not prune, or the prune failed. */
    @Exported
    public PruneSummary getPrune() {
        return prune;
    }

    /** The bake's explain listing; null for a listing too long to keep, or a build of an older version. */
    public String getListingText() {
        return listingText;
    }
}
