package io.jenkins.plugins.bakeami.engine.checksum;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;

/** File attribute reads shared by the walks, with errors that name the path. */
final class Walks {
    private Walks() {
    }

    static BasicFileAttributes attributes(Path path, LinkOption... options) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, options);
        } catch (AccessDeniedException e) {
            throw new ChecksumInputException("cannot read the attributes of " + path + ": permission denied", e);
        }
    }

    static PosixFileAttributes posixAttributes(Path path, LinkOption... options) throws IOException {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class, options);
        } catch (AccessDeniedException e) {
            throw new ChecksumInputException("cannot read the attributes of " + path + ": permission denied", e);
        }
    }

    /** @param viaLink true when {@code path} is a link whose target is the odd file */
    static ChecksumInputException notRegular(Path path, boolean viaLink) {
        return new ChecksumInputException((viaLink ? "symbolic link to something that is not" : "not")
                + " a regular file or directory (a FIFO, socket or device?): " + path);
    }
}
