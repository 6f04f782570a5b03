package io.jenkins.plugins.bakeami.tools.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/** The directory relative paths start from: an option's value, else the current directory as the shell names it. */
final class WorkingDirectory {
    private WorkingDirectory() {}

    /**
     * The given directory (relative to the current one), else {@code $PWD} when it is the current directory (so a
     * path through a symbolic link stays as the user typed it, like {@code pwd}), else {@code user.dir}.
     */
    static Path resolve(Path given, Map<String, String> environment) {
        Path userDir = Paths.get(System.getProperty("user.dir"));
        if (given != null) {
            return userDir.resolve(given).normalize();
        }
        String shellDirectory = environment.get("PWD");
        if (shellDirectory != null) {
            try {
                Path logical = Paths.get(shellDirectory);
                if (logical.isAbsolute() && logical.normalize().equals(logical) && Files.isSameFile(logical, userDir)) {
                    return logical;
                }
            } catch (IOException | RuntimeException e) {
                // $PWD is stale or odd: the JVM's own idea of the current directory is right
            }
        }
        return userDir;
    }

    /** Like {@link #resolve} but the directory must exist; the message names the option. */
    static Path existing(Path given, String option, Map<String, String> environment) {
        Path directory = resolve(given, environment);
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(option + " " + given + " is not a directory (looked for " + directory + ")");
        }
        return directory;
    }
}
