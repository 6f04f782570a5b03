package io.jenkins.plugins.bakeami.engine.checksum;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the strict checksum reads the content of files. The same repository checked out with {@code core.autocrlf=true}
 * on Windows and as it is on Linux has different bytes; {@link #NORMALIZE} gives both the same value. The
 * ami-bakery mode is always byte-exact (the seed's value). See docs/checksum.md, "Line endings".
 */
public enum LineEndings {
    /** Every byte as it is on disk (the default). */
    EXACT("exact"),
    /** Text files with each CRLF read as LF; a file holding a NUL byte is binary and read as it is. */
    NORMALIZE("normalize");

    public static final LineEndings DEFAULT = EXACT;

    private final String optionName;

    LineEndings(String optionName) {
        this.optionName = optionName;
    }

    /** The name users type: {@code exact} or {@code normalize}. */
    public String getName() {
        return optionName;
    }

    /**
     * @throws ChecksumInputException naming the bad value and the valid ones
     */
    public static LineEndings fromName(String name) {
        for (LineEndings value : values()) {
            if (value.optionName.equals(name)) {
                return value;
            }
        }
        throw new ChecksumInputException("unknown line endings '" + name + "'; valid values: " + validNames());
    }

    /** The valid names, comma-separated, for messages and help texts. */
    public static String validNames() {
        return Arrays.stream(values()).map(LineEndings::getName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return optionName;
    }
}
