package io.jenkins.plugins.bakeami.engine.bake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes {@code .ami_id.json} as the ami-bakery image does ({@code {"ami_id": "ami-..."}}, so {@code jq .ami_id}
 * keeps working), followed by our own fields. Written to a temporary file in the same directory and moved into
 * place, so a reader never sees a partial file.
 */
public final class AmiIdFile {
    public static final String DEFAULT_NAME = ".ami_id.json";

    private AmiIdFile() {}

    public static void write(Path file, BakeResult result) throws IOException {
        StringBuilder json = new StringBuilder(256);
        // The seed's json.dump(dict(ami_id=...)) separators: ", " and ": ".
        json.append("{\"ami_id\": ").append(quote(result.amiId()));
        json.append(", \"checksum\": ").append(quote(result.checksum()));
        json.append(", \"checksum_mode\": ").append(quote(result.checksumMode()));
        json.append(", \"region\": ").append(quote(result.region()));
        json.append(", \"ami_ids\": {");
        String separator = "";
        for (Map.Entry<String, String> entry : result.amiIdsByRegion().entrySet()) {
            json.append(separator).append(quote(entry.getKey())).append(": ").append(quote(entry.getValue()));
            separator = ", ";
        }
        json.append("}, \"reused\": ").append(result.reused()).append('}');

        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".ami_id", ".tmp");
        try {
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The file of an earlier run must not outlive a failed one: a later step would pick up a stale AMI id. */
    public static void removeStale(Path file) throws IOException {
        // Only a file (or a link) in its place: a directory there is reported by the writability check, never deleted.
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(file)) {
            Files.deleteIfExists(file); // "IfExists": a concurrent bake in the same directory may have removed it
        }
    }

    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
