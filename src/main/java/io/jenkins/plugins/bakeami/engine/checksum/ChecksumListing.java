package io.jenkins.plugins.bakeami.engine.checksum;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The explain listing: a header naming the mode, one line per entry in checksum order, and the checksum as the
 * last line. It is what {@code bake-ami checksum --explain} prints and what {@link ListingDiff} compares:
 *
 * <pre>
 * # bake-ami checksum listing v1 mode=ami-bakery
 * 6fcf9dfbd479ed82697fee719b9f8c610a11ff2a file trap/a-b/x
 * 4745372841d407b1e13cfbf4a055380a60032614 file trap/a.txt
 * 89e6c98d92887913cadf06b2adb97f26cde4849b file trap/a/b
 * 3fe2ec92a4bdf2229b2501b9a9cb07c9d537b369
 * </pre>
 *
 * A strict listing of normalized line endings says so in its header: {@code mode=strict line-endings=normalize}
 * (its file digests are then of the normalized content, not what {@code sha256sum} shows for a CRLF file).
 * Entry lines are {@code <hex digest> <kind> <path>}. In the path, '\' is written {@code \\}, a line feed
 * {@code \n}, a carriage return {@code \r}, a byte that is not UTF-8 {@code \xHH}. Text is UTF-8, lines end with
 * '\n'. No absolute workspace path is written unless an input lies outside the base directory.
 */
public final class ChecksumListing {
    static final String HEADER_PREFIX = "# bake-ami checksum listing v1 mode=";
    private static final String LINE_ENDINGS = " line-endings=";

    private final ChecksumMode mode;
    private final LineEndings lineEndings;
    private final List<ListingEntry> entries;
    private final String checksum;

    public ChecksumListing(ChecksumMode mode, List<ListingEntry> entries, String checksum) {
        this(mode, LineEndings.EXACT, entries, checksum);
    }

    public ChecksumListing(ChecksumMode mode, LineEndings lineEndings, List<ListingEntry> entries, String checksum) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.lineEndings = Objects.requireNonNull(lineEndings, "lineEndings");
        this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
        this.checksum = Objects.requireNonNull(checksum, "checksum");
    }

    public ChecksumMode getMode() {
        return mode;
    }

    public LineEndings getLineEndings() {
        return lineEndings;
    }

    /** The entries in checksum order (unmodifiable). */
    public List<ListingEntry> getEntries() {
        return entries;
    }

    /** The checksum the listing states (its last line). */
    public String getChecksum() {
        return checksum;
    }

    /** The checksum its entries give; equal to {@link #getChecksum()} unless the listing was edited. */
    public String recomputeChecksum() {
        return ChecksumCombiner.combine(mode, entries);
    }

    /** True when the entries give the stated checksum. */
    public boolean isConsistent() {
        return recomputeChecksum().equals(checksum);
    }

    /** The listing's text: header, entries, checksum, each line ending in '\n'. */
    public String format() {
        StringBuilder text = new StringBuilder(64 + entries.size() * 100);
        text.append(HEADER_PREFIX).append(mode.getName());
        if (lineEndings != LineEndings.EXACT) {
            text.append(LINE_ENDINGS).append(lineEndings.getName());
        }
        text.append('\n');
        for (ListingEntry entry : entries) {
            text.append(entry).append('\n');
        }
        return text.append(checksum).append('\n').toString();
    }

    public void writeTo(Writer out) throws IOException {
        out.write(format());
    }

    /** Reads a listing file written by {@link #format()} (e.g. saved output of {@code checksum --explain}). */
    public static ChecksumListing read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ChecksumInputException(file + ": not a bake-ami checksum listing (not UTF-8 text)", e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses a listing.
     *
     * @param source names the listing in error messages (e.g. its file name)
     * @throws ChecksumInputException naming the source and line when the text is not a listing
     */
    public static ChecksumListing parse(String text, String source) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.endsWith("\r")) {
                lines.set(i, line.substring(0, line.length() - 1));
            }
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty() || !lines.get(0).startsWith(HEADER_PREFIX)) {
            throw new ChecksumInputException(source + ": not a bake-ami checksum listing (its first line must start with '"
                    + HEADER_PREFIX + "')");
        }
        ChecksumMode mode;
        LineEndings lineEndings = LineEndings.EXACT;
        try {
            String header = lines.get(0).substring(HEADER_PREFIX.length()).trim();
            int options = header.indexOf(LINE_ENDINGS);
            if (options >= 0) {
                lineEndings = LineEndings.fromName(header.substring(options + LINE_ENDINGS.length()).trim());
                header = header.substring(0, options);
            }
            mode = ChecksumMode.fromName(header);
        } catch (ChecksumInputException e) {
            throw new ChecksumInputException(source + ": line 1: " + e.getMessage(), e);
        }
        if (lines.size() < 2) {
            throw new ChecksumInputException(source + ": the listing ends without its checksum line");
        }
        String checksum = lines.get(lines.size() - 1).trim();
        if (!isChecksumValue(mode, checksum)) {
            throw new ChecksumInputException(source + ": line " + lines.size() + ": not a " + mode.getName()
                    + " checksum: '" + checksum + "'");
        }
        int digestLength = mode == ChecksumMode.AMI_BAKERY ? 40 : 64;
        List<ListingEntry> entries = new ArrayList<>(lines.size() - 2);
        for (int i = 1; i < lines.size() - 1; i++) {
            entries.add(parseEntry(lines.get(i), digestLength, source + ": line " + (i + 1)));
        }
        return new ChecksumListing(mode, lineEndings, entries, checksum);
    }

    /** True when {@code value} has the form of a checksum of that mode. */
    public static boolean isChecksumValue(ChecksumMode mode, String value) {
        if (mode == ChecksumMode.AMI_BAKERY) {
            return Hex.isLowerHex(value, 40);
        }
        return value.startsWith(ChecksumCombiner.STRICT_PREFIX)
                && Hex.isLowerHex(value.substring(ChecksumCombiner.STRICT_PREFIX.length()), 64);
    }

    private static ListingEntry parseEntry(String line, int digestLength, String where) {
        int firstSpace = line.indexOf(' ');
        int secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
        if (secondSpace < 0) {
            throw new ChecksumInputException(where + ": expected '<digest> <kind> <path>', found '" + line + "'");
        }
        String digest = line.substring(0, firstSpace);
        if (!Hex.isLowerHex(digest, digestLength)) {
            throw new ChecksumInputException(where + ": expected a " + digestLength + "-digit lowercase hex digest, found '"
                    + digest + "'");
        }
        ListingEntry.Kind kind = ListingEntry.Kind.fromToken(line.substring(firstSpace + 1, secondSpace));
        if (kind == null) {
            throw new ChecksumInputException(where + ": unknown kind '" + line.substring(firstSpace + 1, secondSpace) + "'");
        }
        return new ListingEntry(kind, unescapePath(line.substring(secondSpace + 1), where), digest);
    }

    /** Writes a path on one line; see the class comment. */
    static String escapePath(String path) {
        StringBuilder out = null;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            String escape = null;
            if (c == '\\') {
                escape = "\\\\";
            } else if (c == '\n') {
                escape = "\\n";
            } else if (c == '\r') {
                escape = "\\r";
            } else if (Character.isHighSurrogate(c) && i + 1 < path.length() && Character.isLowSurrogate(path.charAt(i + 1))) {
                if (out != null) {
                    out.append(c).append(path.charAt(i + 1));
                }
                i++;
                continue;
            } else if (c >= 0xDC80 && c <= 0xDCFF) {
                escape = "\\x" + Hex.encode(new byte[] {(byte) c});
            } else if (Character.isSurrogate(c)) {
                escape = "\\u" + String.format(Locale.ROOT, "%04x", (int) c);
            }
            if (escape != null && out == null) {
                out = new StringBuilder(path.length() + 8).append(path, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? path : out.toString();
    }

    static String unescapePath(String text, String where) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
            if (next == '\\') {
                out.append('\\');
                i++;
            } else if (next == 'n') {
                out.append('\n');
                i++;
            } else if (next == 'r') {
                out.append('\r');
                i++;
            } else if (next == 'x' && i + 3 < text.length() && Hex.isLowerHex(text.substring(i + 2, i + 4), 2)
                    && text.charAt(i + 2) >= '8') {
                out.append((char) (0xDC00 | Integer.parseInt(text.substring(i + 2, i + 4), 16)));
                i += 3;
            } else if (next == 'u' && i + 5 < text.length() && Hex.isLowerHex(text.substring(i + 2, i + 6), 4)) {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                throw new ChecksumInputException(where + ": bad escape in path '" + text + "'");
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ChecksumListing)) {
            return false;
        }
        ChecksumListing other = (ChecksumListing) o;
        return mode == other.mode && lineEndings == other.lineEndings && entries.equals(other.entries)
                && checksum.equals(other.checksum);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, lineEndings, entries, checksum);
    }

    @Override
    public String toString() {
        return format();
    }
}
