package io.jenkins.plugins.bakeami.engine.packer;

import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Shared by the Packer tests: the real packer, fake packers, files, a log sink. */
final class PackerTestSupport {

    private PackerTestSupport() {
    }

    /**
     * The real packer on the JVM's PATH, as the locator finds it and reads its version. Skips the test only when no
     * packer is installed (see {@link RequiredTools}); a packer that the locator refuses fails the test.
     */
    static PackerExecutable realPacker() throws Exception {
        RequiredTools.requirePacker();
        return new PackerLocator(Map.of(), true).locate(null);
    }

    static Path write(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * A fake {@code packer} script in {@code dir}: {@code version} prints {@code versionLine}, {@code validate}
     * succeeds, {@code build} runs {@code buildBody} (POSIX sh).
     */
    static Path fakePacker(Path dir, String versionLine, String buildBody) throws IOException {
        Path script = write(dir, "packer", "#!/bin/sh\n"
                + "case \"$1\" in\n"
                + "  version) echo '" + versionLine + "' ;;\n"
                + "  validate) exit 0 ;;\n"
                + "  build)\n" + buildBody + "\n  ;;\n"
                + "  *) echo \"fake packer: unexpected $1\" >&2; exit 64 ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    static PackerExecutable fakeExecutable(Path script) {
        return new PackerExecutable(script, new PackerVersion(1, 6, 6));
    }

    /** A thread-safe log sink that keeps every line and can react to each. */
    static final class Lines implements Consumer<String> {
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final Consumer<String> reaction;

        Lines() {
            this(line -> { });
        }

        Lines(Consumer<String> reaction) {
            this.reaction = reaction;
        }

        @Override
        public void accept(String line) {
            lines.add(line);
            reaction.accept(line);
        }

        List<String> all() {
            synchronized (lines) {
                return new ArrayList<>(lines);
            }
        }

        String text() {
            return String.join("\n", all());
        }

        int indexOf(String fragment) {
            List<String> all = all();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).contains(fragment)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
