package io.jenkins.plugins.bakeami.engine.bake;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks, before a bake starts, that the files it will write can be written, without writing anything. */
final class OutputFiles {
    private OutputFiles() {}

    /**
     * The file must be a regular file or absent, and its nearest existing ancestor a writable directory (missing
     * directories are created when the file is written).
     */
    static void requireWritable(Path file, String what) {
        Path target = file.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException("Cannot write " + what + " " + target + ": a directory is in its place");
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
            throw new IllegalArgumentException("Cannot write " + what + " " + target + ": the file is not writable");
        }
        Path ancestor = target.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            throw new IllegalArgumentException("Cannot write " + what + " " + target + ": no existing parent directory");
        }
        if (!Files.isDirectory(ancestor)) {
            throw new IllegalArgumentException("Cannot write " + what + " " + target + ": " + ancestor
                    + " is a file, not a directory");
        }
        if (!Files.isWritable(ancestor)) {
            throw new IllegalArgumentException("Cannot write " + what + " " + target + ": the directory " + ancestor
                    + " is not writable");
        }
    }
}
