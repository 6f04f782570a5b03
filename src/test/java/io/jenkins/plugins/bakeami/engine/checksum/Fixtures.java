package io.jenkins.plugins.bakeami.engine.checksum;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The fixture trees of the checksum tests, byte for byte. The expected values in the tests were computed from the
 * same trees built in a shell (see each test's comment), so any change here must be made there too.
 */
final class Fixtures {
    private Fixtures() {
    }

    static Path write(Path root, String relative, String content) throws IOException {
        return write(root, relative, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path root, String relative, byte[] content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return file;
    }

    /** The ordering trap: a global sort gives a-b/x, a.txt, a/b; a per-directory walk does not. */
    static Path trap(Path parent) throws IOException {
        Path root = parent.resolve("trap");
        write(root, "a/b", "b\n");
        write(root, "a-b/x", "x\n");
        write(root, "a.txt", "a.txt\n");
        return root;
    }

    /** Dotfiles (left out), dot-directories (walked), empty files. */
    static Path dots(Path parent) throws IOException {
        Path root = parent.resolve("dots");
        write(root, ".hidden", "hidden\n");
        write(root, "visible.txt", "visible\n");
        write(root, ".dotdir/inside.txt", "inside\n");
        write(root, ".dotdir/.nested", "nested\n");
        write(root, "empty.txt", "");
        write(root, "sub/empty2", "");
        write(root, "sub/.gitkeep", "");
        write(root, ".dotdir/deeper/.x/y", "y\n");
        return root;
    }

    /** Unicode and spaces; U+E000 (BMP, above the surrogates) sorts before U+1F600 by code point only. */
    static Path unicode(Path parent) throws IOException {
        Path root = parent.resolve("uni");
        write(root, "with space.txt", "space\n");
        write(root, "\u00fcn\u00efc\u00f6d\u00e9.txt", "unicode\n");
        write(root, "\u65e5\u672c\u8a9e/\u30d5\u30a1\u30a4\u30eb.txt", "japanese\n");
        write(root, "\ue000-private.txt", "private use\n");
        write(root, "\ud83d\ude00-emoji.txt", "emoji\n");
        write(root, "Zebra", "Z\n");
        write(root, "apple", "a\n");
        return root;
    }

    /** Symbolic links to a file, to a directory, dot-named ones, a dangling dot-named one. */
    static Path links(Path parent) throws IOException {
        Path root = parent.resolve("links");
        write(root, "real.txt", "real\n");
        write(root, "dir/inner.txt", "inner\n");
        Files.createSymbolicLink(root.resolve("link-to-file"), Paths.get("real.txt"));
        Files.createSymbolicLink(root.resolve("link-to-dir"), Paths.get("dir"));
        Files.createSymbolicLink(root.resolve(".dotlink"), Paths.get("real.txt"));
        Files.createSymbolicLink(root.resolve(".dangling-dot"), Paths.get("nowhere"));
        return root;
    }

    /** two/one (with sub/n) and two/two. */
    static Path two(Path parent) throws IOException {
        Path root = parent.resolve("two");
        write(root, "one/f1", "one\n");
        write(root, "one/shared.txt", "1\n");
        write(root, "one/sub/n", "nested\n");
        write(root, "two/f2", "two\n");
        write(root, "two/shared.txt", "2\n");
        return root;
    }

    /** File names that are not UTF-8 (Latin-1 é, a lone 0xFF, a broken sequence) next to UTF-8 ones. */
    static Path rawNames(Path parent) throws IOException {
        Path root = Files.createDirectories(parent.resolve("raw"));
        writeRaw(root, "caf%E9.txt", "latin1\n");
        writeRaw(root, "%FF", "ff\n");
        writeRaw(root, "z.txt", "z\n");
        writeRaw(root, "%C3%A9.txt", "utf8\n");
        writeRaw(root, "%EE%80%80.txt", "e000\n");
        writeRaw(root, "bad%C3(.txt", "broken seq\n");
        return root;
    }

    /** Creates a file whose name is given percent-encoded: the only way Java names a file with arbitrary bytes. */
    static Path writeRaw(Path directory, String percentEncodedName, String content) throws IOException {
        String base = directory.toAbsolutePath().toUri().toString();
        Path file = Paths.get(URI.create((base.endsWith("/") ? base : base + "/") + percentEncodedName));
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /** The child of {@code directory} whose name is exactly these bytes (each percent-encoded into a URI). */
    static Path resolveBytes(Path directory, byte[] name) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : name) {
            encoded.append('%').append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        String base = directory.toAbsolutePath().toUri().toString();
        return Paths.get(URI.create((base.endsWith("/") ? base : base + "/") + encoded));
    }

    /** 64 MiB + 123 bytes, byte i = ((i >>> 12) * 7 + i) &amp; 0xFF, written in 1 MiB blocks. */
    static Path large(Path parent) throws IOException {
        Path root = parent.resolve("large");
        Files.createDirectories(root);
        long size = (64L << 20) + 123;
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(root.resolve("big.bin"))) {
            for (long start = 0; start < size; start += block.length) {
                int length = (int) Math.min(block.length, size - start);
                for (int k = 0; k < length; k++) {
                    long i = start + k;
                    block[k] = (byte) (((i >>> 12) * 7 + i) & 0xFF);
                }
                out.write(block, 0, length);
            }
        }
        write(root, "small.txt", "small\n");
        return root;
    }
}
