package io.jenkins.plugins.bakeami.engine.packer;

import java.nio.file.Path;

/** A {@code packer} found and checked by {@link PackerLocator}: where it is and which version it is. */
public record PackerExecutable(Path path, PackerVersion version) {

    @Override
    public String toString() {
        return path + " (Packer " + version + ")";
    }
}
