package io.jenkins.plugins.bakeami.engine.checksum;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ListingDiffTest {
    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    private static ListingEntry file(String path, String digest) {
        return new ListingEntry(ListingEntry.Kind.FILE, path, digest);
    }

    private static ChecksumListing listing(ListingEntry... entries) {
        List<ListingEntry> list = List.of(entries);
        return new ChecksumListing(ChecksumMode.AMI_BAKERY, list, ChecksumCombiner.combine(ChecksumMode.AMI_BAKERY, list));
    }

    private static String d(char c) {
        return String.valueOf(c).repeat(40);
    }

    @Test
    public void identicalListingsHaveNoDifference() {
        ChecksumListing one = listing(file("a", d('1')), file("b", d('2')));
        ListingDiff diff = ListingDiff.between(one, listing(file("a", d('1')), file("b", d('2'))));
        assertTrue(diff.isEmpty());
        assertEquals("mode:     ami-bakery\nchecksum: " + one.getChecksum() + " (unchanged)\n"
                + "0 changed, 0 added, 0 removed, 0 renamed, 0 moved\n", diff.format());
    }

    @Test
    public void addedRemovedChangedAndRenamedAreTold() {
        ChecksumListing before = listing(file("a", d('1')), file("b", d('2')), file("c", d('3')), file("old", d('4')));
        ChecksumListing after = listing(file("a", d('1')), file("b", d('9')), file("d", d('5')), file("new", d('4')));
        ListingDiff diff = ListingDiff.between(before, after);
        assertFalse(diff.isEmpty());
        assertEquals(1, diff.getChanged().size());
        assertEquals("b", diff.getChanged().get(0).getAfter().getPath());
        assertEquals(d('2'), diff.getChanged().get(0).getBefore().getDigest());
        assertEquals(List.of(file("d", d('5'))), diff.getAdded());
        assertEquals(List.of(file("c", d('3'))), diff.getRemoved());
        assertEquals(1, diff.getRenamed().size());
        assertEquals("old", diff.getRenamed().get(0).getBefore().getPath());
        assertEquals("new", diff.getRenamed().get(0).getAfter().getPath());
        assertEquals(List.of(), diff.getMoved());
        assertEquals("mode:     ami-bakery\n"
                + "checksum: " + before.getChecksum() + " -> " + after.getChecksum() + "\n"
                + "changed:  file b (" + d('2') + " -> " + d('9') + ")\n"
                + "added:    file d (" + d('5') + ")\n"
                + "removed:  file c (" + d('3') + ")\n"
                + "renamed:  file old -> new (same content)\n"
                + "1 changed, 1 added, 1 removed, 1 renamed, 0 moved\n", diff.format());
    }

    @Test
    public void entriesThatChangedPlaceAreMoved() {
        ChecksumListing before = listing(file("a", d('1')), file("b", d('2')), file("c", d('3')), file("e", d('5')));
        ChecksumListing after = listing(file("a", d('1')), file("c", d('3')), file("b", d('2')), file("e", d('5')));
        ListingDiff diff = ListingDiff.between(before, after);
        assertTrue(diff.isChecksumChanged());
        assertEquals(1, diff.getMoved().size());
        assertTrue(diff.format(), diff.format().contains("moved:    file "));
    }

    @Test
    public void pathsListedTwiceAreMatchedOccurrenceByOccurrence() {
        ChecksumListing before = listing(file("n", d('1')), file("n", d('1')));
        ListingDiff diff = ListingDiff.between(before, listing(file("n", d('1'))));
        assertEquals(List.of(file("n", d('1'))), diff.getRemoved());
        assertEquals(List.of(), diff.getChanged());
    }

    @Test
    public void diffOfTwoRealCalculationsShowsTheEditedFile() throws Exception {
        Path base = temporary.getRoot().toPath().toRealPath();
        Fixtures.trap(base);
        ChecksumRequest request = ChecksumRequest.builder(base).directory("trap").build();
        ChecksumListing before = new ChecksumCalculator().calculate(request).getListing();
        Fixtures.write(base, "trap/a.txt", "edited\n");
        Files.move(base.resolve("trap/a/b"), base.resolve("trap/a/c"));
        ChecksumListing after = new ChecksumCalculator().calculate(request).getListing();
        ListingDiff diff = ListingDiff.between(ChecksumListing.parse(before.format(), "before"), after);
        assertEquals("trap/a.txt", diff.getChanged().get(0).getAfter().getPath());
        assertEquals("trap/a/c", diff.getRenamed().get(0).getAfter().getPath());
        assertEquals(1, diff.getChanged().size());
        assertEquals(1, diff.getRenamed().size());
        assertEquals(List.of(), diff.getAdded());
        assertEquals(List.of(), diff.getRemoved());
    }

    @Test
    public void differentModesAreSaid() {
        List<ListingEntry> strictEntries = List.of(new ListingEntry(ListingEntry.Kind.FILE, "a", "1".repeat(64)));
        ChecksumListing strict = new ChecksumListing(ChecksumMode.STRICT, strictEntries,
                ChecksumCombiner.combine(ChecksumMode.STRICT, strictEntries));
        ListingDiff diff = ListingDiff.between(listing(file("a", d('1'))), strict);
        assertFalse(diff.isEmpty());
        assertTrue(diff.format(), diff.format().startsWith("mode:     ami-bakery -> strict (digests of different modes"));
    }
}
