package io.jenkins.plugins.bakeami.tools.ec2;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class JsonTest {
    @Test
    public void writesAndReadsBackWhatTheStateFileHolds() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "quote \" backslash \\ newline \n tab \t ctl \u0001 unicode \u00e9\u4e2d");
        m.put("long", 1735689600000L);
        m.put("int", 8);
        m.put("true", true);
        m.put("null", null);
        m.put("list", Arrays.asList("a", 2L, false, null));
        m.put("empty", Map.of());
        m.put("nested", Map.of("k", List.of()));
        Object back = Json.parse(Json.write(m));
        Map<String, Object> expected = new LinkedHashMap<>(m);
        expected.put("int", 8L);
        assertEquals(expected, back);
    }

    @Test
    public void errorsNameThePosition() {
        for (String bad : List.of("{\"a\": }", "[1, 2", "{\"a\" 1}", "\"open", "tru", "{} x")) {
            try {
                Json.parse(bad);
                fail("must refuse " + bad);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("invalid JSON at character "));
            }
        }
    }
}
