package io.jenkins.plugins.bakeami.tools.cli;

import static io.jenkins.plugins.bakeami.TroubleshootingTable.assertDocumented;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.checksum.ChecksumListing;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code bake-ami checksum}. Known values as in ChecksumCalculatorTest, produced with coreutils on the same trees:
 * {@code find DIR... -type f ! -name '.*' | LC_ALL=C sort | xargs -d '\n' sha1sum | cut -c1-40 | tr -d '\n' | sha1sum}.
 */
public class ChecksumCommandTest {
    /** The trap tree: trap/a/b = "b\n", trap/a-b/x = "x\n", trap/a.txt = "a.txt\n". */
    private static final String TRAP = "3fe2ec92a4bdf2229b2501b9a9cb07c9d537b369";
    /** two/one/{f1,shared.txt,sub/n} and two/two/{f2,shared.txt}, directories two/two and two/one. */
    private static final String TWO = "c58cf4ac54a5605221ae0874fac2327dd6210c5a";

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    private Path base;

    /** What one run printed. */
    private static final class Run {
        final int exitCode;
        final String out;
        final String err;

        Run(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }

        String lastLine() {
            String[] lines = out.split("\n");
            return lines[lines.length - 1];
        }
    }

    @Before
    public void setUp() throws IOException {
        base = temporary.getRoot().toPath().toRealPath();
        write("trap/a/b", "b\n");
        write("trap/a-b/x", "x\n");
        write("trap/a.txt", "a.txt\n");
        write("two/one/f1", "one\n");
        write("two/one/shared.txt", "1\n");
        write("two/one/sub/n", "nested\n");
        write("two/two/f2", "two\n");
        write("two/two/shared.txt", "2\n");
    }

    private void write(String relative, String content) throws IOException {
        Path file = base.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = BakeAmiCli.commandLine(System.getenv()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private Run checksum(String... args) {
        List<String> all = new ArrayList<>(List.of("checksum", "--base-dir", base.toString()));
        all.addAll(List.of(args));
        return cli(all.toArray(new String[0]));
    }

    @Test
    public void printsTheChecksumAsTheLastLine() {
        Run run = checksum("trap");
        assertEquals(run.err, 0, run.exitCode);
        assertEquals(TRAP + "\n", run.out);
        assertEquals("", run.err);
    }

    @Test
    public void directoriesAsArgumentsOrCommaSeparated() {
        assertEquals(TWO, checksum("two/two,two/one").lastLine());
        assertEquals(TWO, checksum("two/two", "two/one").lastLine());
        assertEquals(TWO, checksum(base.resolve("two/one") + " , " + base.resolve("two/two") + "/").lastLine());
    }

    /** A CRLF checkout and an LF checkout: the same value with --line-endings normalize (strict only). */
    @Test
    public void lineEndingsNormalizeGivesACrlfCheckoutTheValueOfAnLfOne() throws IOException {
        write("crlf/ami/setup.sh", "#!/bin/sh\r\necho hi\r\n");
        write("lf/ami/setup.sh", "#!/bin/sh\necho hi\n");
        Run windows = cli("checksum", "--base-dir", base.resolve("crlf").toString(), "--mode", "strict",
                "--line-endings", "normalize", "--explain", "ami");
        Run linux = cli("checksum", "--base-dir", base.resolve("lf").toString(), "--mode", "strict", "ami");
        assertEquals(windows.err, 0, windows.exitCode);
        assertEquals(linux.lastLine(), windows.lastLine());
        assertTrue(windows.out, windows.out.startsWith("# bake-ami checksum listing v1 mode=strict"
                + " line-endings=normalize\n"));
        assertFalse(linux.lastLine().equals(cli("checksum", "--base-dir", base.resolve("crlf").toString(), "--mode",
                "strict", "ami").lastLine()));
        Run refused = checksum("--line-endings", "normalize", "trap");
        assertEquals(2, refused.exitCode);
        assertTrue(refused.err, refused.err.contains("normalized line endings can only be covered by the strict"
                + " mode"));
    }

    @Test
    public void explainPrintsTheListingThenTheChecksum() {
        Run run = checksum("--explain", "trap");
        assertEquals(0, run.exitCode);
        assertEquals(TRAP, run.lastLine());
        assertEquals("# bake-ami checksum listing v1 mode=ami-bakery\n"
                + "6fcf9dfbd479ed82697fee719b9f8c610a11ff2a file trap/a-b/x\n"
                + "4745372841d407b1e13cfbf4a055380a60032614 file trap/a.txt\n"
                + "89e6c98d92887913cadf06b2adb97f26cde4849b file trap/a/b\n"
                + TRAP + "\n", run.out);
        assertTrue(ChecksumListing.parse(run.out, "stdout").isConsistent());
    }

    @Test
    public void badInputExitsNonZeroWithOneLineNamingIt() {
        Run missing = checksum("trap", "nope");
        assertEquals(ChecksumCommand.EXIT_BAD_INPUT, missing.exitCode);
        assertEquals("", missing.out);
        assertEquals("bake-ami checksum: definition directory does not exist: " + base.resolve("nope")
                + " (given as 'nope')\n", missing.err);
        Run mode = checksum("--mode", "sha1", "trap");
        assertEquals(ChecksumCommand.EXIT_BAD_INPUT, mode.exitCode);
        assertEquals("bake-ami checksum: unknown checksum mode 'sha1'; valid modes: ami-bakery, strict\n", mode.err);
        Run strictOnly = checksum("--exclude", "*.md", "trap");
        assertEquals(ChecksumCommand.EXIT_BAD_INPUT, strictOnly.exitCode);
        assertTrue(strictOnly.err, strictOnly.err.contains("exclude patterns can only be covered by the strict mode"));
        Run none = checksum(",");
        assertEquals(ChecksumCommand.EXIT_BAD_INPUT, none.exitCode);
        // as bake and lookup say it for --dirs ','
        assertEquals("bake-ami checksum: The list of AMI definition directories ['', ''] has an empty entry (check for a"
                + " stray comma or an empty setting)\n", none.err);
        // refused at once, not an OutOfMemoryError 49 s later with exit status 1 (the --diff "differs" status)
        Run threads = checksum("--threads", "100000", "trap");
        assertEquals(ChecksumCommand.EXIT_BAD_INPUT, threads.exitCode);
        assertEquals("bake-ami checksum: threads must be between 1 and 256, not 100000 (hashing is bound by the disk and"
                + " the cores: the default is the number of processors)\n", threads.err);
        assertDocumented("`checksum --threads` above 256", threads.err.strip().substring("bake-ami checksum: ".length()));
        for (Run run : List.of(missing, mode, strictOnly, none, threads)) {
            assertFalse(run.err, run.err.contains("\tat "));
            assertEquals(run.err, 1, run.err.split("\n").length);
        }
    }

    @Test
    public void varWithoutEqualsNeverEchoesTheText() {
        Run run = checksum("--mode", "strict", "--var", "s3cr3t-value", "trap");
        assertEquals(ChecksumCommand.EXIT_BAD_INPUT, run.exitCode);
        assertEquals("bake-ami checksum: --var takes NAME=VALUE; one --var has no '='\n", run.err);
    }

    @Test
    public void strictModeWithItsInputs() throws IOException {
        write("template.json", "{}\n");
        write("trap/README.md", "not part of the image\n");
        Run run = checksum("--mode", "strict", "--template", "template.json", "--var", "source_ami=ami-1",
                "--exclude", "**/*.md", "--extra-input", "v2", "--symlinks", "record", "--explain", "trap");
        assertEquals(run.err, 0, run.exitCode);
        assertTrue(run.lastLine(), run.lastLine().startsWith("strict-v1:"));
        assertFalse(run.out, run.out.contains("ami-1"));
        assertFalse(run.out, run.out.contains("README"));
        assertTrue(run.out, run.out.contains(" template template.json\n"));
        Run other = checksum("--mode", "strict", "--template", "template.json", "--var", "source_ami=ami-2",
                "--exclude", "**/*.md", "--extra-input", "v2", "trap");
        assertFalse(run.lastLine().equals(other.lastLine()));
    }

    /** The bake's base-image record, given by hand: the same value as a strict bake whose base is that image. */
    @Test
    public void sourceAmiIsTheBakesBaseImageRecord() {
        Run run = checksum("--mode", "strict", "--source-ami", "us-east-1=ami-0123456789abcdef0", "--explain", "trap");
        assertEquals(run.err, 0, run.exitCode);
        assertTrue(run.out, run.out.contains(" base-image us-east-1 ami-0123456789abcdef0\n"));
        assertFalse(run.lastLine().equals(checksum("--mode", "strict", "trap").lastLine()));
        Run amiBakery = checksum("--source-ami", "us-east-1=ami-0123456789abcdef0", "trap");
        assertEquals(ChecksumCommand.EXIT_BAD_INPUT, amiBakery.exitCode);
        assertTrue(amiBakery.err, amiBakery.err.contains("a base image can only be covered by the strict mode"));
    }

    @Test
    public void diffComparesTwoSavedListings() throws IOException {
        Path before = base.resolve("before.txt");
        Files.writeString(before, checksum("--explain", "trap").out, StandardCharsets.UTF_8);
        Run same = checksum("--diff", before.toString(), before.toString());
        assertEquals(0, same.exitCode);
        assertTrue(same.out, same.out.contains("(unchanged)"));
        write("trap/a.txt", "edited\n");
        Path after = base.resolve("after.txt");
        Files.writeString(after, checksum("--explain", "trap").out, StandardCharsets.UTF_8);
        Run changed = checksum("--diff", before.toString(), after.toString());
        assertEquals(ChecksumCommand.EXIT_DIFFERENT, changed.exitCode);
        assertTrue(changed.out, changed.out.contains("changed:  file trap/a.txt (4745372841d407b1e13cfbf4a055380a60032614"
                + " -> "));
        assertTrue(changed.out, changed.out.endsWith("1 changed, 0 added, 0 removed, 0 renamed, 0 moved\n"));
        Run missing = checksum("--diff", before.toString(), base.resolve("gone.txt").toString());
        assertEquals(ChecksumCommand.EXIT_BAD_INPUT, missing.exitCode);
        assertEquals("bake-ami checksum: listing file does not exist or is not a file: " + base.resolve("gone.txt") + "\n",
                missing.err);
    }

    @Test
    public void helpNamesTheEnvironmentVariableAndTheModes() {
        Run run = cli("checksum", "--help");
        assertEquals(0, run.exitCode);
        assertTrue(run.out, run.out.contains("AMI_DEFINITION_DIRS"));
        assertTrue(run.out, run.out.contains("--mode=MODE"));
        assertTrue(run.out, run.out.contains("strict"));
    }

    /** A real process: the environment variable, the exit code and UTF-8 output of the packaged entry point. */
    @Test
    public void environmentVariableIsHonouredWhenNoDirectoryIsGiven() throws Exception {
        write("two/one/\u00fcber.txt", "\u00fc\n");
        Process process = java(base, "AMI_DEFINITION_DIRS", "two/two, " + base.resolve("two/one"), "checksum", "--explain");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("the CLI did not finish", process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(err, 0, process.exitValue());
        ChecksumListing listing = ChecksumListing.parse(out, "stdout");
        assertTrue(listing.isConsistent());
        assertTrue(out, out.contains(" file two/one/\u00fcber.txt\n"));
        assertEquals(6, listing.getEntries().size());

        Process none = java(base, "AMI_DEFINITION_DIRS", "", "checksum");
        String noneErr = new String(none.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(none.waitFor(60, TimeUnit.SECONDS));
        assertEquals(ChecksumCommand.EXIT_BAD_INPUT, none.exitValue());
        // set but empty is an explicit empty list: an error, as for bake and lookup (unset: an error naming the variable)
        assertEquals("bake-ami checksum: The list of AMI definition directories [''] has an empty entry (check for a"
                + " stray comma or an empty setting)\n", noneErr);
    }

    /** A file its user cannot read is named (the seed crashed); run as an unprivileged user, since root reads all. */
    @Test
    public void anUnreadableFileIsNamed() throws Exception {
        write("locked/files/secret", "x\n");
        Path secret = base.resolve("locked/files/secret");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        try (java.util.stream.Stream<Path> tree = Files.walk(base.resolve("locked"))) {
            for (Path dir : (Iterable<Path>) tree.filter(Files::isDirectory)::iterator) {
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        CliProcess checksum = CliProcess.startUnprivileged(base, base, Map.of("PATH", System.getenv("PATH")),
                "checksum", "locked");
        checksum.assertExitCode(ChecksumCommand.EXIT_BAD_INPUT);
        String err = checksum.err().strip();
        assertEquals("bake-ami checksum: cannot read file " + secret + ": permission denied", err);
        assertDocumented("unreadable file (definition file without read permission)",
                err.substring("bake-ami checksum: ".length()));
    }

    /** Ctrl-C and SIGTERM end a checksum with 130, as every command (the JVM alone would exit 143 on SIGTERM). */
    @Test
    public void sigtermDuringTheChecksumExits130() throws Exception {
        Path huge = base.resolve("big/huge.img");
        Files.createDirectories(huge.getParent());
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(64L << 30); // sparse: no disk used, but hashing its 64 GiB of zeros takes minutes
        }
        CliProcess checksum = CliProcess.start(base, base, Map.of("PATH", System.getenv("PATH")), "checksum", "big");
        checksum.awaitWhileRunning("the checksum opening " + huge, () -> holdsOpen(checksum.process, huge));
        checksum.signal("TERM");
        checksum.assertExitCode(ChecksumCommand.EXIT_INTERRUPTED);
        assertTrue(checksum.err(), checksum.err().contains("bake-ami checksum: stopping (signal received)"));
        assertEquals("no checksum is printed", "", checksum.out());
    }

    /** Whether the process has the file open (Linux: its /proc/PID/fd links). */
    private static boolean holdsOpen(Process process, Path file) {
        try (java.util.stream.Stream<Path> descriptors = Files.list(Paths.get("/proc", Long.toString(process.pid()), "fd"))) {
            return descriptors.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private static Process java(Path directory, String variable, String value, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=ISO-8859-1", "-cp", System.getProperty("java.class.path"), BakeAmiCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().put(variable, value);
        builder.environment().put("PWD", directory.toString());
        return builder.start();
    }
}
