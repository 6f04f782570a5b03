package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.REGION;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.checksum.ChecksumCalculator;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumRequest;
import io.jenkins.plugins.bakeami.engine.packer.PackerRun;
import io.jenkins.plugins.bakeami.tools.ec2.Accounts;
import io.jenkins.plugins.bakeami.tools.ec2.CallLog;
import io.jenkins.plugins.bakeami.tools.ec2.ImageInfo;
import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * The base image, with the real packer against the emulator: resolved from {@code source_ami_filter} before the
 * lookup (variables from {@code -var} and var files), recorded on the AMI, compared with what the next run resolves.
 */
public class BakeBaseImageTest {
    private static final String SOURCE_TAG = BakeRequest.DEFAULT_SOURCE_TAG_KEY;
    private static final Instant JANUARY = Instant.parse("2024-01-01T00:00:00Z");

    @Rule
    public BakeFixture fx = new BakeFixture();

    private String january;

    /** Public images of Amazon, as a template's filter finds them: the base, and an image the filter leaves out. */
    @Before
    public void publishBaseImages() {
        january = fx.emulator.seedImage(ImageSeed.named("base-os-2024.01").region(REGION).owner(Accounts.AMAZON)
                .publicImage(true).creationDate(JANUARY));
        fx.emulator.seedImage(ImageSeed.named("other-os-2099.01").region(REGION).owner(Accounts.AMAZON)
                .publicImage(true));
    }

    /** A legacy JSON template whose source_ami_filter takes the OS name from a variable. */
    private void writeJsonTemplate(String extraBuilderFields) throws Exception {
        BakeFixture.write(fx.workspace.resolve("ami/files/motd"), "Welcome to the baked image\n");
        BakeFixture.write(fx.workspace.resolve("ami/packer.json"), """
                {
                  "variables": {"aws_region": "", "config_checksum": "", "ec2_endpoint": "", "os": "no-such-os"},
                  "builders": [{
                    "type": "amazon-ebs",
                    "region": "{{user `aws_region`}}",
                    "source_ami_filter": {
                      "filters": {"name": "{{user `os`}}-*", "virtualization-type": "hvm", "root-device-type": "ebs"},
                      "owners": ["amazon"],
                      "most_recent": true
                    },
                    "instance_type": "t3.micro",
                    "ami_name": "app-{{uuid}}",
                    "communicator": "none",
                    "custom_endpoint_ec2": "{{user `ec2_endpoint`}}",
                    "skip_credential_validation": true,
                    "skip_region_validation": true,
                    "skip_metadata_api_check": true,
                    "tags": {"Name": "app", "ami_config_checksum": "{{user `config_checksum`}}"}%s
                  }],
                  "provisioners": [{"type": "shell-local", "inline": ["echo provisioning"]}]
                }
                """.formatted(extraBuilderFields));
    }

    /** The same as HCL2: var.os in an interpolation, owners from a list variable. */
    private void writeHclTemplate() throws Exception {
        BakeFixture.write(fx.workspace.resolve("hcl/files/motd"), "HCL2 image\n");
        BakeFixture.write(fx.workspace.resolve("hcl/app.pkr.hcl"), """
                variable "aws_region" { type = string }
                variable "config_checksum" { type = string }
                variable "ec2_endpoint" { type = string }
                variable "os" {
                  type    = string
                  default = "no-such-os"
                }
                variable "owners" {
                  type    = list(string)
                  default = ["amazon"]
                }

                source "amazon-ebs" "app" {
                  region = var.aws_region
                  source_ami_filter {
                    filters = {
                      name                  = "${var.os}-*"
                      "virtualization-type" = "hvm"
                    }
                    owners      = var.owners
                    most_recent = true
                  }
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
                  provisioner "shell-local" {
                    inline = ["echo provisioning hcl"]
                  }
                }
                """);
    }

    private String launchedFrom() {
        List<String> images = new ArrayList<>();
        for (CallLog.Call call : fx.emulator.callLog().calls()) {
            if (call.action().equals("RunInstances")) {
                images.add(call.param("ImageId"));
            }
        }
        assertEquals("one launch: " + images, 1, images.size());
        return images.get(0);
    }

    private void assertSourceTagged(String amiId, String source) {
        ImageInfo image = fx.emulator.image(REGION, amiId).orElseThrow();
        assertEquals(source, image.ownerTags().get(SOURCE_TAG));
        for (String snapshot : image.snapshotIds()) {
            assertEquals(source, fx.emulator.snapshot(REGION, snapshot).orElseThrow().ownerTags().get(SOURCE_TAG));
        }
    }

    private String amiIdFile() throws Exception {
        return Files.readString(fx.workspace.resolve(".ami_id.json"), StandardCharsets.UTF_8);
    }

    @Test
    public void jsonFilterFromAVarFileTheSameBaseReusesTheMovedBaseRebakesWithTheLogLine() throws Exception {
        RequiredTools.requirePacker();
        writeJsonTemplate("");
        BakeFixture.write(fx.workspace.resolve("vars/os.json"), "{\"os\": \"base-os\"}");
        BakeRequest request = fx.request("ami/packer.json").varFiles(List.of("vars/os.json")).build();

        BakeResult first = fx.bakery().bake(request);
        assertEquals(BakeOutcome.BAKED, first.outcome());
        assertEquals("Packer built from the base the bake resolved", january, launchedFrom());
        assertSourceTagged(first.amiId(), january);
        assertEquals(january, first.sourceAmi());
        assertTrue(amiIdFile(), amiIdFile().contains("\"source_ami\": \"" + january + "\""));
        assertTrue(fx.logText(), fx.logText().contains("Base image: " + january + " (base-os-2024.01, "
                + JANUARY + ")"));

        fx.emulator.callLog().clear();
        BakeResult same = fx.bakery().bake(request);
        assertEquals(BakeOutcome.REUSED, same.outcome());
        assertEquals(first.amiId(), same.amiId());
        assertEquals("the filter, then the lookup", List.of("DescribeImages", "DescribeImages"),
                fx.emulator.callLog().actions());

        String february = fx.emulator.publishImage(REGION, Accounts.AMAZON, "base-os-2024.02");
        Instant published = fx.emulator.image(REGION, february).orElseThrow().creationDate();
        fx.emulator.callLog().clear();
        fx.log.clear();
        BakeResult rebaked = fx.bakery().bake(request);
        assertEquals(BakeOutcome.BAKED, rebaked.outcome());
        assertEquals(first.checksum(), rebaked.checksum());
        assertTrue(fx.logText(), fx.logText().contains("base image changed: " + january + " (base-os-2024.01, "
                + JANUARY + ") → " + february + " (base-os-2024.02, " + published + ")"));
        assertEquals(february, launchedFrom());
        assertSourceTagged(rebaked.amiId(), february);
        assertEquals(rebaked.amiId(), fx.bakery().bake(request).amiId());
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }

    @Test
    public void hclFilterFromAVarTheMovedBaseRebakes() throws Exception {
        RequiredTools.requirePacker();
        writeHclTemplate();
        BakeRequest request = fx.request("hcl/app.pkr.hcl").vars(Map.of("os", "base-os")).build();
        BakeResult first = fx.bakery().bake(request);
        assertEquals(BakeOutcome.BAKED, first.outcome());
        assertSourceTagged(first.amiId(), january);
        assertEquals(BakeOutcome.REUSED, fx.bakery().bake(request).outcome());

        String february = fx.emulator.publishImage(REGION, Accounts.AMAZON, "base-os-2024.02");
        fx.emulator.callLog().clear();
        BakeResult rebaked = fx.bakery().bake(request);
        assertEquals(BakeOutcome.BAKED, rebaked.outcome());
        assertEquals(february, launchedFrom());
        assertSourceTagged(rebaked.amiId(), february);
        assertTrue(fx.logText(), fx.logText().contains("base image changed: " + january));
    }

    /** What the ami-bakery image does: packer build with the seed's variables; the template tags the checksum. */
    private String bakeAsTheSeedImage(String checksum) throws Exception {
        Path template = fx.workspace.resolve("ami/packer.json");
        List<String> command = List.of("packer", "build", "-var", "aws_region=" + REGION, "-var",
                "config_checksum=" + checksum, "-var", "ec2_endpoint=" + fx.emulator.endpoint(), "-var", "os=base-os",
                template.getFileName().toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(template.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(fx.workspace.resolveSibling("seed.log").toFile());
        builder.environment().clear();
        builder.environment().putAll(fx.packerEnvironment());
        builder.environment().put("AWS_ACCESS_KEY_ID", BakeFixture.ACCESS_KEY);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", BakeFixture.SECRET_KEY);
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        Process packer = builder.start();
        assertTrue("packer build ends", packer.waitFor(120, TimeUnit.SECONDS));
        assertEquals(Files.readString(fx.workspace.resolveSibling("seed.log")), 0, packer.exitValue());
        List<ImageInfo> ours = fx.emulator.images(REGION).stream()
                .filter(i -> checksum.equals(i.ownerTags().get(BakeRequest.DEFAULT_TAG_KEY))).toList();
        assertEquals(1, ours.size());
        assertNull("the seed records no base", ours.get(0).ownerTags().get(SOURCE_TAG));
        return ours.get(0).imageId();
    }

    @Test
    public void anUntaggedAmiMadeAsTheSeedImageMakesThemIsReusedUnderTrackAndRebakedUnderRequire() throws Exception {
        RequiredTools.requirePacker();
        writeJsonTemplate("");
        String checksum = new ChecksumCalculator().calculate(ChecksumRequest.builder(fx.workspace).directory("ami")
                .build()).getValue();
        String seedAmi = bakeAsTheSeedImage(checksum);

        fx.emulator.callLog().clear();
        BakeResult tracked = fx.bakery().bake(fx.request("ami/packer.json").vars(Map.of("os", "base-os")).build());
        assertEquals(BakeOutcome.REUSED, tracked.outcome());
        assertEquals(seedAmi, tracked.amiId());
        assertNull(tracked.sourceAmi());
        assertEquals(0, fx.emulator.callLog().count("RunInstances"));
        assertTrue(fx.logText(), fx.logText().contains(seedAmi + " carries no " + SOURCE_TAG + " tag"));

        BakeResult required = fx.bakery().bake(fx.request("ami/packer.json").vars(Map.of("os", "base-os"))
                .baseImage(BaseImagePolicy.REQUIRE).build());
        assertEquals(BakeOutcome.BAKED, required.outcome());
        assertTrue(fx.logText(), fx.logText().contains("Not reused: " + seedAmi + " tagged ami_config_checksum="
                + checksum + " carries no " + SOURCE_TAG + " tag"));
        assertSourceTagged(required.amiId(), january);
        assertEquals("the tracked AMI is reused from now on, also under track", required.amiId(),
                fx.bakery().bake(fx.request("ami/packer.json").vars(Map.of("os", "base-os")).build()).amiId());
    }

    @Test
    public void theStrictListingShowsTheBaseAndANewBaseChangesTheChecksum() throws Exception {
        RequiredTools.requirePacker();
        writeJsonTemplate("");
        BakeRequest request = fx.request("ami/packer.json").vars(Map.of("os", "base-os")).checksumMode("strict")
                .listingFile("listing.txt").dryRun(true).build();
        BakeResult before = fx.bakery().bake(request);
        String listing = Files.readString(fx.workspace.resolve("listing.txt"), StandardCharsets.UTF_8);
        assertTrue(listing, listing.contains(" base-image " + REGION + " " + january + "\n"));

        fx.emulator.publishImage(REGION, Accounts.AMAZON, "base-os-2024.02");
        BakeResult after = fx.bakery().bake(request);
        assertFalse(before.checksum().equals(after.checksum()));
        BakeResult ignored = fx.bakery().bake(fx.request("ami/packer.json").vars(Map.of("os", "base-os"))
                .checksumMode("strict").listingFile("ignored.txt").dryRun(true).baseImage(BaseImagePolicy.IGNORE)
                .build());
        assertFalse(Files.readString(fx.workspace.resolve("ignored.txt"), StandardCharsets.UTF_8)
                .contains("base-image"));
        assertFalse(ignored.checksum().equals(after.checksum()));
    }

    @Test
    public void aBaseThatOnlyPackerCanResolveIsNamedThenUntrackedOrRefused() throws Exception {
        RequiredTools.requirePacker();
        writeJsonTemplate("");
        Path template = fx.workspace.resolve("ami/packer.json");
        Files.writeString(template, Files.readString(template).replace("{{user `os`}}-*", "{{isotime `2006`}}-*"));
        BakeResult untracked = fx.bakery().bake(fx.request("ami/packer.json").dryRun(true).build());
        assertEquals(BakeOutcome.WOULD_BAKE, untracked.outcome());
        assertTrue(fx.logText(), fx.logText().contains("Base image not tracked: source_ami_filter.filters.name of"
                + " amazon-ebs: `{{isotime `2006`}}` (a Packer template function) cannot be evaluated without running"
                + " Packer; AMIs are looked up by their checksum alone"));

        fx.emulator.callLog().clear();
        BakeException refused = assertThrows(BakeException.class, () -> fx.bakery().bake(fx.request("ami/packer.json")
                .baseImage(BaseImagePolicy.REQUIRE).build()));
        assertEquals("Cannot resolve the base image (baseImage: require): source_ami_filter.filters.name of"
                + " amazon-ebs: `{{isotime `2006`}}` (a Packer template function) cannot be evaluated without running"
                + " Packer", refused.getMessage());
        io.jenkins.plugins.bakeami.TroubleshootingTable.assertDocumented("`baseImage: require` with a source image"
                + " only Packer can work out", refused.getMessage());
        assertEquals("refused before any EC2 call", List.of(), fx.emulator.callLog().actions());
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));

        BakeException sameKey = assertThrows(BakeException.class, () -> fx.bakery().bake(fx.request("ami/packer.json")
                .sourceTagKey(BakeRequest.DEFAULT_TAG_KEY).build()));
        io.jenkins.plugins.bakeami.TroubleshootingTable.assertDocumented("a source tag key that is the checksum's (or"
                + " `ami_family`)", sameKey.getMessage());
    }

    /** The base moves between the lookup and Packer's start: the AMI records what Packer says it used. */
    @Test
    public void whenPackerFindsAnotherSourceTheAmiRecordsPackersAndTheLogSaysSo() throws Exception {
        RequiredTools.requirePacker();
        writeJsonTemplate("");
        BakeRequest request = fx.request("ami/packer.json").vars(Map.of("os", "base-os")).build();
        Bakery bakery = fx.bakery();
        BakeProbe probe = bakery.probe(request);
        assertEquals(january, probe.baseImage());
        String february = fx.emulator.publishImage(REGION, Accounts.AMAZON, "base-os-2024.02");

        PackerBake packer = new PackerBake(bakery);
        Path directory = Files.createTempDirectory(fx.workspace.getParent(), "packer-");
        PackerRun run = packer.start(request, probe, false, directory).run();
        packer.await(request, probe, run);
        BakeResult baked = packer.finish(request, probe, run);
        assertEquals(february, baked.sourceAmi());
        assertSourceTagged(baked.amiId(), february);
        assertTrue(fx.logText(), fx.logText().contains("Packer found source image " + february + ", not the base image "
                + january + " resolved before it ran: the AMI records " + february));
    }
}
