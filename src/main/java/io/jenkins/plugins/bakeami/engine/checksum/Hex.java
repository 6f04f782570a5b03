package io.jenkins.plugins.bakeami.engine.checksum;

import java.nio.charset.StandardCharsets;

/** Lowercase hexadecimal through a lookup table: called once per file, so no String.format. */
final class Hex {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Hex() {
    }

    static String encode(byte[] bytes) {
        // ASCII bytes become a one-byte-per-char (Latin-1) String by a plain copy, no compression pass
        byte[] chars = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            chars[2 * i] = DIGITS[b >>> 4];
            chars[2 * i + 1] = DIGITS[b & 0x0F];
        }
        return new String(chars, StandardCharsets.ISO_8859_1);
    }

    /** True for a non-empty string of lowercase hexadecimal digits of the given length. */
    static boolean isLowerHex(String text, int length) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Decodes lowercase hex; the caller has checked it with {@link #isLowerHex}. */
    static byte[] decode(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ((Character.digit(hex.charAt(2 * i), 16) << 4) | Character.digit(hex.charAt(2 * i + 1), 16));
        }
        return bytes;
    }
}
