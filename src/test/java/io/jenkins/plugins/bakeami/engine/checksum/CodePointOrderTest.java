package io.jenkins.plugins.bakeami.engine.checksum;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class CodePointOrderTest {
    private static int sign(String a, String b) {
        return Integer.signum(CodePointOrder.INSTANCE.compare(a, b));
    }

    @Test
    public void theSeedsTrapDashDotSlash() {
        List<String> paths = new ArrayList<>(List.of("/r/a/b", "/r/a.txt", "/r/a-b/x"));
        paths.sort(CodePointOrder.INSTANCE);
        assertEquals(List.of("/r/a-b/x", "/r/a.txt", "/r/a/b"), paths);
    }

    @Test
    public void supplementaryCharactersSortAfterTheWholeBmp() {
        assertEquals(-1, sign("\ue000", "\ud83d\ude00"));
        assertEquals(-1, sign("\uffff", "\ud800\udc00"));
        assertEquals(-1, sign("\ud83d\ude00", "\ud83d\ude01"));
        assertEquals(-1, sign("x\ud83d\ude00", "x\ud83e\udd80"));
    }

    @Test
    public void loneSurrogatesSortByTheirOwnValueAsInPython() {
        // Python: '\udcff' < '\ue000' < '\U0001f600'
        assertEquals(-1, sign("\udcff", "\ue000"));
        assertEquals(-1, sign("\udcff", "\ud83d\ude00"));
        assertEquals(1, sign("\u00e9", "\u00e9".substring(0, 0)));
        assertEquals(0, sign("same", "same"));
        assertEquals(-1, sign("pre", "prefix"));
    }
}
