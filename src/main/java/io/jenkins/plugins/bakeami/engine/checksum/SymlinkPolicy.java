package io.jenkins.plugins.bakeami.engine.checksum;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the strict mode does with a symbolic link found in a definition directory. The ami-bakery mode has no
 * choice: it does what the seed does (a link to a file is hashed under the link's name, a link to a directory is
 * not entered).
 */
public enum SymlinkPolicy {
    /**
     * The default. A link is recorded as a link: its name and the text of its target, never followed. Nothing
     * outside the directories is read; a change of the target's text changes the value, a change of the content
     * of a target outside the directories does not.
     */
    RECORD("record"),
    /**
     * A link is followed wherever it points, as Packer's file provisioner does when it uploads: a link to a file
     * is hashed as that file's content under the link's name, a link to a directory is entered. A dangling link
     * and a link cycle are errors.
     */
    FOLLOW("follow");

    /** The policy of the strict mode when none is chosen. */
    public static final SymlinkPolicy DEFAULT = RECORD;

    private final String policyName;

    SymlinkPolicy(String policyName) {
        this.policyName = policyName;
    }

    /** The name users type, e.g. {@code record}. */
    public String getName() {
        return policyName;
    }

    /**
     * The policy with that name (exact, lowercase).
     *
     * @throws ChecksumInputException naming the bad name and listing the valid ones
     */
    public static SymlinkPolicy fromName(String name) {
        for (SymlinkPolicy policy : values()) {
            if (policy.policyName.equals(name)) {
                return policy;
            }
        }
        throw new ChecksumInputException("unknown symlink policy '" + name + "'; valid policies: " + validNames());
    }

    /** The valid names, comma-separated, for messages and help texts. */
    public static String validNames() {
        return Arrays.stream(values()).map(SymlinkPolicy::getName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return policyName;
    }
}
