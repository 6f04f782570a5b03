package io.jenkins.plugins.bakeami.tools.ec2;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Tag;

/** The state file: what one emulator saved, the next one (same file) serves. */
public class Ec2EmulatorStateFileTest {
    private static final String KEY = "AKIASTATEFILETEST001";
    private static final String ACCOUNT = "777777777777";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static Ec2Emulator start(Path stateFile) {
        Ec2Emulator emulator = Ec2Emulator.builder().delays(Delays.uniform(Duration.ofMillis(20)))
                .stateFile(stateFile, null).start();
        emulator.accounts().map(KEY, ACCOUNT);
        return emulator;
    }

    @Test
    public void imagesTagsAndLeftoversSurviveARestart() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("state").resolve("ec2.json");
        String image;
        String instance;
        String copy;
        String deletedGroup;
        try (Ec2Emulator first = start(file); Ec2Client ec2 = EmulatorClients.client(first, KEY, "us-east-1");
                Ec2Client west = EmulatorClients.client(first, KEY, "us-west-2")) {
            image = first.seedImage(ImageSeed.named("kept").region("us-east-1").owner(ACCOUNT).tag("ami_config_checksum", "k1")
                    .sharedWith("888888888888"));
            ec2.createTags(b -> b.resources(Ec2Emulator.BASE_IMAGE_ID).tags(Tag.builder().key("mine").value("yes").build()));
            instance = ec2.runInstances(b -> b.imageId(image).minCount(1).maxCount(1)).instances().get(0).instanceId();
            ec2.createKeyPair(b -> b.keyName("left-over"));
            copy = west.copyImage(b -> b.sourceRegion("us-east-1").sourceImageId(image).name("kept").encrypted(true)
                    .kmsKeyId("alias/kept")).imageId();
            deletedGroup = ec2.createSecurityGroup(b -> b.groupName("gone").description("deleted before the restart")).groupId();
            ec2.deleteSecurityGroup(b -> b.groupId(deletedGroup));
        }
        assertTrue(Files.exists(file));
        assertFalse(Files.readString(file, StandardCharsets.UTF_8).contains("PRIVATE KEY"));
        assertTrue(Files.readString(file, StandardCharsets.UTF_8).contains("\"idsDrawn\": "));
        try (Ec2Emulator second = start(file); Ec2Client ec2 = EmulatorClients.client(second, KEY, "us-east-1")) {
            Image kept = ec2.describeImages(b -> b.owners("self").filters(f -> f.name("tag:ami_config_checksum").values("k1")))
                    .images().get(0);
            assertEquals(image, kept.imageId());
            assertEquals("available", kept.stateAsString());
            assertEquals(List.of(Tag.builder().key("mine").value("yes").build()),
                    ec2.describeImages(b -> b.imageIds(Ec2Emulator.BASE_IMAGE_ID)).images().get(0).tags());
            assertEquals(Map.of("ami_config_checksum", "k1"), second.image("us-east-1", image).orElseThrow().ownerTags());
            assertEquals("running", ec2.describeInstances(b -> b.instanceIds(instance)).reservations().get(0).instances().get(0)
                    .state().nameAsString());
            assertEquals(List.of("instance", "key-pair", "volume"),
                    second.leakReport().leaks().stream().map(LeakReport.Leak::kind).sorted().toList());
            assertEquals("available", second.image("us-west-2", copy).orElseThrow().state());
            String copySnapshot = second.image("us-west-2", copy).orElseThrow().snapshotIds().get(0);
            assertEquals("alias/kept", second.snapshot("us-west-2", copySnapshot).orElseThrow().kmsKeyId());
            // new ids never repeat one issued before the restart, not even of a resource that is gone
            String another = ec2.runInstances(b -> b.imageId(image).minCount(1).maxCount(1)).instances().get(0).instanceId();
            assertFalse(another.equals(instance));
            String group = ec2.createSecurityGroup(b -> b.groupName("gone").description("again")).groupId();
            assertFalse(group.equals(deletedGroup));
        }
    }

    @Test
    public void aDamagedStateFileIsRefusedWithItsName() throws Exception {
        Path file = tmp.newFile("broken.json").toPath();
        Files.writeString(file, "{\"version\": 1, \"regions\": {\"us-east-1\": {\"images\": 3}}}", StandardCharsets.UTF_8);
        try {
            Ec2Emulator.builder().stateFile(file, null).build();
            fail("a damaged state file must be refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(file.toString()));
        }
        Files.writeString(file, "not json", StandardCharsets.UTF_8);
        try {
            Ec2Emulator.builder().stateFile(file, null).build();
            fail("a file that is not JSON must be refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(file.toString()));
        }
    }
}
