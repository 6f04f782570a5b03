package io.jenkins.plugins.bakeami.engine.checksum;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.testsupport.UnreadableFilesRule;
import io.jenkins.plugins.bakeami.testsupport.UnreadableFilesRule.MakesFilesUnreadable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The strict mode: what it covers and what it leaves out.
 *
 * <p>The two known values were produced independently of this code by
 * src/test/resources/io/jenkins/plugins/bakeami/engine/checksum/strict_checksum.py, a Python implementation written
 * from docs/checksum.md, run on the same tree built in a shell under /tmp/vs (see {@link #buildTree}; modes set
 * with os.chmod, the link with os.symlink):
 *
 * <pre>
 * python3 strict_checksum.py --base /tmp/vs --template template.json --var-file vars.json \
 *     --var source_ami=ami-123 --var aws_region=us-east-1 --extra-input base-image-v2 ami shared
 * python3 strict_checksum.py --base /tmp/vs ami
 * </pre>
 */
public class ChecksumCalculatorStrictTest {
    static final String FULL = "strict-v1:da6d9c0a44c665714edf662bce3bcf1e0b78bfd0d0ee4a4d4367050fbd59b908";
    static final String AMI_ONLY = "strict-v1:0fc284b1aaf4adbde5f94894bc26c984575b754f3f4ce13b79b4954657636256";

    @Rule(order = Integer.MIN_VALUE)
    public final UnreadableFilesRule unreadable = new UnreadableFilesRule();

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    private Path base;

    @Before
    public void setUp() throws IOException {
        base = temporary.getRoot().toPath().toRealPath().resolve("workspace");
        buildTree(base);
    }

    static void buildTree(Path base) throws IOException {
        Path setup = Fixtures.write(base, "ami/scripts/setup.sh", "#!/bin/sh\necho setup\n");
        Files.setPosixFilePermissions(setup, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path motd = Fixtures.write(base, "ami/files/motd", "welcome\n");
        Files.setPosixFilePermissions(motd, PosixFilePermissions.fromString("rw-r--r--"));
        Fixtures.write(base, "ami/.env", "A=1\n");
        Files.createSymbolicLink(base.resolve("ami/link"), Paths.get("files/motd"));
        Fixtures.write(base, "template.json", "{\"builders\": []}\n");
        Fixtures.write(base, "vars.json", "{\"region\": \"us-east-1\"}\n");
        Fixtures.write(base, "shared/common.sh", "echo common\n");
    }

    private ChecksumRequest.Builder strict(String... directories) {
        return ChecksumRequest.builder(base).mode(ChecksumMode.STRICT).directories(List.of(directories));
    }

    private ChecksumRequest.Builder full() {
        return strict("ami", "shared").template("template.json").varFile("vars.json").var("source_ami", "ami-123")
                .var("aws_region", "us-east-1").extraInput("base-image-v2");
    }

    private static ChecksumResult run(ChecksumRequest.Builder request) throws Exception {
        return new ChecksumCalculator().calculate(request.build());
    }

    private static String value(ChecksumRequest.Builder request) throws Exception {
        return run(request).getValue();
    }

    private String amiBakery() throws Exception {
        return value(ChecksumRequest.builder(base).directory("ami"));
    }

    @Test
    public void knownValues() throws Exception {
        assertEquals(FULL, value(full()));
        assertEquals(AMI_ONLY, value(strict("ami")));
        assertTrue(ChecksumListing.isChecksumValue(ChecksumMode.STRICT, FULL));
        assertFalse(ChecksumListing.isChecksumValue(ChecksumMode.AMI_BAKERY, FULL));
    }

    @Test
    public void listingShowsEveryInputInOrderAndNeverAVariableValue() throws Exception {
        ChecksumResult result = run(full());
        List<String> lines = new ArrayList<>();
        result.getEntries().forEach(entry -> lines.add(entry.getKind() + " " + entry.getPath()));
        assertEquals(List.of("template template.json", "var-file vars.json", "var aws_region", "var source_ami",
                "extra-input 1", "file ami/.env", "file ami/files/motd", "symlink ami/link",
                "executable ami/scripts/setup.sh", "file shared/common.sh"), lines);
        String text = result.getListing().format();
        assertFalse(text, text.contains("ami-123"));
        assertFalse(text, text.contains("us-east-1\n"));
        assertFalse(text, text.contains(base.toString()));
        // sha256sum of the bytes "ami-123": the listing shows a hash of the value
        assertEquals("58999ad7a3e68d67af8cc07b1e645a8ee4db226d672dcef8ee929dcbdf4d1091", result.getEntries().get(3).getDigest());
    }

    @Test
    public void renameChangesStrictButNotAmiBakeryWhenTheOrderStays() throws Exception {
        Files.delete(base.resolve("ami/link")); // it points at the file renamed below
        String strictBefore = value(strict("ami"));
        String seedBefore = amiBakery();
        Files.move(base.resolve("ami/files/motd"), base.resolve("ami/files/motd2"));
        assertEquals(seedBefore, amiBakery()); // the seed misses a rename that keeps the order
        assertNotEquals(strictBefore, value(strict("ami")));
    }

    @Test
    public void moveToAnotherDefinitionDirectoryChangesTheValue() throws Exception {
        String before = value(strict("ami", "shared"));
        Files.move(base.resolve("shared/common.sh"), base.resolve("ami/common.sh"));
        assertNotEquals(before, value(strict("ami", "shared")));
    }

    @Test
    public void executableBitChangesStrictOnly() throws Exception {
        String strictBefore = value(strict("ami"));
        String seedBefore = amiBakery();
        Files.setPosixFilePermissions(base.resolve("ami/files/motd"), PosixFilePermissions.fromString("rwxr--r--"));
        assertEquals(seedBefore, amiBakery());
        ChecksumResult after = run(strict("ami"));
        assertNotEquals(strictBefore, after.getValue());
        assertTrue(after.getListing().format().contains(" executable ami/files/motd\n"));
    }

    @Test
    public void variableValueChangesTheValue() throws Exception {
        ChecksumRequest.Builder other = strict("ami", "shared").template("template.json").varFile("vars.json")
                .var("source_ami", "ami-456").var("aws_region", "us-east-1").extraInput("base-image-v2");
        assertNotEquals(FULL, value(other));
    }

    @Test
    public void variableValuesAreHashedAsUtf8() throws Exception {
        ChecksumResult result = run(strict("ami").var("greeting", "gr\u00fc\u00dfe \ud83d\ude00"));
        // printf 'grüße 😀' | sha256sum   (UTF-8 bytes, whatever file.encoding is)
        assertEquals("d299edc8f7a4aabde8839982d3a15771ce2656fca62448ae530d5fbf17da96cc", result.getEntries().get(0).getDigest());
    }

    @Test
    public void variableOrderDoesNotMatterButNamesDo() throws Exception {
        ChecksumRequest.Builder reordered = strict("ami", "shared").template("template.json").varFile("vars.json")
                .var("aws_region", "us-east-1").var("source_ami", "ami-123").extraInput("base-image-v2");
        assertEquals(FULL, value(reordered));
        ChecksumRequest.Builder renamed = strict("ami", "shared").template("template.json").varFile("vars.json")
                .var("source_ami_id", "ami-123").var("aws_region", "us-east-1").extraInput("base-image-v2");
        assertNotEquals(FULL, value(renamed));
    }

    @Test
    public void templateOutsideTheDirectoriesIsCovered() throws Exception {
        String before = value(strict("ami").template("template.json"));
        assertNotEquals(AMI_ONLY, before);
        Fixtures.write(base, "template.json", "{\"builders\": [{}]}\n");
        assertNotEquals(before, value(strict("ami").template("template.json")));
    }

    @Test
    public void varFileAndExtraInputsAreCovered() throws Exception {
        Fixtures.write(base, "vars.json", "{\"region\": \"eu-west-1\"}\n");
        assertNotEquals(FULL, value(full()));
        String withExtra = value(strict("ami").extraInput("v1"));
        assertNotEquals(withExtra, value(strict("ami").extraInput("v2")));
        Path extra = Fixtures.write(base, "extra.txt", "one\n");
        String withExtraFile = value(strict("ami").extraFile("extra.txt"));
        Fixtures.write(base, "extra.txt", "two\n");
        assertNotEquals(withExtraFile, value(strict("ami").extraFile(extra.toString())));
    }

    @Test
    public void excludedFileDoesNotCount() throws Exception {
        Fixtures.write(base, "ami/README.md", "read me\n");
        Fixtures.write(base, "ami/docs/more.md", "more\n");
        Fixtures.write(base, "ami/.git/config", "[core]\n");
        ChecksumRequest.Builder excluding = strict("ami").exclude("**/*.md").exclude("**/.git/**");
        String before = value(excluding);
        Fixtures.write(base, "ami/README.md", "changed\n");
        Fixtures.write(base, "ami/.git/config", "[core] changed\n");
        assertEquals(before, value(strict("ami").exclude("**/*.md").exclude("**/.git/**")));
        // excluding is the same as the files not being there
        Files.delete(base.resolve("ami/README.md"));
        Files.delete(base.resolve("ami/docs/more.md"));
        Files.delete(base.resolve("ami/.git/config"));
        assertEquals(before, value(strict("ami")));
        assertEquals(AMI_ONLY, before);
    }

    @Test
    public void dotfilesAreCovered() throws Exception {
        Fixtures.write(base, "ami/.env", "A=2\n");
        assertNotEquals(AMI_ONLY, value(strict("ami")));
    }

    @Test
    public void sameTreeInAnotherWorkspaceGivesTheSameValue() throws Exception {
        Path otherWorkspace = temporary.getRoot().toPath().toRealPath().resolve("other/deeper/ws");
        buildTree(otherWorkspace);
        ChecksumRequest.Builder there = ChecksumRequest.builder(otherWorkspace).mode(ChecksumMode.STRICT)
                .directories(List.of(otherWorkspace.resolve("ami").toString(), "shared")).template("template.json")
                .varFile(otherWorkspace.resolve("vars.json").toString()).var("source_ami", "ami-123")
                .var("aws_region", "us-east-1").extraInput("base-image-v2");
        ChecksumResult result = run(there);
        assertEquals(FULL, result.getValue());
        assertEquals(List.of(), result.getWarnings());
    }

    @Test
    public void directoryOrderAndNestingDoNotMatter() throws Exception {
        assertEquals(value(strict("ami", "shared")), value(strict("shared", "ami")));
        assertEquals(AMI_ONLY, value(strict("ami", "ami/scripts", "ami")));
    }

    @Test
    public void recordPolicyRecordsTheTargetTextAndNeverFollows() throws Exception {
        Path outside = Fixtures.write(base.getParent(), "outside.txt", "outside\n");
        Files.createSymbolicLink(base.resolve("ami/out"), outside);
        Files.createSymbolicLink(base.resolve("ami/dangling"), Paths.get("nowhere"));
        ChecksumResult before = run(strict("ami"));
        Fixtures.write(base.getParent(), "outside.txt", "changed outside\n");
        assertEquals(before.getValue(), value(strict("ami")));
        Files.delete(base.resolve("ami/link"));
        Files.createSymbolicLink(base.resolve("ami/link"), Paths.get("files/../files/motd"));
        assertNotEquals(before.getValue(), value(strict("ami")));
        // printf 'nowhere' | sha256sum
        assertTrue(before.getListing().format(), before.getListing().format().contains(
                "20aeff0494e828d188c704e1f488a589b15ae01d11f6cb129f62129caa6cc543 symlink ami/dangling\n"));
    }

    @Test
    public void followPolicyHashesTargetsWhereverTheyAre() throws Exception {
        Path outside = Fixtures.write(base.getParent(), "outside.txt", "outside\n");
        Files.createSymbolicLink(base.resolve("ami/out"), outside);
        Files.createSymbolicLink(base.resolve("ami/linked-dir"), Paths.get("files"));
        ChecksumRequest.Builder follow = strict("ami").symlinkPolicy(SymlinkPolicy.FOLLOW);
        ChecksumResult before = run(follow);
        List<String> names = new ArrayList<>();
        before.getEntries().forEach(entry -> names.add(entry.getKind() + " " + entry.getPath()));
        assertEquals(List.of("file ami/.env", "file ami/files/motd", "file ami/link", "file ami/linked-dir/motd",
                "file ami/out", "executable ami/scripts/setup.sh"), names);
        Fixtures.write(base.getParent(), "outside.txt", "changed outside\n");
        assertNotEquals(before.getValue(), value(strict("ami").symlinkPolicy(SymlinkPolicy.FOLLOW)));
    }

    @Test
    public void followPolicyRejectsCyclesAndDanglingLinks() throws Exception {
        Files.createSymbolicLink(base.resolve("ami/files/loop"), Paths.get(".."));
        ChecksumInputException cycle = assertThrows(ChecksumInputException.class,
                () -> value(strict("ami").symlinkPolicy(SymlinkPolicy.FOLLOW)));
        assertTrue(cycle.getMessage(), cycle.getMessage().startsWith("symbolic link cycle: "));
        assertTrue(cycle.getMessage(), cycle.getMessage().contains(base.resolve("ami/files/loop").toString()));
        Files.delete(base.resolve("ami/files/loop"));
        Files.createSymbolicLink(base.resolve("ami/files/dangling"), Paths.get("nowhere"));
        ChecksumInputException dangling = assertThrows(ChecksumInputException.class,
                () -> value(strict("ami").symlinkPolicy(SymlinkPolicy.FOLLOW)));
        assertTrue(dangling.getMessage(), dangling.getMessage().contains(base.resolve("ami/files/dangling").toString()));
        // the record policy records it: printf 'nowhere' | sha256sum
        assertTrue(run(strict("ami")).getListing().format().contains(
                "20aeff0494e828d188c704e1f488a589b15ae01d11f6cb129f62129caa6cc543 symlink ami/files/dangling\n"));
    }

    @Test
    public void inputsOutsideTheBaseDirectoryAreWarnedAbout() throws Exception {
        Path outside = Fixtures.write(base.getParent(), "elsewhere/t.json", "{}\n").getParent();
        ChecksumResult result = run(strict("ami", outside.toString()).template(outside.resolve("t.json").toString()));
        assertEquals(2, result.getWarnings().size());
        assertTrue(result.getWarnings().get(0), result.getWarnings().get(0).contains(outside.resolve("t.json").toString()));
        assertTrue(result.getEntries().stream().anyMatch(e -> e.getPath().equals(outside + "/t.json")
                && e.getKind() == ListingEntry.Kind.FILE));
    }

    @Test
    public void missingTemplateVarFileAndExtraFileAreErrorsNamingThem() {
        assertEquals("template does not exist: " + base.resolve("nope.json") + " (given as 'nope.json')",
                assertThrows(ChecksumInputException.class, () -> value(strict("ami").template("nope.json"))).getMessage());
        assertEquals("var-file is not a regular file: " + base.resolve("ami") + " (given as 'ami')",
                assertThrows(ChecksumInputException.class, () -> value(strict("ami").varFile("ami"))).getMessage());
        assertEquals("extra input file does not exist: " + base.resolve("x") + " (given as 'x')",
                assertThrows(ChecksumInputException.class, () -> value(strict("ami").extraFile("x"))).getMessage());
    }

    @Test
    @MakesFilesUnreadable
    public void excludedUnreadableDirectoryIsNotRead() throws Exception {
        Path closed = Fixtures.write(base, "ami/build/out.bin", "build output\n").getParent();
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
        try {
            assertFalse("the directory is unreadable to this process", Files.isReadable(closed));
            assertThrows("reading it fails", ChecksumInputException.class, () -> value(strict("ami")));
            assertEquals(AMI_ONLY, value(strict("ami").exclude("build")));
        } finally {
            Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    public void valueDoesNotDependOnTheNumberOfThreads() throws Exception {
        for (int i = 0; i < 300; i++) {
            Fixtures.write(base, "ami/many/d" + (i % 5) + "/f" + i, "content " + i + "\n");
        }
        String one = value(full().threads(1));
        assertEquals(one, value(full().threads(2)));
        assertEquals(one, value(full().threads(7)));
    }
}
