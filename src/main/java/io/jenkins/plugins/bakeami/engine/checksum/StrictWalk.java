package io.jenkins.plugins.bakeami.engine.checksum;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;

/**
 * The strict mode's walk: every file (dotfiles too) not excluded, recorded under its name (the definition
 * directory's name relative to the base directory, then the path inside it) with its executable bit; symbolic
 * links as the {@link SymlinkPolicy} says. Directories themselves are not recorded (as in git). Immutable, so
 * its tasks run on any thread.
 */
final class StrictWalk {
    private final List<ExcludeGlob> excludes = new ArrayList<>();
    private final SymlinkPolicy symlinkPolicy;
    private final boolean posix;

    /** The directories from a root down to where a task is: a followed link back into one of them is a cycle. */
    private static final class OpenDirectories {
        final Object identity;
        final OpenDirectories parent;

        OpenDirectories(Object identity, OpenDirectories parent) {
            this.identity = identity;
            this.parent = parent;
        }

        boolean contains(Object candidate) {
            for (OpenDirectories d = this; d != null; d = d.parent) {
                if (d.identity.equals(candidate)) {
                    return true;
                }
            }
            return false;
        }
    }

    StrictWalk(List<String> excludeGlobs, SymlinkPolicy symlinkPolicy, boolean posix) {
        for (String glob : excludeGlobs) {
            excludes.add(ExcludeGlob.compile(glob));
        }
        this.symlinkPolicy = symlinkPolicy;
        this.posix = posix;
    }

    /**
     * The task that walks {@code root}.
     *
     * @param root an existing directory
     * @param namePrefix what its entries' names start with: "" for the base directory itself, else its name
     *     relative to the base directory (or its absolute path when outside) followed by '/'
     */
    WorkPool.Task of(Path root, String namePrefix) {
        return worker -> list(worker, root, "", namePrefix, Walks.attributes(root), null);
    }

    private void list(WorkPool.Worker worker, Path directory, String relativePrefix, String namePrefix,
            BasicFileAttributes attributes, OpenDirectories above) throws IOException {
        OpenDirectories open = null;
        if (symlinkPolicy == SymlinkPolicy.FOLLOW) {
            Object identity = attributes.fileKey() != null ? attributes.fileKey() : directory.toRealPath().toString();
            if (above != null && above.contains(identity)) {
                throw new ChecksumInputException("symbolic link cycle: " + directory + " leads back into a directory"
                        + " that contains it");
            }
            open = new OpenDirectories(identity, above);
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                if (worker.shouldStop()) {
                    return;
                }
                visit(worker, child, relativePrefix, namePrefix, open);
            }
        } catch (AccessDeniedException e) {
            throw new ChecksumInputException("cannot read directory " + directory + ": permission denied", e);
        } catch (DirectoryIteratorException e) {
            throw new IOException("cannot list directory " + directory + ": " + e.getCause(), e.getCause());
        }
        worker.flushBatch();
    }

    private void visit(WorkPool.Worker worker, Path child, String relativePrefix, String namePrefix,
            OpenDirectories open) throws IOException {
        String relative = relativePrefix + FileNames.pythonName(child);
        if (isExcluded(relative)) {
            return; // not even looked at: an excluded directory may be unreadable
        }
        BasicFileAttributes attributes = read(child, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            if (symlinkPolicy == SymlinkPolicy.RECORD) {
                String target = FileNames.pythonPath(Files.readSymbolicLink(child));
                byte[] digest = worker.digestOf(FileNames.encode(target, "the target of symbolic link " + child));
                worker.add(new PendingEntry(ListingEntry.Kind.SYMLINK, namePrefix + relative, digest), 0);
                return;
            }
            try {
                attributes = read(child);
            } catch (NoSuchFileException e) {
                throw new ChecksumInputException("dangling symbolic link (its target does not exist): " + child, e);
            }
        }
        if (attributes.isDirectory()) {
            BasicFileAttributes directoryAttributes = attributes;
            worker.submit(w -> list(w, child, relative + "/", namePrefix, directoryAttributes, open));
        } else if (attributes.isRegularFile()) {
            ListingEntry.Kind kind = isExecutable(attributes) ? ListingEntry.Kind.EXECUTABLE : ListingEntry.Kind.FILE;
            worker.add(new PendingEntry(kind, namePrefix + relative, child), attributes.size());
        } else {
            throw Walks.notRegular(child, Files.isSymbolicLink(child));
        }
    }

    private boolean isExcluded(String relative) {
        for (ExcludeGlob exclude : excludes) {
            if (exclude.matches(relative)) {
                return true;
            }
        }
        return false;
    }

    private BasicFileAttributes read(Path path, LinkOption... options) throws IOException {
        return posix ? Walks.posixAttributes(path, options) : Walks.attributes(path, options);
    }

    /** Like git: the owner's execute bit. File systems without POSIX permissions record none. */
    private boolean isExecutable(BasicFileAttributes attributes) {
        return posix && ((PosixFileAttributes) attributes).permissions().contains(PosixFilePermission.OWNER_EXECUTE);
    }
}
