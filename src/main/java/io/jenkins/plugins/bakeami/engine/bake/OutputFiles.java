package io.jenkins.plugins.bakeami.engine.bake;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Checks, before a bake starts, that the files it will write can be written, without writing anything. */
final class OutputFiles {
    /** Linux pseudo-file systems: their files are the kernel's, a write fails whatever the permissions say. */
    private static final Set<String> KERNEL_FILE_SYSTEMS = Set.of("proc", "sysfs", "cgroup", "cgroup2", "devpts",
            "debugfs", "tracefs", "securityfs", "configfs", "pstore", "bpf", "efivarfs");

    private OutputFiles() {}

    /**
     * The file must be a regular file or absent, and its nearest existing ancestor a writable directory (missing
     * directories are created when the file is written) on a file system that holds regular files.
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
        // root passes the permission check everywhere, also where no file can be created
        FileStore store;
        try {
            store = Files.getFileStore(ancestor);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot write " + what + " " + target + ": " + e.getMessage(), e);
        }
        if (store.isReadOnly()) {
            throw new IllegalArgumentException("Cannot write " + what + " " + target + ": " + ancestor
                    + " is on a read-only file system");
        }
        if (KERNEL_FILE_SYSTEMS.contains(store.type())) {
            throw new IllegalArgumentException("Cannot write " + what + " " + target + ": " + ancestor + " is on the "
                    + store.type() + " file system of the kernel, where no regular file can be created");
        }
    }
}
