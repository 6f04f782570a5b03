package io.jenkins.plugins.bakeami.engine.checksum;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Turns the entries of a listing, in order, into the checksum value. The calculator and a parsed listing both go
 * through here, so a listing always recomputes to the value it was printed with.
 */
final class ChecksumCombiner {
    /** Prefix of every strict value; the version changes if the encoding ever does. */
    static final String STRICT_PREFIX = "strict-v1:";
    /** First bytes hashed by the strict mode (then a NUL byte): separates it from any other use of SHA-256. */
    static final String STRICT_DOMAIN = "bake-ami strict-v1";

    private ChecksumCombiner() {
    }

    static String combine(ChecksumMode mode, List<ListingEntry> entries) {
        return mode == ChecksumMode.AMI_BAKERY ? amiBakery(entries) : strict(entries);
    }

    /** The seed: SHA-1 of the per-file lowercase hex SHA-1s concatenated with nothing between. */
    private static String amiBakery(List<ListingEntry> entries) {
        MessageDigest sha1 = newDigest("SHA-1");
        for (ListingEntry entry : entries) {
            if (entry.getKind() != ListingEntry.Kind.FILE || !Hex.isLowerHex(entry.getDigest(), 40)) {
                throw new ChecksumInputException("ami-bakery entries are files with 40-digit SHA-1s, not: " + entry);
            }
            sha1.update(entry.getDigest().getBytes(StandardCharsets.US_ASCII));
        }
        return Hex.encode(sha1.digest());
    }

    /** See docs/checksum.md, "Strict mode, exact definition". */
    private static String strict(List<ListingEntry> entries) {
        MessageDigest sha256 = newDigest("SHA-256");
        sha256.update(STRICT_DOMAIN.getBytes(StandardCharsets.US_ASCII));
        sha256.update((byte) 0);
        for (ListingEntry entry : entries) {
            if (!Hex.isLowerHex(entry.getDigest(), 64)) {
                throw new ChecksumInputException("strict entries carry 64-digit SHA-256s, not: " + entry);
            }
            updateField(sha256, entry.getKind().getToken().getBytes(StandardCharsets.US_ASCII));
            updateField(sha256, FileNames.encode(entry.getPath(), "name '" + entry.getPath() + "'"));
            sha256.update(Hex.decode(entry.getDigest()));
        }
        return STRICT_PREFIX + Hex.encode(sha256.digest());
    }

    /** A 4-byte big-endian length, then the bytes: no two sequences of fields encode the same way. */
    private static void updateField(MessageDigest digest, byte[] field) {
        int n = field.length;
        digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        digest.update(field);
    }

    static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }
}
