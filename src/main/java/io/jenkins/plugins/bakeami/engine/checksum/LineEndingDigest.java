package io.jenkins.plugins.bakeami.engine.checksum;

import java.security.MessageDigest;

/**
 * The digest of a file for {@link LineEndings#NORMALIZE}, in the same single streaming pass as any file: the bytes
 * go to two digests at once, one as they are and one with every CRLF turned into LF. A NUL byte anywhere makes the
 * file binary, and then the bytes as they are count. Memory stays constant whatever the file size: a CR that ends
 * one read is held back until the next read (or the end of the file) says whether an LF follows it. A lone CR stays.
 * One per hashing thread, reused for every file.
 */
final class LineEndingDigest {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final MessageDigest asIs;
    private final MessageDigest normalized;
    private boolean binary;
    private boolean pendingCr;

    LineEndingDigest(String algorithm) {
        asIs = ChecksumCombiner.newDigest(algorithm);
        normalized = ChecksumCombiner.newDigest(algorithm);
    }

    /** Starts a new file. */
    void reset() {
        asIs.reset();
        normalized.reset();
        binary = false;
        pendingCr = false;
    }

    /** The next {@code length} bytes of the file. */
    void update(byte[] bytes, int length) {
        asIs.update(bytes, 0, length);
        if (binary || length == 0) {
            return;
        }
        int start = 0;
        if (pendingCr) {
            pendingCr = false;
            if (bytes[0] != LF) {
                normalized.update(CR); // the CR held back was a lone one
            }
        }
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b == 0) {
                binary = true;
                return;
            }
            if (b == CR) {
                if (i + 1 == length) {
                    normalized.update(bytes, start, i - start);
                    pendingCr = true; // the next read decides
                    return;
                }
                if (bytes[i + 1] == LF) {
                    normalized.update(bytes, start, i - start);
                    start = i + 1; // the LF that follows is kept
                }
            }
        }
        normalized.update(bytes, start, length - start);
    }

    /** The file's digest: normalized for text, as it is for a binary file. Resets for the next file. */
    byte[] digest() {
        byte[] result;
        if (binary) {
            result = asIs.digest();
        } else {
            if (pendingCr) {
                normalized.update(CR); // a CR that ends the file
            }
            result = normalized.digest();
        }
        reset();
        return result;
    }
}
