package io.jenkins.plugins.bakeami;

import io.jenkins.plugins.bakeami.engine.checksum.ChecksumListing;
import io.jenkins.plugins.bakeami.engine.checksum.ListingDiff;
import java.util.ArrayList;
import java.util.List;

/**
 * Which files changed between the listing of the last bake and this one: the lines of the engine's
 * {@link ListingDiff} (changed, added, removed, renamed, moved, then the counts). Jenkins-free.
 */
final class ChangedFiles {
    private ChangedFiles() {
    }

    /** @return the diff's lines; empty when either listing is missing or not a listing (a build page is no place to fail) */
    static List<String> between(String previousListing, String currentListing) {
        if (previousListing == null || currentListing == null) {
            return List.of();
        }
        try {
            ListingDiff diff = ListingDiff.between(ChecksumListing.parse(previousListing, "the last bake's listing"),
                    ChecksumListing.parse(currentListing, "this bake's listing"));
            List<String> lines = new ArrayList<>();
            for (String line : diff.format().split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IllegalArgumentException notAListing) {
            return List.of();
        }
    }
}
