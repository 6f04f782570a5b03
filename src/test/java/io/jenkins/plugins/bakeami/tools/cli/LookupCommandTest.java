package io.jenkins.plugins.bakeami.tools.cli;

import static io.jenkins.plugins.bakeami.tools.cli.CliFixture.REGION;
import static io.jenkins.plugins.bakeami.TroubleshootingTable.assertDocumented;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.HashMap;
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
                .tag("ami_config_checksum", CHECKSUM).creationDate(fx.clock.instant().plusSeconds(60)));

        CliFixture.Run run = fx.run(fx.environment(), "lookup", "--checksum", CHECKSUM, "--region", REGION,
                "--endpoint", fx.endpoint());

        assertEquals(run.toString(), 0, run.exitCode);
        assertEquals(run.toString(), List.of(newest), run.outLines());
        assertTrue(run.err, run.err.contains("Found " + newest + " tagged ami_config_checksum=" + CHECKSUM + " (app-new"));
        assertTrue(run.err, run.err.contains("AMI per region: " + REGION + "=" + newest));
        assertTrue(run.err, run.err.contains("Source image: not recorded (baked before base images were tracked)"));
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

    /** EC2 would read * and ? as wildcards and return some other AMI: refused, and matched literally below that. */
    @Test
    public void aChecksumWithAWildcardIsRefused() {
        fx.seedOurImage("app", CHECKSUM);
        for (String wildcard : List.of("*", "0123456789abcdef0123456789abcdef0123456?")) {
            CliFixture.Run run = fx.run(fx.environment(), "lookup", "--checksum", wildcard, "--region", REGION,
                    "--endpoint", fx.endpoint());
            assertEquals(run.toString(), 2, run.exitCode);
            assertEquals(run.toString(), "", run.out);
            assertOneLine(run.err);
            assertDocumented("`lookup --checksum` with a wildcard (`*` or `?`)",
                    run.err.strip().substring((LookupCommand.NAME + ": ").length()));
        }
        assertEquals("no EC2 call for bad input", List.of(), fx.emulator.callLog().actions());
    }

    /** An explicitly empty list is an error, as for bake and checksum; not setting it means the template's directory. */
    @Test
    public void anEmptyDirectoryListIsAnError() throws Exception {
        Map<String, String> env = fx.environment();
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ENDPOINT_URL_EC2", fx.endpoint());
        for (String empty : List.of("", " , ", ",,")) {
            assertEmptyListRefused(fx.run(env, "lookup", "--dirs", empty));
            env.put("AMI_DEFINITION_DIRS", empty);
            assertEmptyListRefused(fx.run(env, "lookup"));
            env.remove("AMI_DEFINITION_DIRS");
        }
        assertEquals("no EC2 call for bad input", List.of(), fx.emulator.callLog().actions());
    }

    static void assertEmptyListRefused(CliFixture.Run run) {
        assertEquals(run.toString(), 2, run.exitCode);
        assertOneLine(run.err);
        assertTrue(run.err, run.err.contains("The list of AMI definition directories ["));
        assertTrue(run.err, run.err.contains("] has an empty entry (check for a stray comma or an empty setting)"));
    }

    /** Ctrl-C and SIGTERM end a lookup with 130, as every command (the JVM alone would exit 143 on SIGTERM). */
    @Test
    public void sigtermDuringTheLookupExits130() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // accepts the lookup's connection and never answers: the lookup is surely under way when the signal comes
            CliProcess lookup = CliProcess.start(fx.tmp.getRoot().toPath(), fx.workspace, fx.environment(), "lookup",
                    "--checksum", CHECKSUM, "--region", REGION, "--endpoint", "http://127.0.0.1:" + silent.getLocalPort());
            silent.setSoTimeout(60_000);
            try (Socket call = silent.accept()) {
                lookup.signal("TERM");
                lookup.assertExitCode(ExitCodes.INTERRUPTED);
            }
            assertTrue(lookup.err(), lookup.err().contains("bake-ami lookup: stopping (signal received)"));
            assertEquals("", lookup.out());
        }
    }

    /** No credentials anywhere is said as such, with where they were looked for, not as an unreachable endpoint. */
    @Test
    public void missingCredentialsAreNamedInOneLine() throws Exception {
        Path home = fx.tmp.newFolder("empty-home").toPath();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", home.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true"); // no instance metadata service on a test machine: no wait for it
        CliProcess lookup = CliProcess.start(fx.tmp.getRoot().toPath(), fx.workspace, env, "lookup", "--checksum",
                CHECKSUM, "--region", REGION, "--endpoint", fx.endpoint());
        lookup.assertExitCode(ExitCodes.FAILURE);
        String err = lookup.err();
        assertOneLine(err);
        assertFalse(err, err.contains("cannot reach"));
        assertTrue(err, err.contains("failed: no AWS credentials: none in the environment"));
        assertTrue(err, err.contains(home.resolve(".aws/credentials").toString()));
        assertDocumented("no AWS credentials anywhere", err.strip().substring((LookupCommand.NAME + ": ").length()));
        assertEquals("the call never left: nothing to sign it with", List.of(), fx.emulator.callLog().actions());
    }

    static void assertOneLine(String err) {
        assertEquals(err, 1, err.strip().lines().count());
        assertFalse("no stack trace: " + err, err.contains("\tat ") || err.contains("Exception"));
    }
}
