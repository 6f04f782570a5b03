package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.REGION;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.tools.ec2.Delays;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.tools.ec2.ImageInfo;
import io.jenkins.plugins.bakeami.tools.ec2.SnapshotInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Rule;
import org.junit.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Every target region (the build region and the template's ami_regions), with the real packer against the emulator:
 * a reuse lists every region as a bake does, and a region whose copy is gone is repaired by a copy, not a bake.
 */
public class BakeRegionsTest {
    private static final String WEST = "us-west-2";

    @Rule
    public BakeFixture fx = new BakeFixture();

    private BakeRequest request() {
        return fx.request("ami/packer.json").build();
    }

    /** The definition is ami/files: the template can change without changing the checksum. */
    private BakeRequest filesOnly() {
        return fx.request("ami/packer.json").dirs(List.of("ami/files")).build();
    }

    /** Deregisters an AMI with its snapshots, as a user cleaning up by hand would. */
    private void deleteByHand(String region, String amiId) {
        ImageInfo image = fx.emulator.image(region, amiId).orElseThrow();
        Ec2Target target = new Ec2Target(region, URI.create(fx.emulator.endpoint().toString()),
                new AwsKeys(BakeFixture.ACCESS_KEY, BakeFixture.SECRET_KEY, null));
        try (Ec2Client ec2 = Ec2Clients.open(target, PackerTestEnvironment.fastEc2Limits(),
                Ec2Clients.Transport.APACHE)) {
            ec2.deregisterImage(b -> b.imageId(amiId));
            image.snapshotIds().forEach(snapshot -> ec2.deleteSnapshot(b -> b.snapshotId(snapshot)));
        }
    }

    private String amiIdFile() throws Exception {
        return Files.readString(fx.workspace.resolve(".ami_id.json"), StandardCharsets.UTF_8);
    }

    @Test
    public void aPlainReuseListsEveryRegionAsTheBakeDid() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo provisioning", ",\n\"ami_regions\": [\"" + WEST + "\"]");
        BakeResult baked = fx.bakery().bake(request());
        String bakedFile = amiIdFile();

        fx.emulator.callLog().clear();
        BakeResult reused = fx.bakery().bake(request());
        assertEquals(BakeOutcome.REUSED, reused.outcome());
        assertEquals(baked.amiIdsByRegion(), reused.amiIdsByRegion());
        assertEquals(List.of(REGION, WEST), List.copyOf(reused.amiIdsByRegion().keySet()));
        assertEquals("one lookup per target region", List.of("DescribeImages", "DescribeImages"),
                fx.emulator.callLog().actions());
        assertTrue(amiIdFile(), amiIdFile().contains("\"ami_ids\": {\"" + REGION + "\": \"" + baked.amiId() + "\", \""
                + WEST + "\": \"" + baked.amiIdsByRegion().get(WEST) + "\"}"));
        assertEquals("the same file as after the bake, but for reused",
                bakedFile.replace("\"reused\": false", "\"reused\": true"), amiIdFile());
    }

    /** HCL2, ami_regions from a list variable: the bake and the reuse list both regions. */
    @Test
    public void anHclTemplatesRegionsFromAVariableAreListedByTheReuse() throws Exception {
        RequiredTools.requirePacker();
        BakeFixture.write(fx.workspace.resolve("hcl/files/motd"), "HCL2 image\n");
        BakeFixture.write(fx.workspace.resolve("hcl/app.pkr.hcl"), """
                variable "aws_region" { type = string }
                variable "config_checksum" { type = string }
                variable "ec2_endpoint" { type = string }
                variable "copies" {
                  type    = list(string)
                  default = []
                }

                source "amazon-ebs" "app" {
                  region                     = var.aws_region
                  source_ami                 = "%s"
                  ami_regions                = var.copies
                  instance_type              = "t3.micro"
                  ami_name                   = "hcl-${uuidv4()}"
                  communicator               = "none"
                  custom_endpoint_ec2        = var.ec2_endpoint
                  skip_credential_validation = true
                  skip_region_validation     = true
                  skip_metadata_api_check    = true
                }

                build {
                  sources = ["source.amazon-ebs.app"]
                }
                """.formatted(Ec2Emulator.BASE_IMAGE_ID));
        BakeRequest request = fx.request("hcl/app.pkr.hcl").vars(Map.of("copies", "[\"" + WEST + "\"]")).build();
        BakeResult baked = fx.bakery().bake(request);
        assertEquals(List.of(REGION, WEST), List.copyOf(baked.amiIdsByRegion().keySet()));
        fx.emulator.callLog().clear();
        BakeResult reused = fx.bakery().bake(request);
        assertEquals(BakeOutcome.REUSED, reused.outcome());
        assertEquals(baked.amiIdsByRegion(), reused.amiIdsByRegion());
        assertEquals(List.of("DescribeImages", "DescribeImages"), fx.emulator.callLog().actions());
    }

    @Test
    public void aRegionsCopyDeletedIsRepairedByATaggedCopyWithoutPacker() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo provisioning", ",\n\"ami_regions\": [\"" + WEST + "\"]");
        BakeResult baked = fx.bakery().bake(request());
        String lostCopy = baked.amiIdsByRegion().get(WEST);
        deleteByHand(WEST, lostCopy);

        fx.emulator.callLog().clear();
        fx.log.clear();
        BakeResult repaired = fx.bakery().bake(request());
        assertEquals(BakeOutcome.REUSED, repaired.outcome());
        assertEquals(baked.amiId(), repaired.amiId());
        String copy = repaired.amiIdsByRegion().get(WEST);
        assertNotNull(copy);
        assertNotEquals(lostCopy, copy);
        assertEquals("Packer did not run", 0, fx.emulator.callLog().count("RunInstances"));
        assertEquals(1, fx.emulator.callLog().count("CopyImage"));
        assertTrue(fx.logText(), fx.logText().contains("Missing in " + WEST));
        assertTrue(fx.logText(), fx.logText().contains("copied to " + WEST + ": " + copy));

        ImageInfo west = fx.emulator.image(WEST, copy).orElseThrow();
        assertEquals("available", west.state());
        Map<String, String> expected = Map.of(BakeRequest.DEFAULT_TAG_KEY, baked.checksum(), "ami_family",
                "ami/packer.json", BakeRequest.DEFAULT_SOURCE_TAG_KEY, Ec2Emulator.BASE_IMAGE_ID);
        assertTrue(west.ownerTags().toString(), west.ownerTags().entrySet().containsAll(expected.entrySet()));
        assertEquals("the template's tags come with the copy", "app", west.ownerTags().get("Name"));
        for (String snapshot : west.snapshotIds()) {
            assertTrue(fx.emulator.snapshot(WEST, snapshot).orElseThrow().ownerTags().entrySet()
                    .containsAll(expected.entrySet()));
        }
        assertTrue(amiIdFile(), amiIdFile().contains("\"" + WEST + "\": \"" + copy + "\""));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());

        fx.emulator.callLog().clear();
        assertEquals("the repaired copy is reused", repaired.amiIdsByRegion(),
                fx.bakery().bake(request()).amiIdsByRegion());
        assertEquals(0, fx.emulator.callLog().count("CopyImage"));
    }

    @Test
    public void withRepairOffAMissingRegionIsABake() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo provisioning", ",\n\"ami_regions\": [\"" + WEST + "\"]");
        BakeResult baked = fx.bakery().bake(request());
        deleteByHand(WEST, baked.amiIdsByRegion().get(WEST));

        fx.emulator.callLog().clear();
        BakeResult rebaked = fx.bakery().bake(fx.request("ami/packer.json").repairRegions(false).build());
        assertEquals(BakeOutcome.BAKED, rebaked.outcome());
        assertNotEquals(baked.amiId(), rebaked.amiId());
        assertEquals(1, fx.emulator.callLog().count("RunInstances"));
        assertTrue(fx.logText(), fx.logText().contains("repairRegions is off: the bake runs Packer"));
    }

    /** encrypt_boot and region_kms_key_ids: the repair's copy is encrypted with the region's key, as Packer's was. */
    @Test
    public void aCopyIsEncryptedAsTheTemplateAsksOrTheBakeRunsPacker() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo provisioning", ",\n\"ami_regions\": [\"" + WEST + "\"],"
                + " \"encrypt_boot\": true, \"region_kms_key_ids\": {\"" + WEST + "\": \"alias/west-key\"}");
        BakeResult baked = fx.bakery().bake(filesOnly());
        SnapshotInfo packers = fx.emulator.snapshot(WEST, fx.emulator.image(WEST, baked.amiIdsByRegion().get(WEST))
                .orElseThrow().snapshotIds().get(0)).orElseThrow();
        assertEquals("Packer's own copy", "alias/west-key", packers.kmsKeyId());
        deleteByHand(WEST, baked.amiIdsByRegion().get(WEST));

        BakeResult repaired = fx.bakery().bake(filesOnly());
        assertEquals(BakeOutcome.REUSED, repaired.outcome());
        SnapshotInfo copied = fx.emulator.snapshot(WEST, fx.emulator.image(WEST, repaired.amiIdsByRegion().get(WEST))
                .orElseThrow().snapshotIds().get(0)).orElseThrow();
        assertTrue(copied.encrypted());
        assertEquals("alias/west-key", copied.kmsKeyId());
        assertEquals(1, fx.emulator.callLog().calls("CopyImage").stream()
                .filter(c -> "true".equals(c.param("Encrypted")) && "alias/west-key".equals(c.param("KmsKeyId")))
                .filter(c -> c.region().equals(WEST) && baked.amiId().equals(c.param("SourceImageId"))).count());

        // a key that only Packer can tell: no copy, Packer encrypts its own (the template is no definition file here)
        java.nio.file.Path template = fx.workspace.resolve("ami/packer.json");
        Files.writeString(template, Files.readString(template).replace("\"alias/west-key\"", "\"{{timestamp}}\""));
        deleteByHand(WEST, repaired.amiIdsByRegion().get(WEST));
        fx.log.clear();
        BakeResult refused = fx.bakery().bake(fx.request("ami/packer.json").dirs(List.of("ami/files")).dryRun(true).build());
        assertEquals(BakeOutcome.WOULD_BAKE, refused.outcome());
        assertTrue(fx.logText(), fx.logText().contains("Cannot repair by copying: the copies' encryption (encrypt_boot,"
                + " region_kms_key_ids) cannot be told before Packer runs: region_kms_key_ids." + WEST
                + " of amazon-ebs: `{{timestamp}}` (a Packer template function): the bake runs Packer to make the AMI"
                + " in every region"));
    }

    /** A stop while the copies are pending removes them: nothing is left behind, no .ami_id.json is written. */
    @Test
    public void aStopDuringTheRepairRemovesTheCopies() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo provisioning", ",\n\"ami_regions\": [\"" + WEST + "\"]");
        BakeResult baked = fx.bakery().bake(request());
        deleteByHand(WEST, baked.amiIdsByRegion().get(WEST));
        Files.delete(fx.workspace.resolve(".ami_id.json"));
        fx.emulator.delays(Delays.uniform(Duration.ofMillis(200)).withImageCopy(Duration.ofMinutes(10)));

        fx.emulator.callLog().clear();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread bake = new Thread(() -> {
            try {
                fx.bakery().bake(request());
                outcome.set(new AssertionError("the repair finished although it was stopped"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        bake.start();
        Await.until("the repair copies (or the bake ends)", () -> fx.emulator.callLog().count("CopyImage") > 0
                || !bake.isAlive(), fx::logText);
        assertEquals("the repair never copied:\n" + fx.logText(), 1, fx.emulator.callLog().count("CopyImage"));
        bake.interrupt();
        Await.ended(bake);
        assertTrue(String.valueOf(outcome.get()), outcome.get() instanceof InterruptedException);
        String copy = fx.emulator.callLog().calls("CopyImage").get(0).param("SourceImageId");
        assertEquals(baked.amiId(), copy);
        assertEquals("only the build region's AMI is left", List.of(),
                fx.emulator.images(WEST).stream().filter(i -> !i.imageId().equals(Ec2Emulator.BASE_IMAGE_ID)).toList());
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertTrue(outcome.get().getMessage(), outcome.get().getMessage().startsWith("Cleanup after the stopped build:"
                + " removed AMI "));
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));
    }

    /** A copy that ends failed fails the repair, and is removed: the next run copies again. */
    @Test
    public void aCopyThatFailsFailsTheRepairAndIsRemoved() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo provisioning", ",\n\"ami_regions\": [\"" + WEST + "\"]");
        BakeResult baked = fx.bakery().bake(request());
        deleteByHand(WEST, baked.amiIdsByRegion().get(WEST));
        fx.emulator.failNewImages(true);
        BakeException failed = org.junit.Assert.assertThrows(BakeException.class, () -> fx.bakery().bake(request()));
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("^The copy (ami-[0-9a-f]+) ")
                .matcher(failed.getMessage());
        assertTrue(failed.getMessage(), named.find());
        String copy = named.group(1);
        assertTrue(fx.emulator.image(WEST, copy).isEmpty());
        io.jenkins.plugins.bakeami.TroubleshootingTable.assertDocumented("a copy to a region that ends `failed`",
                failed.getMessage());
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());

        fx.emulator.failNewImages(false);
        assertEquals(BakeOutcome.REUSED, fx.bakery().bake(request()).outcome());
    }

    /** EC2 refuses the copy (here: an image of the same name is in the region already): the message says so. */
    @Test
    public void aCopyThatEc2RefusesNamesTheRefusal() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo provisioning", ",\n\"ami_regions\": [\"" + WEST + "\"]");
        BakeResult baked = fx.bakery().bake(request());
        String name = fx.emulator.image(REGION, baked.amiId()).orElseThrow().name();
        deleteByHand(WEST, baked.amiIdsByRegion().get(WEST));
        fx.emulator.seedImage(io.jenkins.plugins.bakeami.tools.ec2.ImageSeed.named(name).region(WEST)
                .owner(BakeFixture.ACCOUNT));
        BakeException refused = org.junit.Assert.assertThrows(BakeException.class, () -> fx.bakery().bake(request()));
        io.jenkins.plugins.bakeami.TroubleshootingTable.assertDocumented("a copy to a region that EC2 refuses (here:"
                + " an image of the same name is there)", refused.getMessage());
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));
    }
}
