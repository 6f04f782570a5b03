package io.jenkins.plugins.bakeami.engine.checksum;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** A computed checksum: its value, the explain listing behind it, and warnings worth showing the user. */
public final class ChecksumResult {
    private final ChecksumListing listing;
    private final List<String> warnings;

    ChecksumResult(ChecksumListing listing, List<String> warnings) {
        this.listing = Objects.requireNonNull(listing, "listing");
        this.warnings = Collections.unmodifiableList(new ArrayList<>(warnings));
    }

    /** The value to tag the AMI with: 40 hex digits (ami-bakery) or {@code strict-v1:} and 64 (strict). */
    public String getValue() {
        return listing.getChecksum();
    }

    public ChecksumMode getMode() {
        return listing.getMode();
    }

    /** The entries in checksum order. */
    public List<ListingEntry> getEntries() {
        return listing.getEntries();
    }

    /** The explain listing; {@link ChecksumListing#format()} gives its text. */
    public ChecksumListing getListing() {
        return listing;
    }

    /** E.g. an input outside the base directory, which makes a strict value depend on the absolute path. */
    public List<String> getWarnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return listing.getMode().getName() + " checksum " + listing.getChecksum() + " of " + listing.getEntries().size()
                + " entries";
    }
}
