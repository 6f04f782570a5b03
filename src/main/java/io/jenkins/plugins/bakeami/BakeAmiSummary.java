package io.jenkins.plugins.bakeami;

import io.jenkins.plugins.bakeami.engine.bake.BakeOutcome;
import io.jenkins.plugins.bakeami.engine.bake.BakeResult;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one bake reports back from the agent to the controller: the engine's result as plain values, plus what the
 * Jenkins layer needs around it (the workspace-relative files to archive and the text of the explain listing, which
 * the build page keeps to show the changed files of the next rebake). It crosses the remoting channel; it holds no
 * secret (the listing shows digests of variable values, never the values). Jenkins-free.
 */
public final class BakeAmiSummary implements Serializable {
    /** Longest listing text kept: the listing is stored in build.xml (through the action), which must stay small. */
    static final int MAX_LISTING_CHARS = 256 * 1024;

    private final String amiId;
    private final LinkedHashMap<String, String> amiIds;
    private final String region;
    private final String checksum;
    private final String checksumMode;
    private final String outcome;
    private final LinkedHashMap<String, Long> phaseMillis;
    private final String amiIdFile;
    private final String listingFile;
    private final String listingText;
    private final String sourceAmi;
    /** Workspace-relative path of Packer's masked debug log ({@code debug}), or null. */
    private final String debugLogFile;

    /**
     * @param amiIdFile workspace-relative path of the written {@code .ami_id.json}, or null if none was written
     * @param listingFile workspace-relative path of the written explain listing, or null
     * @param listingText the explain listing; null when longer than {@link #MAX_LISTING_CHARS} or not computed
     */
    public BakeAmiSummary(BakeResult result, String amiIdFile, String listingFile, String listingText) {
        this(result, amiIdFile, listingFile, listingText, null);
    }

    /** @param debugLogFile workspace-relative path of Packer's debug log (secrets masked), or null */
    public BakeAmiSummary(BakeResult result, String amiIdFile, String listingFile, String listingText,
            String debugLogFile) {
        this.amiId = result.amiId();
        this.amiIds = new LinkedHashMap<>(result.amiIdsByRegion());
        this.region = result.region();
        this.checksum = result.checksum();
        this.checksumMode = result.checksumMode();
        this.outcome = result.outcome().name();
        this.phaseMillis = new LinkedHashMap<>();
        result.timings().forEach((phase, duration) -> phaseMillis.put(phase, duration.toMillis()));
        this.amiIdFile = amiIdFile;
        this.listingFile = listingFile;
        this.listingText = listingText == null || listingText.length() > MAX_LISTING_CHARS ? null : listingText;
        this.sourceAmi = result.sourceAmi();
        this.debugLogFile = debugLogFile;
    }

    /** The AMI in the bake's region; null only for a dry run that found none. */
    public String getAmiId() {
        return amiId;
    }

    /** Region to AMI id (several with Packer's ami_regions). */
    public Map<String, String> getAmiIds() {
        return Collections.unmodifiableMap(amiIds);
    }

    /** The AMI per region for the log, e.g. "us-east-1=ami-1, us-west-2=ami-2". */
    public String getRegionsText() {
        StringBuilder line = new StringBuilder();
        amiIds.forEach((name, ami) -> line.append(line.length() == 0 ? "" : ", ").append(name).append('=').append(ami));
        return line.toString();
    }

    public String getRegion() {
        return region;
    }

    /** The source image (base) the AMI was baked from; null when unknown (baked before base images were tracked). */
    public String getSourceAmi() {
        return sourceAmi;
    }

    public String getChecksum() {
        return checksum;
    }

    public String getChecksumMode() {
        return checksumMode;
    }

    public BakeOutcome getOutcome() {
        return BakeOutcome.valueOf(outcome);
    }

    /** True when an AMI carrying the checksum was found (or, in a dry run, would be) and nothing was baked. */
    public boolean isReused() {
        return getOutcome() == BakeOutcome.REUSED || getOutcome() == BakeOutcome.WOULD_REUSE;
    }

    public boolean isDryRun() {
        return getOutcome().dryRun();
    }

    /** Milliseconds per phase (checksum, lookup, packer, tagging), in the order they ran. */
    public Map<String, Long> getPhaseMillis() {
        return Collections.unmodifiableMap(phaseMillis);
    }

    /** The phases' timings for the log, e.g. "checksum 0.1 s, lookup 0.3 s, packer 95.2 s, tagging 0.4 s". */
    public String getTimings() {
        StringBuilder line = new StringBuilder();
        for (Map.Entry<String, Long> phase : phaseMillis.entrySet()) {
            line.append(line.length() == 0 ? "" : ", ").append(phase.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f s", phase.getValue() / 1000.0));
        }
        return line.toString();
    }

    public long getDurationMillis() {
        return phaseMillis.values().stream().mapToLong(Long::longValue).sum();
    }

    public String getAmiIdFile() {
        return amiIdFile;
    }

    public String getListingFile() {
        return listingFile;
    }

    public String getListingText() {
        return listingText;
    }

    /** Workspace-relative path of Packer's debug log (secrets masked), or null when none was written. */
    public String getDebugLogFile() {
        return debugLogFile;
    }

    @Override
    public String toString() {
        return "BakeAmiSummary[" + outcome + " " + amiIds + ", checksum " + checksum + "]";
    }

    private static final long serialVersionUID = 1L;
}
