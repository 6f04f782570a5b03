package io.jenkins.plugins.bakeami.engine.bake;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A repair of the regions an AMI is missing from, as a plain serializable value (like a Packer run): the AMI in the
 * build region, where it was found, and one copy per missing region with how it is to be encrypted and, once started,
 * its id and state. {@link RegionRepair} starts, polls, finishes or removes the copies; a Jenkins controller keeps the
 * copy of this state that comes back from each call, across restarts. No secret.
 */
public final class RegionCopies implements Serializable {
    /** A copy to one region. */
    static final class Copy implements Serializable {
        final String region;
        final boolean encrypted;
        /** The KMS key of an encrypted copy; null: the region's default key. */
        final String kmsKeyId;
        String imageId;
        String state;
        String reason;

        Copy(String region, boolean encrypted, String kmsKeyId) {
            this.region = region;
            this.encrypted = encrypted;
            this.kmsKeyId = kmsKeyId;
        }

        boolean pending() {
            return imageId != null && "pending".equals(state);
        }

        private static final long serialVersionUID = 1L;
    }

    private final String sourceImageId;
    private final String sourceName;
    /** The source tag of the AMI copied (null when it has none): the copies get it too. */
    private final String sourceAmi;
    private final ArrayList<String> targetRegions;
    private final LinkedHashMap<String, String> found;
    private final ArrayList<Copy> copies;
    /** Makes each CopyImage idempotent: a call repeated (a retry, a repeated agent call) returns the same copy. */
    private final String clientToken = UUID.randomUUID().toString();
    /** When the copies were started (epoch millis of the machine that runs them), for the timings. */
    long startedAt;

    RegionCopies(String sourceImageId, String sourceName, String sourceAmi, List<String> targetRegions,
            Map<String, String> found, List<Copy> copies) {
        this.sourceImageId = sourceImageId;
        this.sourceName = sourceName;
        this.sourceAmi = sourceAmi;
        this.targetRegions = new ArrayList<>(targetRegions);
        this.found = new LinkedHashMap<>(found);
        this.copies = new ArrayList<>(copies);
    }

    String sourceImageId() {
        return sourceImageId;
    }

    String sourceName() {
        return sourceName;
    }

    String sourceAmi() {
        return sourceAmi;
    }

    /** The CopyImage ClientToken of the copy to {@code region}: one per repair and region. */
    String clientToken(String region) {
        return clientToken + "-" + region;
    }

    List<Copy> copies() {
        return copies;
    }

    /** A region that had the AMI after all (a second look after waiting for another build): nothing to copy. */
    void foundIn(String region, String imageId) {
        found.put(region, imageId);
        copies.removeIf(copy -> copy.region.equals(region));
    }

    /** Every copy started has left pending (or there is none to make). */
    public boolean ended() {
        return copies.stream().noneMatch(copy -> copy.imageId == null || copy.pending());
    }

    /** The regions still to copy to, in target order. */
    public List<String> missingRegions() {
        return copies.stream().map(copy -> copy.region).toList();
    }

    /** Region to AMI: those found and the copies made, in target order. */
    Map<String, String> amiIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String region : targetRegions) {
            if (found.containsKey(region)) {
                ids.put(region, found.get(region));
            }
            for (Copy copy : copies) {
                if (copy.region.equals(region) && copy.imageId != null) {
                    ids.put(region, copy.imageId);
                }
            }
        }
        return ids;
    }

    @Override
    public String toString() {
        return "copies of " + sourceImageId + " to " + missingRegions();
    }

    private static final long serialVersionUID = 1L;
}
