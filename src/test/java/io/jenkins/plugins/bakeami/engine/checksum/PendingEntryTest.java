package io.jenkins.plugins.bakeami.engine.checksum;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class PendingEntryTest {
    private static PendingEntry entry(String key) {
        return new PendingEntry(ListingEntry.Kind.FILE, key, new byte[20]);
    }

    @Test
    public void surrogatesAreDetected() {
        assertTrue(entry("/w/ami/caf\u00e9/\u4e2d").surrogateFree);
        assertFalse(entry("/w/\ud83d\ude00").surrogateFree);
        assertFalse(entry("/w/\udcff").surrogateFree); // a byte that is not UTF-8, as Python decodes it
    }

    /** The fast path (String.compareTo) must give exactly the code-point order of CodePointOrder. */
    @Test
    public void sortOrderIsCodePointOrderWithAndWithoutSurrogates() {
        char[] alphabet = {'-', '.', '/', 'a', 'b', '\u00e9', '\ue000', '\uffff', '\ud83d', '\ude00', '\udcff'};
        Random random = new Random(8);
        for (int round = 0; round < 200; round++) {
            List<PendingEntry> entries = new ArrayList<>();
            for (int n = 0; n < 30; n++) {
                StringBuilder key = new StringBuilder("/w/");
                int length = 1 + random.nextInt(4);
                for (int i = 0; i < length; i++) {
                    char c = alphabet[random.nextInt(alphabet.length)];
                    if (c == '\ud83d') {
                        key.append("\ud83d\ude00"); // a whole pair: U+1F600
                    } else if (c != '\ude00' || random.nextBoolean()) {
                        key.append(c);
                    }
                }
                entries.add(entry(key.toString()));
            }
            List<String> expected = new ArrayList<>();
            entries.forEach(e -> expected.add(e.key));
            expected.sort(CodePointOrder.INSTANCE);
            entries.sort(PendingEntry::compareKeys);
            List<String> actual = new ArrayList<>();
            entries.forEach(e -> actual.add(e.key));
            assertEquals(expected, actual);
        }
    }
}
