package io.jenkins.plugins.bakeami.engine.checksum;

import java.util.ArrayList;
import java.util.List;

/** Reads a directory list written like the seed's {@code AMI_DEFINITION_DIRS}. */
public final class DefinitionDirectories {
    private DefinitionDirectories() {
    }

    /**
     * Splits on ',' and strips white space around each directory, as the seed does. Unlike the seed, which fails
     * on them, empty entries (a trailing comma, ",,") are skipped: they cannot name a wrong directory.
     *
     * @return the directories in order; empty when there are none
     */
    public static List<String> parse(String commaSeparated) {
        List<String> directories = new ArrayList<>();
        if (commaSeparated == null) {
            return directories;
        }
        for (String part : commaSeparated.split(",", -1)) {
            String directory = part.strip();
            if (!directory.isEmpty()) {
                directories.add(directory);
            }
        }
        return directories;
    }
}
