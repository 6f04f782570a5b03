package io.jenkins.plugins.bakeami;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a bake reports back from the agent: plain values only (it crosses the remoting channel, and our own class is
 * accepted by Jenkins' class filter). Jenkins-free.
 */
public final class BakeOutcome implements Serializable {
    private final String amiId;
    private final LinkedHashMap<String, String> amiIds;
    private final String checksum;
    private final String checksumMode;
    private final boolean reused;
    private final boolean dryRun;
    private final long durationMillis;
    private final ArrayList<String> changedFiles;
    private final String amiIdFile;
    private final String listingFile;

    /**
     * @param amiId the AMI in the bake's region; null only for a dry run that found none
     * @param amiIds region to AMI id, the bake's region first (several with Packer's ami_regions)
     * @param reused true when an AMI carrying the checksum was found and nothing was baked
     * @param changedFiles lines of the listing diff against the last baked checksum, when it rebaked; may be empty
     * @param amiIdFile workspace-relative path of the written {@code .ami_id.json}, or null if none was written
     * @param listingFile workspace-relative path of the checksum's explain listing, or null
     */
    public BakeOutcome(String amiId, Map<String, String> amiIds, String checksum, String checksumMode, boolean reused,
            boolean dryRun, long durationMillis, List<String> changedFiles, String amiIdFile, String listingFile) {
        this.amiId = amiId;
        this.amiIds = new LinkedHashMap<>(amiIds);
        this.checksum = checksum;
        this.checksumMode = checksumMode;
        this.reused = reused;
        this.dryRun = dryRun;
        this.durationMillis = durationMillis;
        this.changedFiles = new ArrayList<>(changedFiles);
        this.amiIdFile = amiIdFile;
        this.listingFile = listingFile;
    }

    public String getAmiId() {
        return amiId;
    }

    public Map<String, String> getAmiIds() {
        return Collections.unmodifiableMap(amiIds);
    }

    public String getChecksum() {
        return checksum;
    }

    public String getChecksumMode() {
        return checksumMode;
    }

    public boolean isReused() {
        return reused;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public long getDurationMillis() {
        return durationMillis;
    }

    public List<String> getChangedFiles() {
        return Collections.unmodifiableList(changedFiles);
    }

    public String getAmiIdFile() {
        return amiIdFile;
    }

    public String getListingFile() {
        return listingFile;
    }

    @Override
    public String toString() {
        return "BakeOutcome[" + (reused ? "reused " : "baked ") + amiIds + ", checksum " + checksum + "]";
    }

    private static final long serialVersionUID = 1L;
}
