package io.jenkins.plugins.bakeami.tools.cli;

import static io.jenkins.plugins.bakeami.tools.cli.CliFixture.REGION;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;

/** {@code bake-ami lookup} against the EC2 emulator, through the real SDK. */
public class LookupCommandTest {
    private static final String CHECKSUM = "0123456789abcdef0123456789abcdef01234567";

    @Rule
    public CliFixture fx = new CliFixture();

    @Test
    public void hitPrintsTheNewestOfOurAmisAsTheLastLine() {
        fx.seedOurImage("app-old", CHECKSUM);
        String newest = fx.emulator.seedImage(ImageSeed.named("app-new").region(REGION).owner(CliFixture.ACCOUNT)
                .tag("ami_config_checksum", CHECKSUM).creationDate(java.time.Instant.now().plusSeconds(60)));

        CliFixture.Run run = fx.run(fx.environment(), "lookup", "--checksum", CHECKSUM, "--region", REGION,
                "--endpoint", fx.endpoint());

        assertEquals(run.toString(), 0, run.exitCode);
        assertEquals(run.toString(), List.of(newest), run.outLines());
        assertTrue(run.err, run.err.contains("Found " + newest + " (app-new"));
        assertEquals("one DescribeImages call", List.of("DescribeImages"), fx.emulator.callLog().actions());
        assertEquals("self", fx.emulator.callLog().calls().get(0).param("Owner.1"));
    }

    @Test
    public void missExitsOneAndPrintsNoId() {
        // another account's AMI with the same tag is not ours: never trusted
        fx.emulator.seedImage(ImageSeed.named("theirs").region(REGION).owner("999988887777").publicImage(true)
                .tag("ami_config_checksum", CHECKSUM));
        CliFixture.Run run = fx.run(fx.environment(), "lookup", "--checksum", CHECKSUM, "--region", REGION,
                "--endpoint", fx.endpoint());

        assertEquals(run.toString(), 1, run.exitCode);
        assertEquals(run.toString(), "", run.out);
        assertTrue(run.err, run.err.contains("no AMI tagged ami_config_checksum=" + CHECKSUM + " owned by self in "
                + REGION));
    }

    @Test
    public void checksumComputedFromDirectoriesIsTheChecksumCommandsAndRegionAndEndpointComeFromTheEnvironment()
            throws Exception {
        Path ami = fx.workspace.resolve("ami");
        CliFixture.write(ami.resolve("packer.json"), "{\"builders\": []}\n");
        CliFixture.write(ami.resolve("files/motd"), "hello\n");
        CliFixture.Run checksum = fx.run(fx.environment(), "checksum", ami.toString());
        assertEquals(checksum.toString(), 0, checksum.exitCode);
        String value = checksum.lastLine();
        assertTrue(value, value.matches("[0-9a-f]{40}"));
        String ours = fx.seedOurImage("app", value);

        Map<String, String> env = fx.environment();
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ENDPOINT_URL_EC2", fx.endpoint());
        CliFixture.Run run = fx.run(env, "lookup", "--dirs", ami.toString());
        assertEquals(run.toString(), 0, run.exitCode);
        assertEquals(ours, run.lastLine());
        assertTrue(run.err, run.err.contains("Checksum (ami-bakery) of 2 inputs: " + value));
        assertEquals(value, fx.emulator.callLog().calls().get(0).param("Filter.1.Value.1"));

        // AMI_DEFINITION_DIRS when no --dirs, as the seed reads it
        env.put("AMI_DEFINITION_DIRS", ami + "/");
        CliFixture.Run fromVariable = fx.run(env, "lookup");
        assertEquals(fromVariable.toString(), 0, fromVariable.exitCode);
        assertEquals(ours, fromVariable.lastLine());
    }

    @Test
    public void badRegionExitsTwoNamingItInOneLine() {
        CliFixture.Run run = fx.run(fx.environment(), "lookup", "--checksum", CHECKSUM, "--region", "moon-base-one",
                "--endpoint", fx.endpoint());
        assertEquals(run.toString(), 2, run.exitCode);
        assertEquals(run.toString(), "", run.out);
        assertOneLine(run.err);
        assertTrue(run.err, run.err.contains("'moon-base-one' (--region)"));
        assertTrue("no EC2 call for bad input", fx.emulator.callLog().calls().isEmpty());

        Map<String, String> env = fx.environment();
        env.put("AWS_REGION", "us east 1");
        CliFixture.Run fromEnvironment = fx.run(env, "lookup", "--checksum", CHECKSUM, "--endpoint", fx.endpoint());
        assertEquals(fromEnvironment.toString(), 2, fromEnvironment.exitCode);
        assertTrue(fromEnvironment.err, fromEnvironment.err.contains("'us east 1' (AWS_REGION)"));
    }

    @Test
    public void otherBadInputsExitTwoNamingThem() {
        CliFixture.Run noInput = fx.run(fx.environment(), "lookup", "--region", REGION);
        assertEquals(noInput.toString(), 2, noInput.exitCode);
        assertTrue(noInput.err, noInput.err.contains("give --checksum, or --dirs"));

        CliFixture.Run badEndpoint = fx.run(fx.environment(), "lookup", "--checksum", CHECKSUM, "--region", REGION,
                "--endpoint", "127.0.0.1:8080");
        assertEquals(badEndpoint.toString(), 2, badEndpoint.exitCode);
        assertOneLine(badEndpoint.err);
        assertTrue(badEndpoint.err, badEndpoint.err.contains("--endpoint"));

        CliFixture.Run unknownOption = fx.run(fx.environment(), "lookup", "--colour", "blue");
        assertEquals(unknownOption.toString(), 2, unknownOption.exitCode);
        assertOneLine(unknownOption.err);
        assertTrue(unknownOption.err, unknownOption.err.contains("--colour"));
    }

    @Test
    public void endpointDownExitsThreeWithOneClearLine() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        String down = "http://127.0.0.1:" + closedPort;
        CliFixture.Run run = fx.run(fx.environment(), "lookup", "--checksum", CHECKSUM, "--region", REGION,
                "--endpoint", down, "--max-attempts", "1");
        assertEquals(run.toString(), 3, run.exitCode);
        assertEquals(run.toString(), "", run.out);
        assertOneLine(run.err);
        assertTrue(run.err, run.err.contains("EC2 DescribeImages in " + REGION + " (" + down + ") failed: cannot reach"
                + " the endpoint"));
    }

    @Test
    public void anEc2ErrorNamesTheActionAndCode() {
        fx.emulator.faults().failAction("DescribeImages", "UnauthorizedOperation");
        CliFixture.Run run = fx.run(fx.environment(), "lookup", "--checksum", CHECKSUM, "--region", REGION,
                "--endpoint", fx.endpoint(), "--max-attempts", "1");
        assertEquals(run.toString(), 3, run.exitCode);
        assertOneLine(run.err);
        assertTrue(run.err, run.err.contains("EC2 DescribeImages in " + REGION + " (" + fx.endpoint()
                + ") failed: UnauthorizedOperation"));
    }

    static void assertOneLine(String err) {
        assertEquals(err, 1, err.strip().lines().count());
        assertFalse("no stack trace: " + err, err.contains("\tat ") || err.contains("Exception"));
    }
}
