package io.jenkins.plugins.bakeami.engine.bake;

import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.REGION;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.tools.ec2.ImageInfo;
import java.nio.file.Files;
import org.junit.Rule;
import org.junit.Test;

/** The {@code ami_family} tag each bake puts on the AMI and its snapshots, with the real packer. */
public class BakeFamilyTest {
    @Rule
    public BakeFixture fx = new BakeFixture();

    @Test
    public void aFamilyTheUserSetsTagsTheAmiAndItsSnapshotsBesideTheChecksum() throws Exception {
        RequiredTools.requirePacker();
        fx.writeJsonDefinition("echo provisioning", "");

        BakeResult baked = fx.bakery().bake(fx.request("ami/packer.json").family(" web servers ").build());

        ImageInfo image = fx.emulator.image(REGION, baked.amiId()).orElseThrow();
        assertEquals("web servers", image.ownerTags().get("ami_family"));
        assertEquals(baked.checksum(), image.ownerTags().get("ami_config_checksum"));
        assertFalse(image.snapshotIds().isEmpty());
        for (String snapshot : image.snapshotIds()) {
            assertEquals("web servers", fx.emulator.snapshot(REGION, snapshot).orElseThrow().ownerTags()
                    .get("ami_family"));
        }
        assertTrue(fx.logText(), fx.logText().contains("Tagged " + baked.amiId() + " and its snapshots in " + REGION
                + " with ami_config_checksum=" + baked.checksum() + ", ami_family=web servers"));
    }

    @Test
    public void aFamilyThatCannotBeATagValueFailsBeforeAnythingRuns() throws Exception {
        fx.writeJsonDefinition("echo provisioning", "");

        BakeException e = assertThrows(BakeException.class,
                () -> fx.bakery().bake(fx.request("ami/packer.json").family("aws:reserved").build()));

        assertTrue(e.getMessage(), e.getMessage().startsWith("Invalid family 'aws:reserved'"));
        assertTrue(fx.emulator.callLog().calls().isEmpty());
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));
    }

    @Test
    public void theFamilysTagKeyCannotHoldTheChecksum() throws Exception {
        fx.writeJsonDefinition("echo provisioning", "");

        BakeException e = assertThrows(BakeException.class,
                () -> fx.bakery().bake(fx.request("ami/packer.json").tagKey("ami_family").build()));

        assertTrue(e.getMessage(), e.getMessage().contains("Tag key ami_family holds the family"));
        assertTrue(fx.emulator.callLog().calls().isEmpty());
    }
}
