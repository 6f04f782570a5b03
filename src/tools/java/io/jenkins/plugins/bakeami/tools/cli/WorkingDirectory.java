package io.jenkins.plugins.bakeami.tools.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * The directory relative paths start from, resolved once to an absolute path: an option's value, else the current
 * directory as the shell names it. Everything the commands open is resolved against it, never against the
 * process's own current directory, which the JVM may have left (see {@link #current}).
 */
final class WorkingDirectory {
    private WorkingDirectory() {}

    /**
     * The given directory (relative to the current one), else the current one: {@code $PWD} when it is the JVM's
     * {@code user.dir} (so a path through a symbolic link stays as the user typed it, like {@code pwd}), else
     * {@code user.dir}.
     */
    static Path resolve(Path given, Map<String, String> environment) {
        if (given != null && given.isAbsolute()) {
            return given.normalize();
        }
        Path current = current(environment, Paths.get(System.getProperty("user.dir")), perfDataDirectory());
        return given == null ? current : current.resolve(given).normalize();
    }

    /**
     * HotSpot creates its perf-data file by entering {@code <tmp>/hsperfdata_<user>} and going back to the
     * directory it started in; when it cannot read that directory it cannot go back, and stays: {@code user.dir}
     * then names the perf-data directory (a {@code .ami_id.json} would be written there). The shell's {@code $PWD}
     * still names the real one, if it is a directory this user cannot read (a readable one is a stale {@code $PWD},
     * e.g. of a parent process that started this one elsewhere).
     */
    static Path current(Map<String, String> environment, Path userDir, Path perfDataDirectory) {
        Path shell = shellDirectory(environment);
        if (shell != null && sameFile(shell, userDir)) {
            return shell;
        }
        if (userDir.equals(perfDataDirectory)) {
            if (shell == null || !Files.isDirectory(shell) || Files.isReadable(shell)) {
                throw new IllegalArgumentException("cannot tell the current directory: it is not readable, so the JVM"
                        + " left it for " + userDir + ", and $PWD does not name it; give --work-dir as an absolute"
                        + " path, or run from a readable directory");
            }
            return shell;
        }
        return userDir;
    }

    /** Like {@link #resolve} but the directory must exist and be enterable; the message names it and the option. */
    static Path existing(Path given, String option, Map<String, String> environment) {
        Path directory = resolve(given, environment);
        String which = given == null ? "the current directory " + directory
                : option + " " + given + (directory.toString().equals(given.toString()) ? "" : " (" + directory + ")");
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(which + (Files.notExists(directory) ? " does not exist"
                    : Files.exists(directory) ? " is not a directory"
                    : " cannot be reached (permission denied on a directory above it)"));
        }
        if (!Files.isExecutable(directory)) {
            throw new IllegalArgumentException(which + " cannot be entered (permission denied)");
        }
        return directory;
    }

    private static Path shellDirectory(Map<String, String> environment) {
        String pwd = environment.get("PWD");
        try {
            Path logical = pwd == null ? null : Paths.get(pwd);
            return logical != null && logical.isAbsolute() && logical.normalize().equals(logical) ? logical : null;
        } catch (RuntimeException e) {
            return null; // not a path
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException | RuntimeException e) {
            return false; // $PWD is stale or odd: the JVM's own idea of the current directory is right
        }
    }

    private static Path perfDataDirectory() {
        return Paths.get(System.getProperty("java.io.tmpdir"), "hsperfdata_" + System.getProperty("user.name"));
    }
}
