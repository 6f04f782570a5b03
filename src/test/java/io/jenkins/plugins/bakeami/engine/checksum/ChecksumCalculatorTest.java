package io.jenkins.plugins.bakeami.engine.checksum;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.testsupport.UnreadableFilesRule;
import io.jenkins.plugins.bakeami.testsupport.UnreadableFilesRule.MakesFilesUnreadable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The ami-bakery mode against known vectors.
 *
 * <p>How the expected values were produced, independently of this code: the same trees were built in a shell
 * under /tmp/vec (same names, same bytes, same links as {@link Fixtures}) and checksummed with coreutils,
 * following the seed's definition:
 *
 * <pre>
 * seedsum() { find "$@" -type f ! -name '.*' | LC_ALL=C sort | xargs -d '\n' sha1sum | cut -c1-40 | tr -d '\n' \
 *             | sha1sum | cut -c1-40; }
 * seedsum /tmp/vec/trap        # and dots, uni, large; two: seedsum /tmp/vec/two/two /tmp/vec/two/one
 * # links (find -type f skips links; a link to a file counts):
 * find /tmp/vec/links \( -type f -o \( -type l -xtype f \) \) ! -name '.*' | LC_ALL=C sort | xargs -d '\n' sha1sum \
 *     | cut -c1-40 | tr -d '\n' | sha1sum
 * </pre>
 *
 * and cross-checked with src/test/resources/.../seed_checksum.py (Python 3.11), which gave the same values. Only
 * the relative order of the absolute paths matters, so the values do not depend on where the trees are.
 */
public class ChecksumCalculatorTest {
    /** seedsum /tmp/vec/trap: files a-b/x, a.txt, a/b in that order. */
    static final String TRAP = "3fe2ec92a4bdf2229b2501b9a9cb07c9d537b369";
    /** (cd /tmp/vec/trap &amp;&amp; sha1sum a.txt a/b a-b/x) | cut -c1-40 | tr -d '\n' | sha1sum: a per-directory order. */
    static final String TRAP_PER_DIRECTORY_ORDER = "c36deeef52d9e94af68ef75fca91099f1cb1b2bb";
    /** seedsum /tmp/vec/dots. */
    static final String DOTS = "05a8d2fef1a06d5b3c206ba4aaaeb53f1b3053d7";
    /** seedsum /tmp/vec/uni (LC_ALL=C sort on UTF-8 bytes is code-point order). */
    static final String UNICODE = "3941c504652ff7bc39331279723f53c218cb3b74";
    /** seedsum /tmp/vec/large: big.bin is 64 MiB + 123 bytes (sha1sum 7c6650c755284bdd830b3cef188e3ef8c75632c8). */
    static final String LARGE = "22ff74f2bed8d3023349d0647765e139f112d791";
    /** The find pipeline above on /tmp/vec/links: dir/inner.txt, link-to-file, real.txt. */
    static final String LINKS = "954ab1ae1bfa2c27c4cb0ffe18b629ef61c20ba0";
    /** seedsum /tmp/vec/two/two /tmp/vec/two/one. */
    static final String TWO = "c58cf4ac54a5605221ae0874fac2327dd6210c5a";
    /** seedsum /tmp/vec/two/one /tmp/vec/two/one/sub: sub/n is hashed twice. */
    static final String OVERLAP = "bd3b5bd5643742e542613eec6fda63f896dba518";
    /** printf '' | sha1sum: no file at all. */
    static final String NOTHING = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    /**
     * python3 seed_checksum.py /tmp/vec/raw (Python decodes names with surrogateescape). Here coreutils cannot be
     * the reference: LC_ALL=C sort orders the byte 0xFF after U+E000 (bytes EE 80 80), Python before it (as
     * U+DCFF), and the seed is Python; the C sort gives dc68853bd12ad951da3f584c13eeb8a47053d4a3.
     */
    static final String RAW_NAMES = "1b27d244c2f332ad1dfef14e95857ce2edf46d09";

    @Rule(order = Integer.MIN_VALUE)
    public final UnreadableFilesRule unreadable = new UnreadableFilesRule();

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    private Path base;

    @Before
    public void setUp() throws IOException {
        base = temporary.getRoot().toPath().toRealPath();
    }

    private ChecksumResult amiBakery(String... directories) throws Exception {
        return new ChecksumCalculator().calculate(ChecksumRequest.builder(base).directories(List.of(directories)).build());
    }

    private String value(String... directories) throws Exception {
        return amiBakery(directories).getValue();
    }

    @Test
    public void orderingTrapUsesOneGlobalSortOfPathStrings() throws Exception {
        Fixtures.trap(base);
        ChecksumResult result = amiBakery(base.resolve("trap").toString());
        assertEquals(TRAP, result.getValue());
        assertEquals(List.of("trap/a-b/x", "trap/a.txt", "trap/a/b"), paths(result));
        assertNotEquals(TRAP_PER_DIRECTORY_ORDER, result.getValue());
        assertEquals(ChecksumMode.AMI_BAKERY, result.getMode());
        assertNoChecksumThreadAlive();
    }

    @Test
    public void perFileDigestsAreTheFilesSha1() throws Exception {
        Fixtures.trap(base);
        // printf 'x\n' | sha1sum; printf 'a.txt\n' | sha1sum; printf 'b\n' | sha1sum
        List<String> digests = new ArrayList<>();
        amiBakery("trap").getEntries().forEach(entry -> digests.add(entry.getDigest()));
        assertEquals(List.of("6fcf9dfbd479ed82697fee719b9f8c610a11ff2a", "4745372841d407b1e13cfbf4a055380a60032614",
                "89e6c98d92887913cadf06b2adb97f26cde4849b"), digests);
    }

    @Test
    public void dotfilesAreLeftOutDotDirectoriesWalkedEmptyFilesHashed() throws Exception {
        Fixtures.dots(base);
        ChecksumResult result = amiBakery("dots");
        assertEquals(DOTS, result.getValue());
        assertEquals(List.of("dots/.dotdir/deeper/.x/y", "dots/.dotdir/inside.txt", "dots/empty.txt", "dots/sub/empty2",
                "dots/visible.txt"), paths(result));
        assertEquals(NOTHING, result.getEntries().get(2).getDigest()); // the empty file
    }

    @Test
    public void unicodeAndSpacesSortByCodePoint() throws Exception {
        Fixtures.unicode(base);
        ChecksumResult result = amiBakery("uni");
        assertEquals(UNICODE, result.getValue());
        List<String> paths = paths(result);
        // U+E000 before U+1F600: String.compareTo (UTF-16 order) would put the emoji first
        assertTrue(paths.indexOf("uni/\ue000-private.txt") < paths.indexOf("uni/\ud83d\ude00-emoji.txt"));
        assertEquals("uni/with space.txt", paths.get(2));
    }

    @Test
    public void largeFileIsStreamed() throws Exception {
        Fixtures.large(base);
        ChecksumResult result = amiBakery("large");
        assertEquals(LARGE, result.getValue());
        assertEquals("7c6650c755284bdd830b3cef188e3ef8c75632c8", result.getEntries().get(0).getDigest());
    }

    @Test
    public void linkToFileIsHashedUnderItsNameLinkToDirectoryIsNotEntered() throws Exception {
        Fixtures.links(base);
        ChecksumResult result = amiBakery("links");
        assertEquals(LINKS, result.getValue());
        assertEquals(List.of("links/dir/inner.txt", "links/link-to-file", "links/real.txt"), paths(result));
    }

    @Test
    public void danglingLinkIsAnErrorNamingIt() throws Exception {
        Path root = Fixtures.trap(base);
        Files.createSymbolicLink(root.resolve("broken"), root.resolve("missing-target"));
        ChecksumInputException e = assertThrows(ChecksumInputException.class, () -> value("trap"));
        assertTrue(e.getMessage(), e.getMessage().contains(root.resolve("broken").toString()));
        assertTrue(e.getMessage(), e.getMessage().contains("dangling"));
        assertNoChecksumThreadAlive();
    }

    @Test
    public void twoDirectoriesShareOneSortAndOverlapHashesTwice() throws Exception {
        Path two = Fixtures.two(base);
        assertEquals(TWO, value(two.resolve("two").toString(), two.resolve("one").toString()));
        assertEquals(TWO, value("two/one", "two/two")); // order of the list does not matter: one sort
        ChecksumResult overlap = amiBakery("two/one", "two/one/sub");
        assertEquals(OVERLAP, overlap.getValue());
        assertEquals(List.of("two/one/f1", "two/one/shared.txt", "two/one/sub/n", "two/one/sub/n"), paths(overlap));
    }

    @Test
    public void relativeAbsoluteAndTrailingSlashGiveTheSameValue() throws Exception {
        Path trap = Fixtures.trap(base);
        assertEquals(TRAP, value("trap"));
        assertEquals(TRAP, value("trap/"));
        assertEquals(TRAP, value("./trap/../trap"));
        assertEquals(TRAP, value(trap.toString() + "/"));
        assertEquals(TRAP, value(trap.toString()));
    }

    @Test
    public void emptyDirectoryGivesTheSha1OfNothing() throws Exception {
        temporary.newFolder("empty");
        assertEquals(NOTHING, value("empty"));
    }

    @Test
    public void fileNamesThatAreNotUtf8SortAsPythonDecodesThem() throws Exception {
        Fixtures.rawNames(base);
        ChecksumResult result = amiBakery("raw");
        assertEquals(RAW_NAMES, result.getValue());
        assertEquals("raw/\udcff", result.getEntries().get(4).getPath());
        assertTrue(result.getListing().format(), result.getListing().format().contains(" file raw/caf\\xe9.txt\n"));
    }

    @Test
    public void missingDirectoryIsAnErrorNamingIt() throws Exception {
        Fixtures.trap(base);
        ChecksumInputException e = assertThrows(ChecksumInputException.class, () -> value("trap", "nope"));
        assertEquals("definition directory does not exist: " + base.resolve("nope") + " (given as 'nope')", e.getMessage());
    }

    @Test
    public void fileGivenAsDirectoryIsAnErrorNamingIt() throws Exception {
        Path trap = Fixtures.trap(base);
        ChecksumInputException e = assertThrows(ChecksumInputException.class, () -> value(trap.resolve("a.txt").toString()));
        assertEquals("definition directory is not a directory: " + trap.resolve("a.txt"), e.getMessage());
    }

    @Test
    public void emptyDirectoryListIsAnError() {
        ChecksumInputException e = assertThrows(ChecksumInputException.class,
                () -> ChecksumRequest.builder(base).build());
        assertEquals("no definition directory given", e.getMessage());
    }

    @Test
    @MakesFilesUnreadable
    public void unreadableFileIsAnErrorNamingIt() throws Exception {
        Path trap = Fixtures.trap(base);
        Path secret = trap.resolve("a/b");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        assertFalse("the file is unreadable to this process", Files.isReadable(secret));
        ChecksumInputException e = assertThrows(ChecksumInputException.class, () -> value("trap"));
        assertEquals("cannot read file " + secret + ": permission denied", e.getMessage());
    }

    @Test
    @MakesFilesUnreadable
    public void unreadableSubdirectoryIsAnErrorNamingIt() throws Exception {
        Path trap = Fixtures.trap(base);
        Path closed = trap.resolve("a");
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
        assertFalse("the directory is unreadable to this process", Files.isReadable(closed));
        ChecksumInputException e = assertThrows(ChecksumInputException.class, () -> value("trap"));
        assertTrue(e.getMessage(), e.getMessage().contains(closed.toString()));
    }

    @Test
    public void fifoIsAnErrorInsteadOfAHang() throws Exception {
        Path trap = Fixtures.trap(base);
        Path fifo = trap.resolve("pipe");
        assertTrue("mkfifo made the FIFO", run(RequiredTools.require("mkfifo").toString(), fifo.toString()));
        ChecksumInputException e = assertThrows(ChecksumInputException.class, () -> value("trap"));
        assertTrue(e.getMessage(), e.getMessage().endsWith(": " + fifo));
    }

    @Test
    public void valueDoesNotDependOnTheNumberOfThreads() throws Exception {
        Fixtures.trap(base);
        Fixtures.unicode(base);
        Fixtures.dots(base);
        for (int i = 0; i < 200; i++) {
            Fixtures.write(base, "many/d" + (i % 7) + "/f" + i, "content " + i + "\n");
        }
        String one = null;
        for (int threads : new int[] {1, 2, 3, 8}) {
            ChecksumRequest request = ChecksumRequest.builder(base).directories(List.of("trap", "uni", "dots", "many"))
                    .threads(threads).build();
            String value = new ChecksumCalculator().calculate(request).getValue();
            if (one == null) {
                one = value;
            }
            assertEquals("threads=" + threads, one, value);
        }
    }

    @Test
    public void listingRecomputesToTheValue() throws Exception {
        Fixtures.unicode(base);
        Fixtures.links(base);
        ChecksumResult result = amiBakery("uni", "links");
        assertTrue(result.getListing().isConsistent());
        assertEquals(result.getValue(), ChecksumListing.parse(result.getListing().format(), "x").recomputeChecksum());
    }

    @Test
    public void directoryOutsideTheBaseIsListedWithItsAbsolutePath() throws Exception {
        Path trap = Fixtures.trap(base);
        Path otherBase = Files.createDirectories(base.resolve("elsewhere"));
        ChecksumResult result = new ChecksumCalculator().calculate(
                ChecksumRequest.builder(otherBase).directory(trap.toString()).build());
        assertEquals(TRAP, result.getValue());
        assertEquals(trap + "/a-b/x", result.getEntries().get(0).getPath());
    }

    @Test
    public void interruptedCallerGetsInterruptedExceptionAndNoThreadIsLeft() throws Exception {
        Fixtures.trap(base);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> value("trap"));
        assertFalse("interrupt status is consumed by the exception", Thread.interrupted());
        assertNoChecksumThreadAlive();
    }

    @Test
    public void interruptDuringAHugeReadStopsIt() throws Exception {
        // a sparse 64 GiB file: nothing on disk, but hashing it would take most of a minute
        Path root = Files.createDirectories(base.resolve("huge"));
        Path sparse = root.resolve("sparse.bin");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(sparse.toFile(), "rw")) {
            file.setLength(64L << 30);
        }
        List<Throwable> outcome = new ArrayList<>();
        Thread caller = new Thread(() -> {
            try {
                value("huge");
                outcome.add(null);
            } catch (Throwable t) {
                outcome.add(t);
            }
        });
        caller.start();
        Await.until("the read of " + sparse + " is under way", () -> readPosition(sparse) > 0 || !caller.isAlive());
        caller.interrupt();
        Await.ended(caller);
        assertEquals(1, outcome.size());
        assertTrue(String.valueOf(outcome.get(0)), outcome.get(0) instanceof InterruptedException);
        assertNoChecksumThreadAlive();
    }

    /** How far this process has read {@code file}: the position of a descriptor open on it (Linux), else -1. */
    private static long readPosition(Path file) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path descriptor : descriptors) {
                if (file.equals(target(descriptor))) {
                    for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo").resolve(descriptor.getFileName()))) {
                        if (line.startsWith("pos:")) {
                            return Long.parseLong(line.substring(4).trim());
                        }
                    }
                }
            }
        } catch (IOException e) {
            return -1; // the descriptor was closed while it was read
        }
        return -1;
    }

    private static Path target(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor);
        } catch (IOException e) {
            return null; // closed meanwhile
        }
    }

    static void assertNoChecksumThreadAlive() {
        assertFalse("a bake-ami-checksum thread is still alive", checksumThreadAlive());
    }

    private static boolean checksumThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith("bake-ami-checksum-"));
    }

    private static List<String> paths(ChecksumResult result) {
        List<String> paths = new ArrayList<>();
        result.getEntries().forEach(entry -> paths.add(entry.getPath()));
        return paths;
    }

    private static boolean run(String... command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            return process.waitFor(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
