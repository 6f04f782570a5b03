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

/**
 * The seed's walk ({@code os.walk(directory)}, links not followed into): every entry that is not a directory,
 * whose own name does not start with '.', is a file to hash under {@code <directory>/<relative path>}. A link to
 * a directory counts as a directory and is not entered; a link to a file is hashed under the link's name.
 * Dot-directories are walked. Where the seed fails or silently skips (a dangling link, a FIFO, an unreadable
 * subdirectory) this walk throws an error naming the path.
 */
final class AmiBakeryWalk {
    private AmiBakeryWalk() {
    }

    /**
     * The task that walks {@code root}.
     *
     * @param root an existing directory
     * @param rootString the seed's string for it: the directory as the user wrote it ('/' as separator); a '/' is
     *     added unless it ends with one, as {@code os.path.join} does
     */
    static WorkPool.Task of(Path root, String rootString) {
        return directory(root, rootString.endsWith("/") ? rootString : rootString + "/");
    }

    private static WorkPool.Task directory(Path directory, String prefix) {
        return worker -> list(worker, directory, prefix);
    }

    private static void list(WorkPool.Worker worker, Path directory, String prefix) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                if (worker.shouldStop()) {
                    return;
                }
                visit(worker, child, prefix);
            }
        } catch (AccessDeniedException e) {
            throw new ChecksumInputException("cannot read directory " + directory + ": permission denied", e);
        } catch (DirectoryIteratorException e) {
            throw new IOException("cannot list directory " + directory + ": " + e.getCause(), e.getCause());
        }
        worker.flushBatch();
    }

    private static void visit(WorkPool.Worker worker, Path child, String prefix) throws IOException {
        String name = FileNames.pythonName(child);
        BasicFileAttributes attributes = Walks.attributes(child, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isDirectory()) {
            worker.submit(directory(child, prefix + name + "/"));
        } else if (name.startsWith(".")) {
            return; // the seed drops these by name without opening them, whatever they are
        } else if (attributes.isRegularFile()) {
            worker.add(new PendingEntry(ListingEntry.Kind.FILE, prefix + name, child), attributes.size());
        } else if (attributes.isSymbolicLink()) {
            BasicFileAttributes target;
            try {
                target = Walks.attributes(child);
            } catch (NoSuchFileException e) {
                throw new ChecksumInputException("dangling symbolic link (its target does not exist): " + child, e);
            }
            if (target.isRegularFile()) {
                worker.add(new PendingEntry(ListingEntry.Kind.FILE, prefix + name, child), target.size());
            } else if (!target.isDirectory()) {
                throw Walks.notRegular(child, true);
            }
            // a link to a directory: os.walk lists it among the directories and does not follow it
        } else {
            throw Walks.notRegular(child, false);
        }
    }
}
