package io.jenkins.plugins.bakeami.tools.ec2;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The real {@code packer} (1.6.6, amazon-ebs builder, communicator none) against the emulator: the build ends with
 * an available, tagged AMI (and tagged snapshots) and leaves nothing behind.
 */
public class Ec2EmulatorPackerTest {
    private static final String KEY = "AKIAPACKERSMOKE00001";
    private static final String ACCOUNT = "666666666666";
    private static final Pattern ARTIFACT = Pattern.compile("^\\d+,[^,]*,artifact,0,id,(.+)$", Pattern.MULTILINE);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Ec2Emulator emulator;
    private String packer;

    @Before
    public void start() {
        packer = RequiredTools.requirePacker().toString(); // every case runs it
        // delays long enough that Packer's waiters (AWS_POLL_DELAY_SECONDS=1) see pending states
        emulator = Ec2Emulator.builder().delays(Delays.uniform(Duration.ofMillis(300)).withImageCopy(Duration.ofMillis(1500))).start();
        emulator.accounts().map(KEY, ACCOUNT);
    }

    @After
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    public void buildEndsWithATaggedAvailableAmiAndNoLeaks() throws Exception {
        Map<String, Object> builder = builder("smoke-{{timestamp}}");
        Result result = build(builder);

        assertEquals(result.output, 0, result.exitCode);
        Map<String, String> amis = result.amis();
        assertEquals(result.output, List.of("us-east-1"), new ArrayList<>(amis.keySet()));
        ImageInfo ami = emulator.image("us-east-1", amis.get("us-east-1")).orElseThrow();
        assertEquals("available", ami.state());
        assertEquals(ACCOUNT, ami.ownerId());
        assertEquals(Map.of("ami_config_checksum", "c0ffee", "Name", "smoke", "built_in", "us-east-1"), ami.ownerTags());
        assertEquals(1, ami.snapshotIds().size());
        SnapshotInfo snapshot = emulator.snapshot("us-east-1", ami.snapshotIds().get(0)).orElseThrow();
        assertEquals("completed", snapshot.state());
        assertEquals("c0ffee", snapshot.ownerTags().get("ami_config_checksum"));
        assertEquals("snapshot", snapshot.ownerTags().get("kind"));

        assertTrue(emulator.leakReport().toString(), emulator.leakReport().isEmpty());
        List<String> actions = emulator.callLog().actions();
        assertFalse("unsupported calls: " + actions, emulator.callLog().calls().stream().anyMatch(c -> "InvalidAction".equals(c.errorCode())));
        assertInOrder(actions, "CreateKeyPair", "CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "RunInstances",
                "StopInstances", "CreateImage", "CreateTags", "TerminateInstances", "DeleteSecurityGroup", "DeleteKeyPair");
        assertTrue(actions.toString(), emulator.callLog().calls("DescribeInstances").size() >= 2);
    }

    @Test
    public void amiRegionsCopiesAreTaggedAndForceDeregisterReplacesThem() throws Exception {
        Map<String, Object> builder = builder("regions-smoke");
        builder.put("ami_regions", List.of("us-west-2"));
        builder.put("force_deregister", true);
        builder.put("force_delete_snapshot", true);

        Result first = build(builder);
        assertEquals(first.output, 0, first.exitCode);
        Map<String, String> firstAmis = first.amis();
        assertEquals(first.output, List.of("us-east-1", "us-west-2"), new ArrayList<>(firstAmis.keySet()));
        Map<String, String> firstSnapshots = new LinkedHashMap<>();
        for (String region : firstAmis.keySet()) {
            ImageInfo ami = emulator.image(region, firstAmis.get(region)).orElseThrow();
            assertEquals("available", ami.state());
            assertEquals(Map.of("ami_config_checksum", "c0ffee", "Name", "smoke", "built_in", "us-east-1"), ami.ownerTags());
            assertEquals(1, ami.snapshotIds().size());
            SnapshotInfo snapshot = emulator.snapshot(region, ami.snapshotIds().get(0)).orElseThrow();
            assertEquals("c0ffee", snapshot.ownerTags().get("ami_config_checksum"));
            firstSnapshots.put(region, snapshot.snapshotId());
        }
        assertTrue(emulator.leakReport().toString(), emulator.leakReport().isEmpty());

        // same name again: force_deregister removes the old AMIs (and their snapshots) in both regions first
        Result second = build(builder);
        assertEquals(second.output, 0, second.exitCode);
        Map<String, String> secondAmis = second.amis();
        assertEquals(firstAmis.keySet(), secondAmis.keySet());
        for (String region : firstAmis.keySet()) {
            assertTrue("old AMI in " + region + " is deregistered", emulator.image(region, firstAmis.get(region)).isEmpty());
            assertTrue("old snapshot in " + region + " is deleted", emulator.snapshot(region, firstSnapshots.get(region)).isEmpty());
            assertEquals("available", emulator.image(region, secondAmis.get(region)).orElseThrow().state());
        }
        assertTrue(emulator.leakReport().toString(), emulator.leakReport().isEmpty());
    }

    @Test
    public void sigtermWhileWaitingForTheAmiCleansUpAllButThePendingImage() throws Exception {
        emulator.delays(emulator.delays().withImagePending(Duration.ofMinutes(30))); // pending until the SIGTERM
        Path dir = tmp.newFolder().toPath();
        Process p = start(dir, builder("cancelled-{{timestamp}}"));
        Path log = dir.resolve("packer.out");
        Await.until("packer waits for the AMI", () -> read(log).contains("Waiting for AMI to become ready")
                || !p.isAlive(), () -> read(log));
        assertTrue("packer ended before it waited for the AMI:\n" + read(log), p.isAlive());
        p.destroy(); // SIGTERM, as Process.destroy() sends it
        assertTrue("packer did not stop after SIGTERM", p.waitFor(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(Files.readString(log, StandardCharsets.UTF_8), 1, p.exitValue());

        // Packer terminated the instance and deleted its key pair and security group; the image it had not
        // recorded yet stays behind, pending and untagged (see BRIEF, Packer facts)
        LeakReport leaks = emulator.leakReport();
        assertEquals(leaks.toString(), List.of("pending-image"), leaks.leaks().stream().map(LeakReport.Leak::kind).toList());
        assertTrue(emulator.image("us-east-1", leaks.leaks().get(0).id()).orElseThrow().ownerTags().isEmpty());
        assertEquals(1, emulator.callLog().calls("TerminateInstances").size());
        assertEquals(1, emulator.callLog().calls("DeleteSecurityGroup").size());
        assertEquals(1, emulator.callLog().calls("DeleteKeyPair").size());
    }

    private Map<String, Object> builder(String amiName) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("type", "amazon-ebs");
        b.put("region", "us-east-1");
        b.put("source_ami", Ec2Emulator.BASE_IMAGE_ID);
        b.put("instance_type", "t3.micro");
        b.put("ami_name", amiName);
        b.put("communicator", "none");
        b.put("custom_endpoint_ec2", emulator.endpoint().toString());
        b.put("skip_credential_validation", true);
        b.put("skip_region_validation", true);
        b.put("skip_metadata_api_check", true);
        b.put("tags", Map.of("ami_config_checksum", "c0ffee", "Name", "smoke", "built_in", "{{ .BuildRegion }}"));
        b.put("snapshot_tags", Map.of("ami_config_checksum", "c0ffee", "kind", "snapshot"));
        return b;
    }

    /** A finished packer run. */
    private static final class Result {
        final int exitCode;
        final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }

        /** region to AMI id, from the machine-readable artifact line ("us-east-1:ami-1%!(PACKER_COMMA)us-west-2:ami-2"). */
        Map<String, String> amis() {
            Matcher m = ARTIFACT.matcher(output);
            assertTrue(output, m.find());
            Map<String, String> amis = new java.util.TreeMap<>();
            for (String pair : m.group(1).trim().split("%!\\(PACKER_COMMA\\)")) {
                String[] regionAndAmi = pair.split(":");
                amis.put(regionAndAmi[0], regionAndAmi[1]);
            }
            return amis;
        }
    }

    private Result build(Map<String, Object> builder) throws IOException, InterruptedException {
        Path dir = tmp.newFolder().toPath();
        Process p = start(dir, builder);
        Path log = dir.resolve("packer.out");
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
            p.destroyForcibly();
            throw new AssertionError("packer did not finish in 90 s:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Starts {@code packer build -machine-readable} of a one-builder JSON template in {@code dir}; output to packer.out. */
    private Process start(Path dir, Map<String, Object> builder) throws IOException {
        Files.writeString(dir.resolve("template.json"), Json.write(Map.of("builders", List.of(builder))), StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(packer, "build", "-machine-readable", "template.json").directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(PackerTestEnvironment.forPacker(dir));
        env.put("AWS_ACCESS_KEY_ID", KEY);
        env.put("AWS_SECRET_ACCESS_KEY", "smoke-test-secret");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("packer.out").toFile());
        return pb.start();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertInOrder(List<String> actual, String... expected) {
        int at = 0;
        for (String action : actual) {
            if (at < expected.length && action.equals(expected[at])) {
                at++;
            }
        }
        assertEquals("calls " + actual + " must contain, in this order, " + List.of(expected), expected.length, at);
    }
}
