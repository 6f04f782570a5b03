package io.jenkins.plugins.bakeami.engine.checksum;

import java.nio.file.Path;

/**
 * An entry on its way into the listing. {@code file} is read by a hashing thread, which sets {@code digest};
 * entries without a file carry their digest from the start. Kept small: the per-file memory of a checksum.
 */
final class PendingEntry {
    final ListingEntry.Kind kind;
    /** ami-bakery: the seed's path string (absolute); strict: the name recorded. The sort key in both. */
    final String key;
    /** The file whose content is hashed, or null. */
    final Path file;
    /** Set before hashing for entries without a file; by the hashing thread otherwise. */
    byte[] digest;

    PendingEntry(ListingEntry.Kind kind, String key, Path file) {
        this.kind = kind;
        this.key = key;
        this.file = file;
    }

    PendingEntry(ListingEntry.Kind kind, String key, byte[] digest) {
        this.kind = kind;
        this.key = key;
        this.file = null;
        this.digest = digest;
    }
}
