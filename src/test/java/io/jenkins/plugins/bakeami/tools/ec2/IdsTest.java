package io.jenkins.plugins.bakeami.tools.ec2;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class IdsTest {
    @Test
    public void idsHaveEc2sShape() {
        Ids ids = new Ids(7);
        String ami = ids.next("ami");
        assertTrue(ami, ami.matches("ami-[0-9a-f]{17}"));
        assertTrue(Ids.wellFormed("ami-0123456789abcdef0", "ami"));
        assertTrue(Ids.wellFormed("ami-12345678", "ami"));
        assertFalse(Ids.wellFormed("ami-123", "ami"));
        assertFalse(Ids.wellFormed("snap-0123456789abcdef0", "ami"));
        assertFalse(Ids.wellFormed("ami-0123456789ABCDEF0", "ami"));
    }

    @Test
    public void aContinuedGeneratorNeverRepeatsAnEarlierId() {
        Ids first = new Ids(1);
        List<String> earlier = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            earlier.add(first.next("sg"));
        }
        Ids restarted = new Ids(1);
        assertEquals("the same seed gives the same ids", earlier.get(0), new Ids(1).next("sg"));
        restarted.advanceTo(first.drawn());
        for (int i = 0; i < 50; i++) {
            assertFalse(earlier.contains(restarted.next("sg")));
        }
    }
}
