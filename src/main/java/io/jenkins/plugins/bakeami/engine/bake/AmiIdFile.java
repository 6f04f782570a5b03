package io.jenkins.plugins.bakeami.engine.bake;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@code .ami_id.json} as the ami-bakery image does ({@code {"ami_id": "ami-..."}}, so {@code jq .ami_id}
 * keeps working), followed by our own fields. Written to a temporary file in the same directory and moved into
 * place, so a reader never sees a partial file.
 */
public final class AmiIdFile {
    public static final String DEFAULT_NAME = ".ami_id.json";
    private static final ObjectWriter WRITER = new ObjectMapper().writer(new SeedSeparators());

    private AmiIdFile() {}

    public static void write(Path file, BakeResult result) throws IOException {
        // The seed's json.dump(dict(ami_id=...)) comes first, so jq .ami_id reads both files alike.
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ami_id", result.amiId());
        fields.put("checksum", result.checksum());
        fields.put("checksum_mode", result.checksumMode());
        fields.put("region", result.region());
        fields.put("source_ami", result.sourceAmi());
        fields.put("ami_ids", result.amiIdsByRegion());
        fields.put("reused", result.reused());
        String json = WRITER.writeValueAsString(fields);

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

    /** Why a write failed, naming the path at fault: a full disk says only "No space left on device". */
    static String reason(IOException e) {
        if (!(e instanceof FileSystemException failed)) {
            return String.valueOf(e.getMessage());
        }
        String why = failed.getReason();
        if (why == null) {
            why = e instanceof FileAlreadyExistsException ? "a file is in the way"
                    : e instanceof NoSuchFileException ? "does not exist"
                    : e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName();
        }
        return failed.getFile() == null ? why : failed.getFile() + ": " + why;
    }

    /** Python's json.dump separators ({@code ", "} and {@code ": "}) on one line, as the seed wrote the file. */
    private static final class SeedSeparators extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }
}
