package io.jenkins.plugins.bakeami.engine.checksum;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The engine against two small Python programs written from the definitions (seed_checksum.py: the seed's
 * algorithm; strict_checksum.py: docs/checksum.md), on a random tree (fixed seed) with tricky names: '-', '.',
 * ' ', case, accents, CJK, U+E000, an emoji, bytes that are not UTF-8, dotfiles, dot-directories, empty and
 * 300 KB files, links to files and to directories. Needs python3 (bin/setup installs it).
 */
public class ChecksumDifferentialTest {
    /** Name pieces; the last three are bytes that are not UTF-8 on their own. */
    private static final byte[][] PIECES = {bytes("a"), bytes("b"), bytes("-"), bytes("."), bytes(" "), bytes("A"),
        bytes("Z"), bytes("\u00e9"), bytes("\u65e5"), bytes("\ue000"), bytes("\ud83d\ude00"), bytes("_"), bytes("~"),
        bytes("#"), bytes("x.txt"), bytes("1"), bytes("%"), {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xE9}};

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    private Path base;

    @BeforeClass
    public static void needsPython() {
        RequiredTools.require("python3");
    }

    @Before
    public void setUp() throws IOException {
        base = temporary.getRoot().toPath().toRealPath();
    }

    @Test
    public void amiBakeryEqualsTheSeedsAlgorithmOnARandomTree() throws Exception {
        List<Path> roots = randomTrees(new Random(20240501L));
        List<String> arguments = new ArrayList<>();
        ChecksumRequest.Builder request = ChecksumRequest.builder(base);
        for (Path root : roots) {
            arguments.add(root.toString());
            request.directory(base.relativize(root).toString()); // relative here, absolute for Python
        }
        arguments.add(roots.get(0).resolve("d0").toString()); // overlapping: hashed twice by both
        request.directory(base.relativize(roots.get(0).resolve("d0")) + "/"); // clean relative spellings: same order
        String expected = python(base, "seed_checksum.py", arguments);
        ChecksumResult result = new ChecksumCalculator().calculate(request.build());
        assertEquals(expected, result.getValue());
    }

    /**
     * The seed sorts the path strings as os.walk builds them from each directory as written: relative ones stay
     * relative ('/…' sorts before 'd…'), './' and '//' are kept. Python runs in the base directory, given exactly
     * the strings the engine is given.
     */
    @Test
    public void amiBakeryEqualsTheSeedsAlgorithmForAMixOfSpellings() throws Exception {
        List<Path> roots = randomTrees(new Random(31337L));
        String one = base.relativize(roots.get(0)).toString();
        String two = base.relativize(roots.get(1)).toString();
        List<List<String>> mixes = List.of(
                List.of(roots.get(1).toString(), one),
                List.of(one, roots.get(1) + "/"),
                List.of("./" + two, one + "/d0"),
                List.of(two + "//", "./" + one, roots.get(0).resolve("d0").toString()),
                List.of(one + "/../" + two, one));
        for (List<String> dirs : mixes) {
            ChecksumRequest.Builder request = ChecksumRequest.builder(base);
            dirs.forEach(request::directory);
            assertEquals(dirs.toString(), python(base, "seed_checksum.py", dirs),
                    new ChecksumCalculator().calculate(request.build()).getValue());
        }
    }

    /** Relative and absolute spellings of the same directories order their files differently, as in the seed. */
    @Test
    public void aMixOfSpellingsIsNotTheValueOfTheAbsolutePaths() throws Exception {
        List<Path> roots = randomTrees(new Random(4L));
        ChecksumRequest.Builder mixed = ChecksumRequest.builder(base)
                .directory(base.relativize(roots.get(0)).toString()).directory(roots.get(1).toString());
        ChecksumRequest.Builder absolute = ChecksumRequest.builder(base)
                .directory(roots.get(0).toString()).directory(roots.get(1).toString());
        assertNotEquals(new ChecksumCalculator().calculate(absolute.build()).getValue(),
                new ChecksumCalculator().calculate(mixed.build()).getValue());
    }

    @Test
    public void strictEqualsItsDocumentedDefinitionOnARandomTree() throws Exception {
        List<Path> roots = randomTrees(new Random(77L));
        Fixtures.write(base, "template.json", "{}\n");
        // ASCII only on the command line: the JVM encodes arguments with file.encoding, which the tests set to Latin-1
        List<String> arguments = new ArrayList<>(List.of("--base", base.toString(), "--template", "template.json",
                "--var", "b=2", "--var", "a=x=1", "--extra-input", "x", "--base-image",
                "us-east-1=ami-0123456789abcdef0"));
        ChecksumRequest.Builder request = ChecksumRequest.builder(base).mode(ChecksumMode.STRICT)
                .template("template.json").var("b", "2").var("a", "x=1").extraInput("x")
                .baseImage("us-east-1", "ami-0123456789abcdef0");
        for (Path root : roots) {
            arguments.add(base.relativize(root).toString());
            request.directory(root.toString());
        }
        String expected = python(base, "strict_checksum.py", arguments);
        assertEquals(expected, new ChecksumCalculator().calculate(request.build()).getValue());
    }

    /**
     * lineEndings normalize: the random tree (whose random files are nearly all binary: a NUL byte) plus text files
     * with CRLF, lone CRs, a CR that ends the file and a CRLF split by the engine's read buffer; with the base images
     * of two regions, so a listing carries both the {@code line-endings=} header and the {@code base-image} records.
     */
    @Test
    public void strictWithNormalizedLineEndingsEqualsItsDocumentedDefinition() throws Exception {
        List<Path> roots = randomTrees(new Random(1503L));
        Fixtures.write(base, "template.json", "{\r\n}\r\n");
        Fixtures.write(roots.get(0), "text/crlf.sh", "#!/bin/sh\r\necho a\r\n\r\necho b\r\n");
        Fixtures.write(roots.get(0), "text/lone-cr", "a\rb\r\r\nc\r");
        byte[] split = new byte[WorkPool.BUFFER_SIZE + 10];
        java.util.Arrays.fill(split, (byte) 'x');
        split[WorkPool.BUFFER_SIZE - 1] = '\r';
        split[WorkPool.BUFFER_SIZE] = '\n';
        Fixtures.write(roots.get(1), "text/split", split);
        List<String> arguments = new ArrayList<>(List.of("--base", base.toString(), "--template", "template.json",
                "--base-image", "us-east-1=ami-0123456789abcdef0", "--base-image", "eu-west-1=ami-0fedcba9876543210",
                "--line-endings", "normalize"));
        ChecksumRequest.Builder request = ChecksumRequest.builder(base).mode(ChecksumMode.STRICT)
                .template("template.json").baseImage("us-east-1", "ami-0123456789abcdef0")
                .baseImage("eu-west-1", "ami-0fedcba9876543210").lineEndings(LineEndings.NORMALIZE);
        for (Path root : roots) {
            arguments.add(base.relativize(root).toString());
            request.directory(root.toString());
        }
        String expected = python(base, "strict_checksum.py", arguments);
        assertEquals(expected, new ChecksumCalculator().calculate(request.build()).getValue());
        arguments.set(arguments.indexOf("normalize"), "exact");
        assertNotEquals("the CRLF files count", expected, python(base, "strict_checksum.py", arguments));
    }

    /** Two definition directories of random files, links and directories. */
    private List<Path> randomTrees(Random random) throws IOException {
        List<Path> roots = new ArrayList<>();
        for (String name : new String[] {"def-one", "def.two"}) {
            Path root = Files.createDirectories(base.resolve(name));
            roots.add(root);
            Files.createDirectories(root.resolve("d0"));
            List<Path> directories = new ArrayList<>(List.of(root, root.resolve("d0")));
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                Path parent = directories.get(random.nextInt(directories.size()));
                Path entry = Fixtures.resolveBytes(parent, randomName(random, i));
                int kind = random.nextInt(20);
                if (kind < 3) {
                    directories.add(Files.createDirectories(entry));
                } else if (kind == 3 && !files.isEmpty()) {
                    Files.createSymbolicLink(entry, parent.relativize(files.get(random.nextInt(files.size()))));
                } else if (kind == 4 && directories.size() > 2) {
                    Path target = parent.relativize(directories.get(random.nextInt(directories.size())));
                    Files.createSymbolicLink(entry, target.toString().isEmpty() ? Paths.get(".") : target);
                } else {
                    byte[] content = new byte[kind == 5 ? 300_000 : random.nextInt(3) == 0 ? 0 : random.nextInt(4000)];
                    random.nextBytes(content);
                    Path file = kind == 6 ? Fixtures.resolveBytes(parent, concat(bytes("."), randomName(random, i))) : entry;
                    Files.write(file, content);
                    files.add(file);
                }
            }
            Path dotDirectory = Files.createDirectories(root.resolve(".dot-dir"));
            Fixtures.write(dotDirectory, "seen", "seen by the seed\n");
            Fixtures.write(dotDirectory, ".unseen", "not seen by the seed\n");
        }
        return roots;
    }

    /** A few random pieces, then the number, so names never collide. */
    private static byte[] randomName(Random random, int number) {
        byte[] name = new byte[0];
        int length = 1 + random.nextInt(4);
        for (int i = 0; i < length; i++) {
            name = concat(name, PIECES[random.nextInt(PIECES.length)]);
        }
        return concat(name, bytes(Integer.toString(number)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Runs a reference script in {@code directory} (relative arguments are relative to it). */
    private static String python(Path directory, String script, List<String> arguments)
            throws IOException, InterruptedException {
        // files of this call's own: another build on the machine runs the same test at the same time
        Path scriptFile = Files.createTempFile("bake-ami-", "-" + script);
        try (InputStream in = ChecksumDifferentialTest.class.getResourceAsStream(script)) {
            Files.copy(in, scriptFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of("python3", scriptFile.toString()));
        command.addAll(arguments);
        Path outputFile = Files.createTempFile("bake-ami-", "-" + script + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(outputFile.toFile());
        builder.environment().put("LC_ALL", "C.UTF-8");
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        Process process = builder.start();
        boolean ended = process.waitFor(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = Files.readString(outputFile, StandardCharsets.UTF_8).trim();
        Files.deleteIfExists(scriptFile);
        Files.deleteIfExists(outputFile);
        if (!ended || process.exitValue() != 0) {
            throw new AssertionError(script + (ended ? " failed: " : " did not end: ") + output);
        }
        return output;
    }
}
