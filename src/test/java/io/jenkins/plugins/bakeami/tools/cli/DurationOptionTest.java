package io.jenkins.plugins.bakeami.tools.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import org.junit.Test;

public class DurationOptionTest {
    @Test
    public void simpleSuffixesAndIso8601() {
        assertEquals(Duration.ofMinutes(30), DurationOption.parse("30m", "--timeout"));
        assertEquals(Duration.ofSeconds(90), DurationOption.parse("90s", "--timeout"));
        assertEquals(Duration.ofMinutes(90), DurationOption.parse("1h30m", "--timeout"));
        assertEquals(Duration.ofMillis(500), DurationOption.parse("500ms", "--timeout"));
        assertEquals(Duration.ofDays(2), DurationOption.parse("2d", "--timeout"));
        assertEquals(Duration.ofMinutes(45), DurationOption.parse("PT45M", "--timeout"));
        assertEquals(Duration.ofMinutes(45), DurationOption.parse("pt45m", "--timeout"));
        assertNull(DurationOption.parse(null, "--timeout"));
    }

    @Test
    public void refusalsNameTheOptionAndTheValue() {
        for (String bad : new String[] {"30", "m", "1.5h", "-5m", "0s", "PT0S", "30 m", "99999999999999999999d"}) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class,
                    () -> DurationOption.parse(bad, "--grace-period"));
            assertTrue(e.getMessage(), e.getMessage().startsWith("--grace-period '" + bad + "'"));
        }
    }

    @Test
    public void zeroWhereZeroIsAllowed() {
        for (String zero : new String[] {"0", "0s", "0d", "PT0S"}) {
            assertEquals(zero, Duration.ZERO, DurationOption.parseNonNegative(zero, "--min-age"));
        }
        assertEquals(Duration.ofDays(7), DurationOption.parseNonNegative("7d", "--min-age"));
        assertNull(DurationOption.parseNonNegative(null, "--min-age"));
        for (String bad : new String[] {"-1d", "PT-5M", "soon", "7"}) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class,
                    () -> DurationOption.parseNonNegative(bad, "--min-age"));
            assertTrue(e.getMessage(), e.getMessage().startsWith("--min-age '" + bad + "'"));
        }
        assertThrows(IllegalArgumentException.class, () -> DurationOption.parse("0", "--timeout"));
    }

    @Test
    public void formatsForPeople() {
        assertEquals("850 ms", DurationOption.format(Duration.ofMillis(850)));
        assertEquals("4.2 s", DurationOption.format(Duration.ofMillis(4230)));
        assertEquals("2 min 5 s", DurationOption.format(Duration.ofSeconds(125)));
    }
}
