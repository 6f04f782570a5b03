package io.jenkins.plugins.bakeami.engine.checksum;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the checksum is computed. The name is what users type (CLI {@code --mode}, the Jenkins step's {@code mode}).
 * See docs/checksum.md for the exact definition of each mode.
 */
public enum ChecksumMode {
    /** The seed's {@code ami_config_checksum}, byte for byte: existing ami-bakery users find their AMIs again. */
    AMI_BAKERY("ami-bakery"),
    /** For new users: also covers names, the executable bit, the template, variables and extra inputs. */
    STRICT("strict");

    /** The mode used when none is chosen: compatibility with the seed. */
    public static final ChecksumMode DEFAULT = AMI_BAKERY;

    private final String modeName;

    ChecksumMode(String modeName) {
        this.modeName = modeName;
    }

    /** The name users type, e.g. {@code ami-bakery}. */
    public String getName() {
        return modeName;
    }

    /**
     * The mode with that name (exact, lowercase).
     *
     * @throws ChecksumInputException naming the bad name and listing the valid ones
     */
    public static ChecksumMode fromName(String name) {
        for (ChecksumMode mode : values()) {
            if (mode.modeName.equals(name)) {
                return mode;
            }
        }
        throw new ChecksumInputException("unknown checksum mode '" + name + "'; valid modes: " + validNames());
    }

    /** The valid names, comma-separated, for messages and help texts. */
    public static String validNames() {
        return Arrays.stream(values()).map(ChecksumMode::getName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return modeName;
    }
}
