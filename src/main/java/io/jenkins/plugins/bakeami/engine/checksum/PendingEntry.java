package io.jenkins.plugins.bakeami.engine.checksum;

import java.nio.file.Path;

/**
 * An entry on its way into the listing. {@code file} is read by a hashing thread, which sets {@code digest};
 * entries without a file carry their digest from the start. Kept small: the per-file memory of a checksum.
 */
final class PendingEntry {
    final ListingEntry.Kind kind;
    /**
     * ami-bakery: the seed's path string (the directory as written, then the walk); strict: the name recorded.
     * The sort key in both.
     */
    final String key;
    /** The file whose content is hashed, or null. */
    final Path file;
    /** No UTF-16 surrogate in {@code key}: then String.compareTo (vectorized) gives code-point order. */
    final boolean surrogateFree;
    /** Set before hashing for entries without a file; by the hashing thread otherwise. */
    byte[] digest;
    /** {@code digest} in lowercase hex, made by the hashing thread (so not on the single thread that sorts). */
    String hex;

    PendingEntry(ListingEntry.Kind kind, String key, Path file) {
        this.kind = kind;
        this.key = key;
        this.file = file;
        this.surrogateFree = CodePointOrder.isSurrogateFree(key);
    }

    PendingEntry(ListingEntry.Kind kind, String key, byte[] digest) {
        this.kind = kind;
        this.key = key;
        this.file = null;
        this.digest = digest;
        this.surrogateFree = CodePointOrder.isSurrogateFree(key);
    }

    /** The digest in lowercase hex. */
    String hex() {
        return hex != null ? hex : Hex.encode(digest);
    }

    /** Code-point order of the keys (the seed's sort), through String.compareTo when that gives the same order. */
    static int compareKeys(PendingEntry a, PendingEntry b) {
        return a.surrogateFree && b.surrogateFree ? a.key.compareTo(b.key) : CodePointOrder.INSTANCE.compare(a.key, b.key);
    }
}
