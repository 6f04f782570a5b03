package io.jenkins.plugins.bakeami.engine.checksum;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File names as Python 3 sees them on Linux: the name's bytes decoded as UTF-8, each byte that is not part of a
 * valid UTF-8 sequence becoming the lone surrogate U+DC80..U+DCFF ("surrogateescape"). The seed sorts those
 * strings, so the ami-bakery order depends on them.
 *
 * <p>Java decodes names with {@code sun.jnu.encoding} (the locale's charset) and replaces what it cannot decode
 * with U+FFFD, which loses the bytes. When a name may have been decoded differently from Python, its bytes are
 * read back from {@link Path#toUri()}, which percent-encodes the raw bytes, and decoded here. Only such names pay
 * for it (toUri costs one stat).
 */
final class FileNames {
    private static final boolean JNU_IS_UTF8 = isUtf8(System.getProperty("sun.jnu.encoding"));

    private FileNames() {
    }

    private static boolean isUtf8(String charsetName) {
        try {
            return charsetName != null && Charset.forName(charsetName).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The last element of {@code entry} as Python would decode it. */
    static String pythonName(Path entry) {
        String name = entry.getFileName().toString();
        if (!mayDifferFromPython(name)) {
            return name;
        }
        return decodeSurrogateEscape(rawLastElement(entry));
    }

    /** A whole path (e.g. a link's target text) as Python would decode it, '/' between names. */
    static String pythonPath(Path path) {
        String text = path.toString();
        if (!mayDifferFromPython(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        if (path.getRoot() != null) {
            out.append('/');
        }
        for (int i = 0; i < path.getNameCount(); i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(pythonName(path.getName(i)));
        }
        return out.toString();
    }

    private static boolean mayDifferFromPython(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0x80 && (!JNU_IS_UTF8 || c == '\uFFFD')) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of the last element of the path, from its percent-encoded URI form. */
    private static byte[] rawLastElement(Path entry) {
        String rawPath = entry.toAbsolutePath().toUri().getRawPath();
        int end = rawPath.endsWith("/") ? rawPath.length() - 1 : rawPath.length();
        int start = rawPath.lastIndexOf('/', end - 1) + 1;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            char c = rawPath.charAt(i);
            if (c == '%' && i + 2 < end) {
                bytes.write((Character.digit(rawPath.charAt(i + 1), 16) << 4) | Character.digit(rawPath.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toByteArray();
    }

    /** Strict UTF-8 decoding (no overlongs, no encoded surrogates, at most U+10FFFF); other bytes become U+DC80+. */
    static String decodeSurrogateEscape(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int length = validSequenceLength(bytes, i);
            if (length == 0) {
                out.append((char) (0xDC00 | (bytes[i] & 0xFF)));
                i++;
            } else {
                out.appendCodePoint(decodeSequence(bytes, i, length));
                i += length;
            }
        }
        return out.toString();
    }

    private static int validSequenceLength(byte[] b, int i) {
        int b0 = b[i] & 0xFF;
        if (b0 < 0x80) {
            return 1;
        }
        int length;
        int min2;
        int max2;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            length = 2; min2 = 0x80; max2 = 0xBF;
        } else if (b0 == 0xE0) {
            length = 3; min2 = 0xA0; max2 = 0xBF;
        } else if (b0 == 0xED) {
            length = 3; min2 = 0x80; max2 = 0x9F;
        } else if (b0 >= 0xE1 && b0 <= 0xEF) {
            length = 3; min2 = 0x80; max2 = 0xBF;
        } else if (b0 == 0xF0) {
            length = 4; min2 = 0x90; max2 = 0xBF;
        } else if (b0 >= 0xF1 && b0 <= 0xF3) {
            length = 4; min2 = 0x80; max2 = 0xBF;
        } else if (b0 == 0xF4) {
            length = 4; min2 = 0x80; max2 = 0x8F;
        } else {
            return 0;
        }
        if (i + length > b.length) {
            return 0;
        }
        int b1 = b[i + 1] & 0xFF;
        if (b1 < min2 || b1 > max2) {
            return 0;
        }
        for (int k = 2; k < length; k++) {
            int bk = b[i + k] & 0xFF;
            if (bk < 0x80 || bk > 0xBF) {
                return 0;
            }
        }
        return length;
    }

    private static int decodeSequence(byte[] b, int i, int length) {
        int b0 = b[i] & 0xFF;
        if (length == 1) {
            return b0;
        }
        int cp = b0 & (0xFF >>> (length + 1));
        for (int k = 1; k < length; k++) {
            cp = (cp << 6) | (b[i + k] & 0x3F);
        }
        return cp;
    }

    /**
     * The bytes a string stands for: UTF-8, except that a lone surrogate U+DC80..U+DCFF is the byte it escapes.
     * This is exact for file names decoded by {@link #pythonName}.
     *
     * @param what names the string in the error message
     * @throws ChecksumInputException for any other unpaired surrogate, which no byte sequence decodes to
     */
    static byte[] encode(String text, String what) {
        boolean plain = true;
        for (int i = 0; i < text.length() && plain; i++) {
            plain = !Character.isSurrogate(text.charAt(i));
        }
        if (plain) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                byte[] pair = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                out.write(pair, 0, pair.length);
                i++;
            } else if (c >= 0xDC80 && c <= 0xDCFF) {
                out.write(c & 0xFF);
            } else if (Character.isSurrogate(c)) {
                throw new ChecksumInputException(what + " contains an unpaired surrogate character U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT));
            } else {
                byte[] one = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(one, 0, one.length);
            }
        }
        return out.toByteArray();
    }
}
