package io.jenkins.plugins.bakeami.engine.checksum;

import java.util.Objects;

/**
 * One line of the explain listing: what went into the checksum, in checksum order. The path is shown relative to
 * the base directory (the workspace) when it lies inside it, so that listings of the same tree in two workspaces
 * compare equal.
 */
public final class ListingEntry {

    /** What an entry stands for. The token is what the listing (and the strict encoding) writes. */
    public enum Kind {
        /** A file's content (SHA-1 in ami-bakery mode, SHA-256 in strict mode). */
        FILE("file"),
        /** Strict mode: a file with its owner-executable bit set; its content. */
        EXECUTABLE("executable"),
        /** Strict mode, symlink policy record: a symbolic link; SHA-256 of its target text. */
        SYMLINK("symlink"),
        /** Strict mode: the Packer template; its content. */
        TEMPLATE("template"),
        /** Strict mode: a Packer var-file; its content. */
        VAR_FILE("var-file"),
        /** Strict mode: a Packer variable, shown by name; SHA-256 of its value (never the value). */
        VAR("var"),
        /** Strict mode: an extra input text, shown by position; SHA-256 of the text. */
        EXTRA_INPUT("extra-input"),
        /** Strict mode: an extra input file; its content. */
        EXTRA_FILE("extra-file"),
        /** Strict mode: the template's source image, shown as {@code REGION ami-...}; SHA-256 of the image id. */
        BASE_IMAGE("base-image");

        private final String token;

        Kind(String token) {
            this.token = token;
        }

        public String getToken() {
            return token;
        }

        /** The kind written as {@code token}, or null. */
        static Kind fromToken(String token) {
            for (Kind kind : values()) {
                if (kind.token.equals(token)) {
                    return kind;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return token;
        }
    }

    private final Kind kind;
    private final String path;
    private final String digest;

    /**
     * @param kind what the entry stands for
     * @param path the path shown (or the variable name, or the extra input's position)
     * @param digest lowercase hex digest
     */
    public ListingEntry(Kind kind, String path, String digest) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.path = Objects.requireNonNull(path, "path");
        this.digest = Objects.requireNonNull(digest, "digest");
    }

    public Kind getKind() {
        return kind;
    }

    /** The path shown: relative to the base directory when inside it, else absolute ('/' between names). */
    public String getPath() {
        return path;
    }

    /** Lowercase hex digest: 40 digits in ami-bakery mode, 64 in strict mode. */
    public String getDigest() {
        return digest;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ListingEntry)) {
            return false;
        }
        ListingEntry other = (ListingEntry) o;
        return kind == other.kind && path.equals(other.path) && digest.equals(other.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, path, digest);
    }

    /** The listing line, e.g. {@code da39a3ee5e6b4b0d3255bfef95601890afd80709 file ami/empty.txt}. */
    @Override
    public String toString() {
        return digest + " " + kind.token + " " + ChecksumListing.escapePath(path);
    }
}
