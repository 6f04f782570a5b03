package io.jenkins.plugins.bakeami.engine.checksum;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads and checks a directory list written like the seed's {@code AMI_DEFINITION_DIRS}. An explicit list must name
 * only directories: an empty entry ({@code ""}, {@code " , "}, {@code "a,,b"}, a trailing comma) usually is a
 * variable that expanded to nothing, and would silently checksum less than meant (or, for a list of nothing, the
 * template's directory). Not giving a list at all is what means the template's directory.
 */
public final class DefinitionDirectories {
    private DefinitionDirectories() {
    }

    /**
     * Splits on ',' and strips white space around each directory, as the seed does. Empty entries are kept, for
     * {@link #requireNoEmptyEntry} to report.
     *
     * @return the entries in order; empty only when the list is not set ({@code null})
     */
    public static List<String> parse(String commaSeparated) {
        List<String> directories = new ArrayList<>();
        if (commaSeparated == null) {
            return directories;
        }
        for (String part : commaSeparated.split(",", -1)) {
            directories.add(part.strip());
        }
        return directories;
    }

    /**
     * The directories of repeated options, each a comma-separated list; when no option is given, those of the
     * variable (e.g. {@code AMI_DEFINITION_DIRS}). Empty only when neither is set.
     */
    public static List<String> parse(List<String> options, String variable) {
        if (options.isEmpty()) {
            return parse(variable);
        }
        List<String> directories = new ArrayList<>();
        options.forEach(option -> directories.addAll(parse(option)));
        return directories;
    }

    /** @throws ChecksumInputException showing the list when an entry is empty or blank */
    public static void requireNoEmptyEntry(List<String> directories) {
        for (String directory : directories) {
            if (directory == null || directory.isBlank()) {
                throw new ChecksumInputException("The list of AMI definition directories "
                        + directories.stream().map(d -> "'" + d + "'").collect(Collectors.joining(", ", "[", "]"))
                        + " has an empty entry (check for a stray comma or an empty setting)");
            }
        }
    }
}
