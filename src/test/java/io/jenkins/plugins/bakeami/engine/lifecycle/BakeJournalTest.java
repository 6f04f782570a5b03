package io.jenkins.plugins.bakeami.engine.lifecycle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.packer.PackerResources;
import io.jenkins.plugins.bakeami.engine.packer.ProcessId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The journal's files: where they are, what they hold, and that a reader never sees half of one. */
public class BakeJournalTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static JournalEntry entry(String bakeId, List<String> instances) {
        return new JournalEntry(bakeId, "build-host", ProcessId.recorded(4711, 1_700_000_000_123L),
                List.of(ProcessId.recorded(4712, 1_700_000_000_456L)), Instant.parse("2026-06-01T10:00:00Z"),
                "/ws/ami/packer.json", "http://127.0.0.1:8000", "access key AKIAJOURNAL000000001",
                new Leftovers("eu-west-1", new PackerResources(instances, List.of("packer_5f1a2b3c-0000-4000-8000-000000000001"),
                        List.of("packer_5f1a2b3c-0000-4000-8000-000000000002"), List.of("sg-0123"), List.of()),
                        List.of("vol-0456")), Instant.parse("2026-06-01T10:01:00Z"));
    }

    @Test
    public void underTheUsersCacheDirectory() {
        assertEquals(Path.of("/cache/bake-ami/journal"),
                BakeJournal.of(Map.of("XDG_CACHE_HOME", "/cache", "HOME", "/home/u")).directory());
        assertEquals("a relative XDG_CACHE_HOME is ignored, as the XDG spec says", Path.of("/home/u/.cache/bake-ami/journal"),
                BakeJournal.of(Map.of("XDG_CACHE_HOME", "cache", "HOME", "/home/u")).directory());
        assertEquals(Path.of(System.getProperty("user.home"), ".cache/bake-ami/journal"),
                BakeJournal.of(Map.of()).directory());
    }

    @Test
    public void anEntryIsReadBackAsWrittenAndClearedOwnerOnlyAndHoldsWhatItSays() throws Exception {
        BakeJournal journal = new BakeJournal(tmp.getRoot().toPath().resolve("cache/bake-ami/journal"));
        assertEquals("no directory yet: an empty journal", List.of(), journal.read().entries());
        JournalEntry entry = entry("3f2a9c1e", List.of("i-0abc"));

        journal.record(entry);

        assertEquals(List.of(entry), journal.read().entries());
        Path file = journal.directory().resolve("3f2a9c1e-4711.json");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (String field : List.of("\"bakeId\" : \"3f2a9c1e\"", "\"pid\" : 4711", "\"startMillis\" : 1700000000123",
                "\"pid\" : 4712",
                "\"region\" : \"eu-west-1\"", "\"instances\" : [ \"i-0abc\" ]", "\"volumes\" : [ \"vol-0456\" ]")) {
            assertTrue(text, text.contains(field));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journal.directory())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        journal.clear(entry.id());
        journal.clear(entry.id()); // cleared twice: fine
        assertEquals(List.of(), journal.read().entries());
    }

    /** What a crash in the middle of a write leaves (the temporary file) is not an entry; a foreign file is named. */
    @Test
    public void aHalfWrittenTemporaryFileIsNoEntryAndAForeignFileIsReported() throws Exception {
        BakeJournal journal = new BakeJournal(tmp.getRoot().toPath());
        journal.record(entry("whole", List.of("i-1")));
        String json = BakeJournal.toJson(entry("crashed", List.of("i-2")));
        Files.writeString(journal.directory().resolve(".crashed-4711-123.tmp"), json.substring(0, json.length() / 2));
        Files.writeString(journal.directory().resolve("notes.json"), "{\"version\": 99}");

        BakeJournal.Contents contents = journal.read();

        assertEquals(List.of("whole"), contents.entries().stream().map(JournalEntry::bakeId).toList());
        assertEquals(List.of(journal.directory().resolve("notes.json")), contents.unreadable());
    }

    /** A reader that reads while the entry is rewritten again and again always reads a whole entry. */
    @Test
    public void aReaderNeverSeesHalfAnEntry() throws Exception {
        BakeJournal journal = new BakeJournal(tmp.getRoot().toPath());
        journal.record(entry("busy", List.of()));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<Throwable> problem = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (writing.get() && problem.get() == null) {
                try {
                    BakeJournal.Contents contents = journal.read();
                    if (!contents.unreadable().isEmpty() || contents.entries().size() != 1) {
                        problem.set(new AssertionError("read " + contents));
                    }
                    reads.incrementAndGet();
                } catch (Exception | AssertionError e) {
                    problem.set(e);
                }
            }
        });
        reader.start();
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < 500 && problem.get() == null; i++) {
            instances.add("i-" + i);
            journal.record(entry("busy", instances));
        }
        writing.set(false);
        reader.join(60_000);
        assertEquals(null, problem.get());
        assertTrue("the reader read while the writer wrote", reads.get() > 0);
        assertEquals(500, journal.read().entries().get(0).leftovers().resources().instanceIds().size());
        try (var files = Files.list(journal.directory())) {
            assertEquals("no temporary file is left", List.of(journal.directory().resolve("busy-4711.json")),
                    files.toList());
        }
        assertFalse(reader.isAlive());
    }
}
