package io.jenkins.plugins.bakeami.engine.checksum;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The strict checksum with {@code lineEndings normalize}: a checkout with CRLF (Windows, core.autocrlf=true) and one
 * with LF give the same value; a file holding a NUL byte is hashed as it is; a CR at the end of one read and its LF
 * at the start of the next are one line end (the hashing streams through a fixed buffer); a lone CR stays. The
 * ami-bakery checksum stays byte-exact.
 */
public class LineEndingsTest {
    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    private Path base;

    @Before
    public void setUp() throws Exception {
        base = temporary.getRoot().toPath().toRealPath();
    }

    /** The same definition, as a Windows checkout with core.autocrlf=true and as a Linux checkout write it. */
    private Path checkout(String name, String lineEnd) throws Exception {
        Path root = base.resolve(name);
        Fixtures.write(root, "template.json", "{\"builders\": []}" + lineEnd);
        Fixtures.write(root, "ami/scripts/setup.sh", "#!/bin/sh" + lineEnd + "echo configuring" + lineEnd);
        Fixtures.write(root, "ami/files/motd", "Welcome" + lineEnd + lineEnd + "to the image" + lineEnd);
        Fixtures.write(root, "ami/files/logo.bin", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0, '\r', '\n'});
        return root;
    }

    private ChecksumResult strict(Path root, LineEndings lineEndings) throws Exception {
        return new ChecksumCalculator().calculate(ChecksumRequest.builder(root).mode(ChecksumMode.STRICT)
                .template("template.json").directory("ami").lineEndings(lineEndings).build());
    }

    @Test
    public void aCrlfCheckoutAndAnLfCheckoutGiveTheSameNormalizedChecksum() throws Exception {
        Path windows = checkout("windows", "\r\n");
        Path linux = checkout("linux", "\n");
        ChecksumResult normalizedWindows = strict(windows, LineEndings.NORMALIZE);
        assertEquals(strict(linux, LineEndings.NORMALIZE).getValue(), normalizedWindows.getValue());
        // an LF tree reads the same either way, so switching a Linux job to normalize rebakes nothing
        assertEquals(strict(linux, LineEndings.EXACT).getValue(), normalizedWindows.getValue());
        assertNotEquals(strict(windows, LineEndings.EXACT).getValue(), normalizedWindows.getValue());
        // the text file's digest is that of its LF content
        assertEquals(sha256("#!/bin/sh\necho configuring\n"), digestOf(normalizedWindows, "ami/scripts/setup.sh"));
        assertEquals(sha256("{\"builders\": []}\n"), digestOf(normalizedWindows, "template.json"));
    }

    @Test
    public void aBinaryFileWithCrBytesIsHashedAsItIs() throws Exception {
        Path windows = checkout("windows", "\r\n");
        String raw = Hex.encode(MessageDigest.getInstance("SHA-256").digest(
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0, '\r', '\n'}));
        assertEquals(raw, digestOf(strict(windows, LineEndings.NORMALIZE), "ami/files/logo.bin"));
        assertEquals(raw, digestOf(strict(windows, LineEndings.EXACT), "ami/files/logo.bin"));
    }

    /** The hashing threads read WorkPool.BUFFER_SIZE bytes at a time: the CR ends one read, its LF starts the next. */
    @Test
    public void aCrLfSplitByTheReadBufferIsOneLineEnd() throws Exception {
        int size = WorkPool.BUFFER_SIZE;
        byte[] split = new byte[size + 3];
        Arrays.fill(split, (byte) 'a');
        split[size - 1] = '\r';
        split[size] = '\n';
        byte[] lone = split.clone();
        lone[size] = 'x'; // a CR that ends a read and is not followed by LF stays
        byte[] last = Arrays.copyOf(split, size); // a CR that ends the file stays
        Fixtures.write(base, "ami/split", split);
        Fixtures.write(base, "ami/lone", lone);
        Fixtures.write(base, "ami/last", last);
        ChecksumResult result = new ChecksumCalculator().calculate(ChecksumRequest.builder(base)
                .mode(ChecksumMode.STRICT).directory("ami").lineEndings(LineEndings.NORMALIZE).build());
        byte[] joined = new byte[size + 2];
        Arrays.fill(joined, (byte) 'a');
        joined[size - 1] = '\n';
        assertEquals(Hex.encode(MessageDigest.getInstance("SHA-256").digest(joined)), digestOf(result, "ami/split"));
        assertEquals(Hex.encode(MessageDigest.getInstance("SHA-256").digest(lone)), digestOf(result, "ami/lone"));
        assertEquals(Hex.encode(MessageDigest.getInstance("SHA-256").digest(last)), digestOf(result, "ami/last"));
    }

    /** Every way to cut a text into reads gives the digest of the text with each CRLF made LF. */
    @Test
    public void theDigestDoesNotDependOnWhereTheReadsEnd() throws Exception {
        Random random = new Random(15L);
        byte[] alphabet = {'\r', '\n', 'a', '\r', '\r', '\n'};
        LineEndingDigest digest = new LineEndingDigest("SHA-256");
        for (int round = 0; round < 200; round++) {
            byte[] text = new byte[random.nextInt(40)];
            for (int i = 0; i < text.length; i++) {
                text[i] = alphabet[random.nextInt(alphabet.length)];
            }
            byte[] expected = MessageDigest.getInstance("SHA-256").digest(new String(text, StandardCharsets.ISO_8859_1)
                    .replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1));
            for (int chunk = 1; chunk <= 5; chunk++) {
                for (int start = 0; start < text.length; start += chunk) {
                    byte[] read = Arrays.copyOfRange(text, start, Math.min(text.length, start + chunk));
                    digest.update(read, read.length);
                }
                assertArrayEquals(new String(text, StandardCharsets.ISO_8859_1) + " in reads of " + chunk, expected,
                        digest.digest());
            }
            // a NUL anywhere: the bytes as they are
            ByteArrayOutputStream binary = new ByteArrayOutputStream();
            binary.write(text);
            binary.write(0);
            binary.write(text);
            byte[] bytes = binary.toByteArray();
            digest.update(bytes, bytes.length);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(bytes), digest.digest());
        }
    }

    @Test
    public void theListingSaysItAndReadsBack() throws Exception {
        ChecksumResult result = strict(checkout("windows", "\r\n"), LineEndings.NORMALIZE);
        String text = result.getListing().format();
        assertTrue(text, text.startsWith("# bake-ami checksum listing v1 mode=strict line-endings=normalize\n"));
        ChecksumListing read = ChecksumListing.parse(text, "listing.txt");
        assertEquals(result.getListing(), read);
        assertEquals(LineEndings.NORMALIZE, read.getLineEndings());
        assertTrue(read.isConsistent());
        assertTrue(strict(checkout("linux", "\n"), LineEndings.EXACT).getListing().format()
                .startsWith("# bake-ami checksum listing v1 mode=strict\n"));
    }

    @Test
    public void theAmiBakeryChecksumStaysByteExact() {
        ChecksumInputException refused = assertThrows(ChecksumInputException.class, () -> ChecksumRequest.builder(base)
                .directory("ami").lineEndings(LineEndings.NORMALIZE).build());
        assertEquals("the ami-bakery mode checksums the definition directories only, as the seed does; normalized line"
                + " endings can only be covered by the strict mode (--mode strict)", refused.getMessage());
        assertEquals("unknown line endings 'crlf'; valid values: exact, normalize",
                assertThrows(ChecksumInputException.class, () -> LineEndings.fromName("crlf")).getMessage());
    }

    private static String digestOf(ChecksumResult result, String name) {
        List<ListingEntry> matches = result.getEntries().stream().filter(e -> e.getPath().equals(name)).toList();
        assertEquals(name + " in " + result.getEntries(), 1, matches.size());
        return matches.get(0).getDigest();
    }

    private static String sha256(String text) throws Exception {
        return Hex.encode(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
