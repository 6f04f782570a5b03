package io.jenkins.plugins.bakeami.engine.bake;

import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.ACCOUNT;
import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.REGION;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.checksum.ChecksumCalculator;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumRequest;
import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.testsupport.UnreadableFilesRule;
import io.jenkins.plugins.bakeami.testsupport.UnreadableFilesRule.MakesFilesUnreadable;
import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.junit.function.ThrowingRunnable;

/**
 * Each bad input fails the bake with a message naming the input, before Packer builds anything, and writes
 * nothing. The messages seen are written to {@code target/bad-input-messages.md} (docs/troubleshooting.md quotes
 * them).
 */
public class BakeBadInputTest {
    private static final Map<String, String> MESSAGES = new TreeMap<>();

    @Rule(order = Integer.MIN_VALUE)
    public final UnreadableFilesRule unreadable = new UnreadableFilesRule();

    @Rule
    public BakeFixture fx = new BakeFixture();

    @Rule
    public final Timeout timeout = Await.testTimeout();

    private Set<String> filesBefore;

    @Before
    public void definition() throws IOException {
        fx.writeJsonDefinition("echo provisioning", "");
        Files.createDirectories(fx.workspace.resolve("empty"));
        filesBefore = files();
    }

    /**
     * Adds the messages seen to the table's rows (a case run in a child JVM by {@link UnreadableFilesRule} wrote its
     * row there before).
     */
    @AfterClass
    public static void writeTable() throws IOException {
        Path file = Path.of("target/bad-input-messages.md");
        List<String> header = List.of("| Input | Message |", "|---|---|");
        Map<String, String> rows = new TreeMap<>();
        if (Files.exists(file)) {
            for (String row : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!header.contains(row)) {
                    rows.put(row.substring(0, row.indexOf(" | `")), row);
                }
            }
        }
        MESSAGES.forEach((input, message) -> rows.put("| " + input, "| " + input + " | `"
                + message.replace("\n", " ").replace("|", "\\|") + "` |"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", header) + "\n" + String.join("\n", rows.values()) + "\n",
                StandardCharsets.UTF_8);
    }

    @Test
    public void missingTemplate() throws Exception {
        fails("missing template", "no/such.json", () -> bake(fx.request("no/such.json")));
    }

    @Test
    public void templateThatDoesNotParse() throws Exception {
        RequiredTools.requirePacker();
        BakeFixture.write(fx.workspace.resolve("ami/broken.json"), "{\"builders\": [ {\"type\": \"amazon-ebs\",, }");
        filesBefore = files();
        fails("template that does not parse", "broken.json", () -> bake(fx.request("ami/broken.json")));
    }

    @Test
    public void undeclaredVariable() throws Exception {
        RequiredTools.requirePacker();
        fails("a variable the template does not declare", "no_such_variable",
                () -> bake(fx.request("ami/packer.json").vars(Map.of("no_such_variable", "x"))));
    }

    @Test
    public void missingDefinitionDirectory() throws Exception {
        fails("missing definition directory", "no-such-dir",
                () -> bake(fx.request("ami/packer.json").dirs(List.of("no-such-dir"))));
    }

    @Test
    public void emptyDefinitionDirectory() throws Exception {
        fails("empty definition directory (no files at all)", "empty",
                () -> bake(fx.request("ami/packer.json").dirs(List.of("empty"))));
    }

    @Test
    public void emptyDirectoryList() throws Exception {
        fails("empty directory list (\"\" or a stray comma)", "empty entry",
                () -> bake(fx.request("ami/packer.json").dirs(List.of(""))));
    }

    @Test
    @MakesFilesUnreadable
    public void unreadableFile() throws Exception {
        Path secret = fx.workspace.resolve("ami/files/unreadable");
        BakeFixture.write(secret, "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        filesBefore = files();
        try {
            fails("unreadable file", "unreadable", () -> bake(fx.request("ami/packer.json")));
        } finally {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    public void invalidRegion() throws Exception {
        fails("invalid region name", "us-east", () -> bake(fx.request("ami/packer.json").region("us-east")));
    }

    /** A failed bake never leaves the AMI id of an earlier run behind for a later step to pick up. */
    @Test
    public void aStaleAmiIdFileIsRemovedEvenWhenTheInputIsBad() throws Exception {
        Files.writeString(fx.workspace.resolve(".ami_id.json"), "{\"ami_id\": \"ami-stale\"}", StandardCharsets.UTF_8);
        assertThrows(BakeException.class, () -> bake(fx.request("ami/packer.json").region("us-east")));
        assertEquals(filesBefore, files());
    }

    @Test
    public void malformedTagKey() throws Exception {
        fails("malformed tag key", "aws:checksum", () -> bake(fx.request("ami/packer.json").tagKey("aws:checksum")));
    }

    @Test
    public void malformedEndpoint() throws Exception {
        fails("endpoint URL malformed", "ftp://127.0.0.1",
                () -> bake(fx.request("ami/packer.json").endpoint("ftp://127.0.0.1")));
    }

    @Test
    public void unreachableEndpoint() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;
        fails("endpoint URL unreachable", endpoint, () -> bake(fx.request("ami/packer.json").endpoint(endpoint)));
    }

    @Test
    public void packerMissing() throws Exception {
        fails("`packer` missing", "apt-get install packer",
                () -> bake(fx.request("ami/packer.json").packerPath(fx.workspace.resolve("bin/packer").toString())));
    }

    @Test
    public void packerTooOld() throws Exception {
        Path old = fx.workspace.getParent().resolve("old/packer");
        BakeFixture.write(old, "#!/bin/sh\necho 'Packer v1.2.0'\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwx------"));
        fails("`packer` too old", "1.2.0", () -> bake(fx.request("ami/packer.json").packerPath(old.toString())));
    }

    @Test
    public void packerExitsNonZero() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo failing on purpose && exit 3", "");
        filesBefore = files();
        fails("packer exits non-zero (here: a provisioner fails)", "exit code", () -> bake(fx.request("ami/packer.json")));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }

    @Test
    public void packerExitsZeroWithoutAnArtifact() throws Exception {
        RequiredTools.requirePacker();
        BakeFixture.write(fx.workspace.resolve("ami/file.json"), """
                {"variables": {"aws_region": "", "config_checksum": ""},
                 "builders": [{"type": "file", "target": "../../out.txt", "content": "not an AMI"}]}
                """);
        filesBefore = files();
        fails("packer exits 0 without an AMI artifact", "made no AMI", () -> bake(fx.request("ami/file.json")));
    }

    @Test
    public void amiIdFileWhereADirectoryIs() throws Exception {
        Files.createDirectories(fx.workspace.resolve("out/.ami_id.json"));
        filesBefore = files();
        fails("`.ami_id.json` path is a directory", ".ami_id.json",
                () -> bake(fx.request("ami/packer.json").amiIdFile("out/.ami_id.json")));
    }

    @Test
    public void amiIdFileUnderARegularFile() throws Exception {
        fails("`.ami_id.json` path whose parent is a file", "motd",
                () -> bake(fx.request("ami/packer.json").amiIdFile("ami/files/motd/.ami_id.json")));
    }

    /** Not an error: a tagged image in state failed is not reused, the log says so, and a new AMI is baked. */
    @Test
    public void onlyAFailedImageCarriesTheChecksum() throws Exception {
        RequiredTools.requirePacker();
        String checksum = new ChecksumCalculator().calculate(
                ChecksumRequest.builder(fx.workspace).directory("ami").build()).getValue();
        String failed = fx.emulator.seedImage(ImageSeed.named("app-failed").region(REGION).owner(ACCOUNT)
                .state("failed").tag(BakeRequest.DEFAULT_TAG_KEY, checksum));
        BakeResult result = bake(fx.request("ami/packer.json").dirs(List.of("ami")));
        assertEquals(BakeOutcome.BAKED, result.outcome());
        String line = fx.log.stream().filter(l -> l.startsWith("Not reusable")).findFirst().orElseThrow();
        assertTrue(line, line.contains(failed + " (failed)"));
        synchronized (MESSAGES) {
            MESSAGES.put("an image found in state `failed` (log line; the bake goes on and bakes)",
                    line.replace(checksum, "<checksum>"));
        }
    }

    private BakeResult bake(BakeRequest.Builder request) throws Exception {
        return fx.bakery().bake(request.build());
    }

    private void fails(String input, String named, ThrowingRunnable bake) throws IOException {
        Exception e = assertThrows(Exception.class, bake);
        assertTrue(e.getClass() + ": " + e.getMessage(), e instanceof BakeException || e instanceof IllegalArgumentException);
        String message = e.getMessage();
        assertTrue(message, message.contains(named));
        assertEquals("the bake wrote into the workspace", filesBefore, files());
        assertEquals("an instance was launched", 0, fx.emulator.callLog().count("RunInstances")
                - (input.startsWith("packer exits non-zero") ? 1 : 0));
        synchronized (MESSAGES) {
            MESSAGES.put(input, message.replace(fx.workspace.getParent().toString(), "<tmp>"));
        }
    }

    private Set<String> files() throws IOException {
        try (Stream<Path> walk = Files.walk(fx.workspace)) {
            return walk.map(p -> fx.workspace.relativize(p).toString()).collect(Collectors.toCollection(java.util.TreeSet::new));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
