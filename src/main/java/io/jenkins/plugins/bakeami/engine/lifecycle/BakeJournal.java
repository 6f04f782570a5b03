package io.jenkins.plugins.bakeami.engine.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.bakeami.engine.packer.PackerResources;
import io.jenkins.plugins.bakeami.engine.packer.ProcessId;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The journal of the bakes on one machine: a directory under the user's cache directory
 * ({@code $XDG_CACHE_HOME/bake-ami/journal}, else {@code ~/.cache/bake-ami/journal}) holding one JSON file per bake
 * whose Packer runs or was killed before its bake could clean up ({@link JournalEntry}). A bake writes its entry when
 * it launches Packer and again whenever Packer announces a new resource, and removes it when it ends normally or was
 * stopped cleanly; an entry whose Packer is gone is what a killed bake left ({@link JournalSweep}).
 *
 * <p>Each write goes to a temporary file in the directory (a dotfile, which readers skip) and is moved into place, so
 * a reader, or the next bake after a crash, sees the whole old entry or the whole new one. The directory and the files
 * are readable by their owner only; they hold no secret.
 */
public final class BakeJournal {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".json";
    private static final int VERSION = 1;

    private final Path directory;

    public BakeJournal(Path directory) {
        this.directory = directory;
    }

    /**
     * The journal of the user whose environment this is (the one Packer runs in): {@code $XDG_CACHE_HOME} when it is
     * an absolute path (the XDG spec ignores a relative one), else {@code $HOME/.cache}, else the JVM's user home.
     */
    public static BakeJournal of(Map<String, String> environment) {
        String xdg = environment.get("XDG_CACHE_HOME");
        Path cache;
        if (xdg != null && !xdg.isBlank() && Path.of(xdg.strip()).isAbsolute()) {
            cache = Path.of(xdg.strip());
        } else {
            String home = environment.get("HOME");
            cache = Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home.strip())
                    .resolve(".cache");
        }
        return new BakeJournal(cache.resolve("bake-ami").resolve("journal"));
    }

    public Path directory() {
        return directory;
    }

    /** Writes (or replaces) the entry, atomically. */
    public void record(JournalEntry entry) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            try {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: nothing to restrict with
            }
        }
        Path file = directory.resolve(entry.id() + SUFFIX);
        Path temporary = Files.createTempFile(directory, "." + entry.id() + "-", ".tmp"); // owner-only on POSIX
        try {
            Files.writeString(temporary, toJson(entry), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Removes the entry; one that is not there is fine. */
    public void clear(String id) throws IOException {
        Files.deleteIfExists(directory.resolve(id + SUFFIX));
    }

    /** What the journal holds: its entries, and the files that are not entries of this version. */
    public record Contents(List<JournalEntry> entries, List<Path> unreadable) {
    }

    /** Every entry, oldest launch first; a missing directory is an empty journal. */
    public Contents read() throws IOException {
        List<JournalEntry> entries = new ArrayList<>();
        List<Path> unreadable = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "[!.]*" + SUFFIX)) {
            for (Path file : files) {
                try {
                    entries.add(fromJson(Files.readString(file, StandardCharsets.UTF_8)));
                } catch (NoSuchFileException e) {
                    // cleared meanwhile by its bake
                } catch (IOException | RuntimeException e) {
                    unreadable.add(file);
                }
            }
        } catch (NoSuchFileException e) {
            return new Contents(List.of(), List.of());
        }
        entries.sort((a, b) -> a.launchedAt().compareTo(b.launchedAt()));
        return new Contents(entries, unreadable);
    }

    static String toJson(JournalEntry entry) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        json.put("version", VERSION);
        json.put("bakeId", entry.bakeId());
        json.put("host", entry.host());
        process(json.putObject("packer"), entry.packer());
        ArrayNode descendants = json.putArray("descendants");
        entry.descendants().forEach(id -> process(descendants.addObject(), id));
        json.put("launchedAt", entry.launchedAt().toString());
        json.put("template", entry.template());
        json.put("region", entry.region());
        json.put("endpoint", entry.endpoint());
        json.put("access", entry.access());
        PackerResources resources = entry.leftovers().resources();
        array(json, "instances", resources.instanceIds());
        array(json, "keyPairs", resources.keyPairNames());
        array(json, "securityGroupNames", resources.securityGroupNames());
        array(json, "securityGroupIds", resources.securityGroupIds());
        array(json, "volumes", entry.leftovers().volumeIds());
        json.put("updatedAt", entry.updatedAt().toString());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
    }

    static JournalEntry fromJson(String text) throws IOException {
        JsonNode json = JSON.readTree(text);
        if (json == null || json.path("version").asInt() != VERSION) {
            throw new IOException("not a journal entry of version " + VERSION);
        }
        PackerResources resources = new PackerResources(strings(json, "instances"), strings(json, "keyPairs"),
                strings(json, "securityGroupNames"), strings(json, "securityGroupIds"), List.of());
        List<ProcessId> descendants = new ArrayList<>();
        for (JsonNode node : json.path("descendants")) {
            descendants.add(process(node));
        }
        return new JournalEntry(text(json, "bakeId"), text(json, "host"), process(json.path("packer")), descendants,
                Instant.parse(text(json, "launchedAt")),
                json.path("template").asText(null), json.path("endpoint").asText(null), text(json, "access"),
                new Leftovers(text(json, "region"), resources, strings(json, "volumes")),
                Instant.parse(text(json, "updatedAt")));
    }

    private static void process(ObjectNode json, ProcessId id) {
        json.put("pid", id.pid());
        json.put("startMillis", id.startMillis());
    }

    private static ProcessId process(JsonNode json) throws IOException {
        if (!json.path("pid").canConvertToLong()) {
            throw new IOException("no pid");
        }
        return ProcessId.recorded(json.path("pid").asLong(), json.path("startMillis").asLong(-1));
    }

    private static void array(ObjectNode json, String field, List<String> values) {
        ArrayNode array = json.putArray(field);
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode json, String field) {
        List<String> values = new ArrayList<>();
        json.path(field).forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String text(JsonNode json, String field) throws IOException {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("no " + field);
        }
        return value.asText();
    }

    /** The name of this machine, as the entries record it: the kernel's host name, else what Java resolves. */
    public static String thisHost() {
        return Host.NAME;
    }

    private static final class Host {
        static final String NAME = read();

        private static String read() {
            try {
                String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            } catch (IOException e) {
                // not Linux
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        }
    }
}
