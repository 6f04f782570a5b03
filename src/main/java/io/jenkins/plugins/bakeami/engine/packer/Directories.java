package io.jenkins.plugins.bakeami.engine.packer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the directories a bake keeps Packer's files in, once nothing more is read from them. */
public final class Directories {
    private Directories() {
    }

    /** Deletes {@code directory} and everything in it; what cannot be deleted is left (a temporary directory). */
    public static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // left for the temporary directory's or the workspace's cleanup
        }
    }
}
