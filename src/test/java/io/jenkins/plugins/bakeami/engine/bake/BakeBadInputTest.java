package io.jenkins.plugins.bakeami.engine.bake;

import static io.jenkins.plugins.bakeami.TroubleshootingTable.assertDocumented;
import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.ACCESS_KEY;
import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.ACCOUNT;
import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.REGION;
import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.SECRET_KEY;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.AwsRole;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumCalculator;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumRequest;
import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.testsupport.UnreadableFilesRule;
import io.jenkins.plugins.bakeami.testsupport.UnreadableFilesRule.MakesFilesUnreadable;
import io.jenkins.plugins.bakeami.tools.ec2.ImageInfo;
import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;
import org.junit.rules.Timeout;

/**
 * Each bad input fails the bake with a message naming the input and writes nothing; all but the Packer and endpoint
 * failures fail before the first EC2 call, on every run (a reuse and a dry run too). Each message is the one
 * docs/troubleshooting.md shows for the input ({@link io.jenkins.plugins.bakeami.TroubleshootingTable}).
 */
public class BakeBadInputTest {
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

    @Test
    public void missingTemplate() throws Exception {
        failsBeforeAnyEc2Call("missing template", "no/such.json", fx.request("no/such.json"));
    }

    @Test
    public void templateThatDoesNotParse() throws Exception {
        BakeFixture.write(fx.workspace.resolve("ami/broken.json"), "{\"builders\": [ {\"type\": \"amazon-ebs\",, }");
        filesBefore = files();
        failsBeforeAnyEc2Call("template that does not parse", "broken.json is not valid JSON at line 1, column 38",
                fx.request("ami/broken.json"));
    }

    /** A dry run checks the template too: it is what a bake would run. */
    @Test
    public void aDryRunChecksTheTemplate() throws Exception {
        BakeFixture.write(fx.workspace.resolve("ami/broken.json"), "{\"builders\": [ {\"type\": \"amazon-ebs\",, }");
        filesBefore = files();
        failsBeforeAnyEc2Call("template that does not parse", "broken.json", fx.request("ami/broken.json").dryRun(true));
    }

    @Test
    public void templateWithAByteOrderMark() throws Exception {
        String template = Files.readString(fx.workspace.resolve("ami/packer.json"), StandardCharsets.UTF_8);
        BakeFixture.write(fx.workspace.resolve("ami/bom.json"), "\uFEFF" + template);
        filesBefore = files();
        failsBeforeAnyEc2Call("JSON template with a UTF-8 byte-order mark", "starts with a UTF-8 byte-order mark",
                fx.request("ami/bom.json"));
    }

    @Test
    public void undeclaredVariable() throws Exception {
        failsBeforeAnyEc2Call("a variable the template does not declare", "no_such_variable",
                fx.request("ami/packer.json").vars(Map.of("no_such_variable", "x")));
    }

    /** A misspelt variable fails even when the AMI exists: the next change would otherwise bake with it. */
    @Test
    public void undeclaredVariableFailsAlsoWhenTheAmiIsReused() throws Exception {
        seedOurImage(checksumOf("ami"));
        failsBeforeAnyEc2Call("a variable the template does not declare", "no_such_variable",
                fx.request("ami/packer.json").vars(Map.of("no_such_variable", "x")));
    }

    @Test
    public void variableContradictingTheRegion() throws Exception {
        failsBeforeAnyEc2Call("a variable that contradicts the region (here: --var aws_region=us-west-2 for us-east-1)",
                "'us-west-2' (given as a variable) but the bake sets it to 'us-east-1'",
                fx.request("ami/packer.json").vars(Map.of("aws_region", "us-west-2")));
    }

    @Test
    public void varFileContradictingTheRegion() throws Exception {
        BakeFixture.write(fx.workspace.resolve("vars/region.json"), "{\"aws_region\": \"us-west-2\"}\n");
        filesBefore = files();
        failsBeforeAnyEc2Call("a var file that contradicts the region", "region.json",
                fx.request("ami/packer.json").varFiles(List.of("vars/region.json")));
    }

    @Test
    public void variableTheBakeSetsItself() throws Exception {
        failsBeforeAnyEc2Call("a variable the bake sets itself (the checksum variable)", "config_checksum",
                fx.request("ami/packer.json").vars(Map.of("config_checksum", "0123")));
    }

    @Test
    public void missingDefinitionDirectory() throws Exception {
        RequiredTools.requirePacker(); // the preflight checks packer before this input
        failsBeforeAnyEc2Call("missing definition directory", "no-such-dir",
                fx.request("ami/packer.json").dirs(List.of("no-such-dir")));
    }

    @Test
    public void emptyDefinitionDirectory() throws Exception {
        RequiredTools.requirePacker(); // the preflight checks packer before this input
        failsBeforeAnyEc2Call("empty definition directory (no files at all)", "empty",
                fx.request("ami/packer.json").dirs(List.of("empty")));
    }

    @Test
    public void emptyDirectoryList() throws Exception {
        failsBeforeAnyEc2Call("empty directory list (\"\", \" , \", \",,\", a stray comma)", "empty entry",
                fx.request("ami/packer.json").dirs(List.of("")));
    }

    @Test
    @MakesFilesUnreadable
    public void unreadableFile() throws Exception {
        RequiredTools.requirePacker(); // the preflight checks packer before the checksum reads the file
        Path secret = fx.workspace.resolve("ami/files/unreadable");
        BakeFixture.write(secret, "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        filesBefore = files();
        try {
            failsBeforeAnyEc2Call("unreadable file (definition file without read permission)", "unreadable",
                    fx.request("ami/packer.json"));
        } finally {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    public void invalidRegion() throws Exception {
        failsBeforeAnyEc2Call("invalid region name", "us-east", fx.request("ami/packer.json").region("us-east"));
    }

    /** The SDK's region list decides: a made-up region of the right shape fails, a real one of an odd shape runs. */
    @Test
    public void unknownRegion() throws Exception {
        failsBeforeAnyEc2Call("unknown region (not in the AWS SDK's list)", "zz-east-1",
                fx.request("ami/packer.json").region("zz-east-1"));
        BakeResult dryRun = fx.bakery().bake(fx.request("ami/packer.json").region("eusc-de-east-1").dryRun(true).build());
        assertEquals(BakeOutcome.WOULD_BAKE, dryRun.outcome());
        assertEquals("eusc-de-east-1", fx.emulator.callLog().calls("DescribeImages").get(0).region());
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
        failsBeforeAnyEc2Call("malformed tag key", "aws:checksum",
                fx.request("ami/packer.json").tagKey("aws:checksum"));
    }

    @Test
    public void malformedEndpoint() throws Exception {
        failsBeforeAnyEc2Call("endpoint URL malformed", "ftp://127.0.0.1",
                fx.request("ami/packer.json").endpoint("ftp://127.0.0.1"));
    }

    @Test
    public void unreachableEndpoint() throws Exception {
        RequiredTools.requirePacker(); // the preflight checks packer before this input
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;
        failsBeforeAnyEc2Call("endpoint URL unreachable", endpoint, fx.request("ami/packer.json").endpoint(endpoint));
    }

    /** The emulator speaks plain HTTP and waits for a request line: a TLS hello would wait out each attempt. */
    @Test
    public void httpsEndpointThatSpeaksPlainHttp() throws Exception {
        String plain = fx.emulator.endpoint().toString();
        String https = plain.replace("http://", "https://");
        failsBeforeAnyEc2Call("`https://` endpoint that speaks plain HTTP", "use " + plain,
                fx.request("ami/packer.json").endpoint(https));
    }

    @Test
    public void workingDirectoryThatDoesNotExist() throws Exception {
        Path missing = fx.workspace.resolve("no-such-workspace");
        failsBeforeAnyEc2Call("working directory that does not exist", missing.toString(),
                BakeRequest.builder(missing.toString()).template("ami/packer.json").region(REGION)
                        .keys(new AwsKeys(ACCESS_KEY, SECRET_KEY, null)).endpoint(fx.emulator.endpoint().toString())
                        .environment(fx.packerEnvironment()));
    }

    @Test
    public void packerMissing() throws Exception {
        failsBeforeAnyEc2Call("`packer` missing", "apt-get install packer",
                fx.request("ami/packer.json").packerPath(fx.workspace.resolve("bin/packer").toString()));
    }

    /** Packer is checked before the lookup whenever a bake may follow: a reuse needs it as much as a bake. */
    @Test
    public void packerNotOnThePathFailsBeforeTheLookupAlsoWhenTheAmiExists() throws Exception {
        seedOurImage(checksumOf("ami"));
        Map<String, String> environment = new HashMap<>(fx.packerEnvironment());
        environment.put("PATH", fx.workspace.resolve("no-bin").toString());
        failsBeforeAnyEc2Call("`packer` not on the PATH", "packer not found in PATH",
                fx.request("ami/packer.json").environment(environment));
        // a dry run never runs Packer: it needs none
        assertEquals(BakeOutcome.WOULD_REUSE,
                bake(fx.request("ami/packer.json").environment(environment).dryRun(true)).outcome());
    }

    @Test
    public void packerTooOld() throws Exception {
        Path old = fx.workspace.getParent().resolve("old/packer");
        BakeFixture.write(old, "#!/bin/sh\necho 'Packer v1.2.0'\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwx------"));
        failsBeforeAnyEc2Call("`packer` too old", "1.2.0", fx.request("ami/packer.json").packerPath(old.toString()));
    }

    @Test
    public void packerExitsNonZero() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo failing on purpose && exit 3", "");
        filesBefore = files();
        failsInPacker("packer exits non-zero (here: a provisioner fails)", "exit code", fx.request("ami/packer.json"));
        assertEquals(1, fx.emulator.callLog().count("RunInstances"));
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
        failsInPacker("packer exits 0 without an AMI artifact", "made no AMI", fx.request("ami/file.json"));
        assertEquals(0, fx.emulator.callLog().count("RunInstances"));
    }

    @Test
    public void amiIdFileWhereADirectoryIs() throws Exception {
        Files.createDirectories(fx.workspace.resolve("out/.ami_id.json"));
        filesBefore = files();
        failsBeforeAnyEc2Call("`.ami_id.json` path is a directory", ".ami_id.json",
                fx.request("ami/packer.json").amiIdFile("out/.ami_id.json"));
    }

    @Test
    public void amiIdFileUnderARegularFile() throws Exception {
        failsBeforeAnyEc2Call("`.ami_id.json` path whose parent is a file", "motd",
                fx.request("ami/packer.json").amiIdFile("ami/files/motd/.ami_id.json"));
    }

    /** Root may write there as far as permissions go, but the kernel creates no file: refused before the bake. */
    @Test
    public void amiIdFileOnAKernelPseudoFileSystem() throws Exception {
        for (String path : List.of("/proc/bake-ami/.ami_id.json", "/sys/bake-ami/.ami_id.json")) {
            failsBeforeAnyEc2Call("`.ami_id.json` on a kernel pseudo-file system (/proc, /sys)", path,
                    fx.request("ami/packer.json").amiIdFile(path));
        }
    }

    /**
     * A write that fails after the bake (a full disk, a file put in the way of the directory while Packer ran) names
     * the file and the AMI, which is tagged: the next run reuses it instead of baking again.
     */
    @Test
    public void anAmiIdFileThatCannotBeWrittenAfterTheBakeNamesTheFileAndTheAmi() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("touch ../out", ""); // Packer runs in ami/: the provisioner puts a file at out
        BakeException e = assertThrows(BakeException.class,
                () -> bake(fx.request("ami/packer.json").amiIdFile("out/.ami_id.json")));
        String checksum = checksumOf("ami");
        String amiId = fx.emulator.callLog().calls("CreateTags").get(0).param("ResourceId.1");
        assertTrue(e.getMessage(), e.getMessage().startsWith("Baked {" + REGION + "=" + amiId + "} and tagged it"
                + " ami_config_checksum=" + checksum + ", but cannot write the AMI id file "
                + fx.workspace.resolve("out/.ami_id.json")));
        assertDocumented("`.ami_id.json` write that fails after the bake (here: a file in the way of its directory)",
                e.getMessage());
        ImageInfo image = fx.emulator.image(REGION, amiId).orElseThrow();
        assertEquals(checksum, image.ownerTags().get(BakeRequest.DEFAULT_TAG_KEY));

        Files.delete(fx.workspace.resolve("out"));
        BakeResult next = bake(fx.request("ami/packer.json").amiIdFile("out/.ami_id.json"));
        assertEquals(BakeOutcome.REUSED, next.outcome());
        assertEquals(amiId, next.amiId());
        assertEquals("baked once", 1, fx.emulator.callLog().count("RunInstances"));
    }

    // Issue 15's options: refused before the first EC2 call, naming the option

    @Test
    public void onErrorAskIsRefused() throws Exception {
        failsBeforeAnyEc2Call("`onError` ask", "onError 'ask'", fx.request("ami/packer.json").onError("ask"));
    }

    @Test
    public void aDebugLogInsideAnAmiBakeryDefinitionIsRefused() throws Exception {
        failsBeforeAnyEc2Call("`debug` with the log inside an ami-bakery definition directory", "debug:",
                fx.request("ami/packer.json").debug(true).amiIdFile("ami/.ami_id.json"));
    }

    @Test
    public void normalizedLineEndingsNeedTheStrictChecksum() throws Exception {
        failsBeforeAnyEc2Call("`lineEndings` normalize with the ami-bakery checksum", "normalized line endings",
                fx.request("ami/packer.json").lineEndings("normalize"));
    }

    @Test
    public void aRoleOverANamedProfileIsRefused() throws Exception {
        java.util.Map<String, String> env = new java.util.HashMap<>(fx.packerEnvironment());
        env.put("AWS_PROFILE", "ci");
        failsBeforeAnyEc2Call("a role over the AWS profile of the environment", "AWS profile 'ci'",
                fx.request("ami/packer.json").keys(null).environment(env)
                        .role(new AwsRole("arn:aws:iam::123456789012:role/ami-baker", "bake", null, 0)));
    }

    @Test
    public void aRoleThatIsNoRoleArnIsRefused() throws Exception {
        fails("a role that is not an IAM role ARN", "arn:aws:iam::123456789012:user/baker",
                () -> new AwsRole("arn:aws:iam::123456789012:user/baker", "bake", null, 0));
    }

    /** Not an error: a tagged image in state failed is not reused, the log says so, and a new AMI is baked. */
    @Test
    public void onlyAFailedImageCarriesTheChecksum() throws Exception {
        RequiredTools.requirePacker();
        String failed = fx.emulator.seedImage(ImageSeed.named("app-failed").region(REGION).owner(ACCOUNT)
                .state("failed").tag(BakeRequest.DEFAULT_TAG_KEY, checksumOf("ami")));
        BakeResult result = bake(fx.request("ami/packer.json").dirs(List.of("ami")));
        assertEquals(BakeOutcome.BAKED, result.outcome());
        String line = fx.log.stream().filter(l -> l.startsWith("Not reusable")).findFirst().orElseThrow();
        assertTrue(line, line.contains(failed + " (failed)"));
        assertDocumented("an image found in state `failed` (log line; the bake goes on and bakes)", line);
    }

    private BakeResult bake(BakeRequest.Builder request) throws Exception {
        return fx.bakery().bake(request.build());
    }

    private String checksumOf(String directory) throws Exception {
        return new ChecksumCalculator().calculate(ChecksumRequest.builder(fx.workspace).directory(directory).build())
                .getValue();
    }

    private void seedOurImage(String checksum) {
        fx.emulator.seedImage(ImageSeed.named("app").region(REGION).owner(ACCOUNT)
                .tag(BakeRequest.DEFAULT_TAG_KEY, checksum));
    }

    /** Fails naming the input, with the documented message, having called no EC2 API and written nothing. */
    private void failsBeforeAnyEc2Call(String input, String named, BakeRequest.Builder request) throws IOException {
        fails(input, named, () -> bake(request));
        assertEquals("EC2 calls before the input was found bad", List.of(), fx.emulator.callLog().actions());
    }

    /** Fails naming the input, with the documented message, having written nothing; Packer ran. */
    private void failsInPacker(String input, String named, BakeRequest.Builder request) throws IOException {
        fails(input, named, () -> bake(request));
    }

    private void fails(String input, String named, ThrowingRunnable bake) throws IOException {
        Exception e = assertThrows(Exception.class, bake);
        assertTrue(e.getClass() + ": " + e.getMessage(), e instanceof BakeException || e instanceof IllegalArgumentException);
        String message = e.getMessage();
        assertTrue(message, message.contains(named));
        assertEquals("the bake wrote into the workspace", filesBefore, files());
        assertFalse(Files.exists(fx.workspace.resolve(AmiIdFile.DEFAULT_NAME)));
        assertDocumented(input, message);
    }

    private Set<String> files() throws IOException {
        try (Stream<Path> walk = Files.walk(fx.workspace)) {
            return walk.map(p -> fx.workspace.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
