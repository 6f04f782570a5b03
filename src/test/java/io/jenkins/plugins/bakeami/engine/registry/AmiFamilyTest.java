package io.jenkins.plugins.bakeami.engine.registry;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.bake.Bakery;
import java.nio.file.Path;
import org.junit.Test;

public class AmiFamilyTest {
    private static final Path WORK = Path.of("/ws/job");

    @Test
    public void theDefaultIsTheTemplatesPathRelativeToTheWorkDirectoryWithForwardSlashes() {
        assertEquals("ami/packer/ami.json", AmiFamily.resolve(null, WORK, WORK.resolve("ami/packer/ami.json")));
        assertEquals("ami/packer/ami.json", AmiFamily.resolve("  ", WORK, WORK.resolve("ami/packer/ami.json")));
        assertEquals("outside the work directory: its absolute path", "/other/packer.json",
                AmiFamily.resolve(null, WORK, Path.of("/other/packer.json")));
        assertEquals("as the bake computes it from its request: a relative or an absolute template alike",
                "ami/packer.json", Bakery.family(BakeRequest.builder("/ws/job").template("/ws/job/ami/packer.json")
                        .build()));
        assertEquals("ami/packer.json", Bakery.family(BakeRequest.builder("/ws/job").template("./ami/../ami/packer.json")
                .build()));
    }

    @Test
    public void aFamilyTheUserSetsIsCheckedLikeATagValue() {
        assertEquals("web: prod/eu @2 + x=1", AmiFamily.resolve(" web: prod/eu @2 + x=1 ", WORK, WORK.resolve("t.json")));
        for (String bad : new String[] {"aws:web", "AWS:web", "web#1", "a".repeat(257), "tab\there"}) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class,
                    () -> AmiFamily.resolve(bad, WORK, WORK.resolve("t.json")));
            assertTrue(e.getMessage(), e.getMessage().startsWith("Invalid family '"));
        }
        assertEquals("a".repeat(256), AmiFamily.requireValid("a".repeat(256), "family"));
    }

    @Test
    public void aDefaultTooLongForATagValueAsksForAFamily() {
        Path deep = WORK.resolve("d/".repeat(130) + "packer.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AmiFamily.resolve(null, WORK, deep));
        assertTrue(e.getMessage(), e.getMessage().endsWith("set the family"));
    }
}
