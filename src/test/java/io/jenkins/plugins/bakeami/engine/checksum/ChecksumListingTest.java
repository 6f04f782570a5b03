package io.jenkins.plugins.bakeami.engine.checksum;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ChecksumListingTest {
    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    /** The trap tree's listing; per-file digests from sha1sum, the value from the coreutils pipeline. */
    static final String TRAP_LISTING = "# bake-ami checksum listing v1 mode=ami-bakery\n"
            + "6fcf9dfbd479ed82697fee719b9f8c610a11ff2a file trap/a-b/x\n"
            + "4745372841d407b1e13cfbf4a055380a60032614 file trap/a.txt\n"
            + "89e6c98d92887913cadf06b2adb97f26cde4849b file trap/a/b\n"
            + ChecksumCalculatorTest.TRAP + "\n";

    @Test
    public void calculatedListingHasTheDocumentedText() throws Exception {
        Path base = temporary.getRoot().toPath().toRealPath();
        Fixtures.trap(base);
        ChecksumResult result = new ChecksumCalculator().calculate(ChecksumRequest.builder(base).directory("trap").build());
        assertEquals(TRAP_LISTING, result.getListing().format());
    }

    @Test
    public void parseRecomputesTheChecksum() {
        ChecksumListing listing = ChecksumListing.parse(TRAP_LISTING, "trap.txt");
        assertEquals(ChecksumMode.AMI_BAKERY, listing.getMode());
        assertEquals(3, listing.getEntries().size());
        assertEquals(ChecksumCalculatorTest.TRAP, listing.getChecksum());
        assertTrue(listing.isConsistent());
        assertEquals(TRAP_LISTING, listing.format());
    }

    @Test
    public void editedListingIsNotConsistent() {
        ChecksumListing edited = ChecksumListing.parse(TRAP_LISTING.replace("6fcf9dfb", "0fcf9dfb"), "edited");
        assertFalse(edited.isConsistent());
    }

    @Test
    public void writeAndParseRoundTripWithAwkwardPaths() throws Exception {
        String digest = "a".repeat(64);
        List<ListingEntry> entries = List.of(
                new ListingEntry(ListingEntry.Kind.TEMPLATE, "packer/template.pkr.hcl", digest),
                new ListingEntry(ListingEntry.Kind.VAR, "source_ami", digest),
                new ListingEntry(ListingEntry.Kind.FILE, "dir/with space/and\\backslash", digest),
                new ListingEntry(ListingEntry.Kind.EXECUTABLE, "line\nbreak\rand tab\t.sh", digest),
                new ListingEntry(ListingEntry.Kind.SYMLINK, "not utf-8 \udcff\udce9 \ud83d\ude00 \u65e5", digest),
                new ListingEntry(ListingEntry.Kind.EXTRA_INPUT, "1", digest),
                new ListingEntry(ListingEntry.Kind.EXTRA_FILE, " leading and trailing space ", digest),
                new ListingEntry(ListingEntry.Kind.VAR_FILE, "/abs/vars.json", digest));
        ChecksumListing listing = new ChecksumListing(ChecksumMode.STRICT, entries,
                ChecksumCombiner.combine(ChecksumMode.STRICT, entries));
        String text = listing.format();
        assertTrue(text, text.contains(" file dir/with space/and\\\\backslash\n"));
        assertTrue(text, text.contains(" executable line\\nbreak\\rand tab\t.sh\n"));
        assertTrue(text, text.contains(" symlink not utf-8 \\xff\\xe9 \ud83d\ude00 \u65e5\n"));
        assertEquals(entries.size() + 2, text.split("\n", -1).length - 1);
        Path file = temporary.newFile("listing.txt").toPath();
        try (java.io.Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            listing.writeTo(out);
        }
        ChecksumListing back = ChecksumListing.read(file);
        assertEquals(listing, back);
        assertTrue(back.isConsistent());
    }

    @Test
    public void crlfLineEndsAndTrailingBlankLinesAreAccepted() {
        ChecksumListing listing = ChecksumListing.parse(TRAP_LISTING.replace("\n", "\r\n") + "\r\n\n", "windows.txt");
        assertTrue(listing.isConsistent());
    }

    @Test
    public void malformedListingsAreErrorsNamingSourceAndLine() {
        assertEquals("x.txt: not a bake-ami checksum listing (its first line must start with '"
                + ChecksumListing.HEADER_PREFIX + "')",
                assertThrows(ChecksumInputException.class, () -> ChecksumListing.parse("hello\n", "x.txt")).getMessage());
        assertEquals("x.txt: line 1: unknown checksum mode 'md5'; valid modes: ami-bakery, strict",
                assertThrows(ChecksumInputException.class,
                        () -> ChecksumListing.parse(ChecksumListing.HEADER_PREFIX + "md5\nabc\n", "x.txt")).getMessage());
        assertEquals("x.txt: line 5: not a ami-bakery checksum: 'nope'", assertThrows(ChecksumInputException.class,
                () -> ChecksumListing.parse(TRAP_LISTING.replace(ChecksumCalculatorTest.TRAP, "nope"), "x.txt")).getMessage());
        assertEquals("x.txt: line 3: unknown kind 'folder'", assertThrows(ChecksumInputException.class,
                () -> ChecksumListing.parse(TRAP_LISTING.replace(" file trap/a.txt", " folder trap/a.txt"), "x.txt"))
                .getMessage());
        assertEquals("x.txt: line 2: expected a 40-digit lowercase hex digest, found '6FCF9DFBD479ED82697FEE719B9F8C610A11FF2A'",
                assertThrows(ChecksumInputException.class, () -> ChecksumListing.parse(TRAP_LISTING.replace(
                        "6fcf9dfbd479ed82697fee719b9f8c610a11ff2a", "6FCF9DFBD479ED82697FEE719B9F8C610A11FF2A"), "x.txt"))
                        .getMessage());
        assertEquals("x.txt: line 2: bad escape in path 'trap/\\q'", assertThrows(ChecksumInputException.class,
                () -> ChecksumListing.parse(TRAP_LISTING.replace("trap/a-b/x", "trap/\\q"), "x.txt")).getMessage());
        assertEquals("x.txt: the listing ends without its checksum line", assertThrows(ChecksumInputException.class,
                () -> ChecksumListing.parse(ChecksumListing.HEADER_PREFIX + "strict\n", "x.txt")).getMessage());
    }

    @Test
    public void readRejectsTextThatIsNotUtf8() throws Exception {
        Path file = temporary.newFile("latin1.txt").toPath();
        Files.write(file, new byte[] {'#', ' ', (byte) 0xFF, '\n'});
        ChecksumInputException e = assertThrows(ChecksumInputException.class, () -> ChecksumListing.read(file));
        assertEquals(file + ": not a bake-ami checksum listing (not UTF-8 text)", e.getMessage());
    }
}
