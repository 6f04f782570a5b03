package io.jenkins.plugins.bakeami.engine.packer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class JsonReaderTest {

    @Test
    public void readsAllValueKindsKeepingKeyOrder() throws Exception {
        Object value = JsonReader.read(" {\"b\": [1, -2.5e3, true, false, null], \"a\": {\"x\": \"y\"}, \"c\": \"\"} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", Arrays.asList(new JsonReader.JsonNumber("1"), new JsonReader.JsonNumber("-2.5e3"),
                true, false, null));
        expected.put("a", Map.of("x", "y"));
        expected.put("c", "");
        assertEquals(expected, value);
        assertEquals(List.of("b", "a", "c"), List.copyOf(((Map<?, ?>) value).keySet()));
    }

    @Test
    public void decodesEscapes() throws Exception {
        assertEquals("q\" b\\ s/ \b\f\n\r\t é 😀 {{user `x`}}",
                JsonReader.read("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 {{user `x`}}\""));
        assertEquals("ünï", JsonReader.read("\"ünï\""));
    }

    @Test
    public void repeatedKeyKeepsTheLastValueLikeGo() throws Exception {
        assertEquals(Map.of("a", new JsonReader.JsonNumber("2")), JsonReader.read("{\"a\": 1, \"a\": 2}"));
    }

    @Test
    public void readsScalarsAtTopLevel() throws Exception {
        assertNull(JsonReader.read("null"));
        assertEquals(new JsonReader.JsonNumber("0"), JsonReader.read("0"));
        assertEquals(List.of(), JsonReader.read("[ ]"));
    }

    @Test
    public void refusesWhatIsNotJson() {
        assertRefused("{\"a\": 1,}", "expected a string as object key at line 1, column 9");
        assertRefused("[1, 2,]", "unexpected character ']', expected a value at line 1, column 7");
        assertRefused("{\"a\": 1}\n// comment", "unexpected text after the JSON value at line 2, column 1");
        assertRefused("{'a': 1}", "expected a string as object key at line 1, column 2");
        assertRefused("{\"a\" 1}", "expected ':' at line 1, column 6");
        assertRefused("{\"a\": 01}", "expected ',' or '}' in object at line 1, column 8");
        assertRefused("[1.]", "invalid number: digit expected after '.' at line 1, column 4");
        assertRefused("[1e]", "invalid number: digit expected in exponent at line 1, column 4");
        assertRefused("[-]", "invalid number at line 1, column 3");
        assertRefused("[tru]", "unexpected character 't', expected a value at line 1, column 2");
        assertRefused("\"a\tb\"", "control character in string (must be escaped) at line 1, column 3");
        assertRefused("\"\\x\"", "invalid escape '\\x' at line 1, column 3");
        assertRefused("\"\\u12G4\"", "invalid \\u escape at line 1, column 4");
        assertRefused("{\n  \"builders\": [\n    {\"type\": \"null\"", "expected ',' or '}' in object at end of input");
        assertRefused("{\"a\": \"open", "unterminated string at line 1, column 7");
        assertRefused("", "unexpected end of input, expected a value at end of input");
    }

    @Test
    public void refusesHostileNesting() {
        assertRefused("[".repeat(600) + "]".repeat(600), "nesting deeper than 512 levels at line 1, column 514");
    }

    private static void assertRefused(String json, String message) {
        try {
            JsonReader.read(json);
            fail("accepted: " + json);
        } catch (JsonReader.JsonSyntaxException e) {
            assertEquals(message, e.getMessage());
        }
    }

    @Test
    public void numbersKeepTheirText() throws Exception {
        Object v = JsonReader.read("[12345678901234567890, 0.1, -0, 1E+2]");
        assertTrue(v instanceof List);
        assertEquals(List.of(new JsonReader.JsonNumber("12345678901234567890"), new JsonReader.JsonNumber("0.1"),
                new JsonReader.JsonNumber("-0"), new JsonReader.JsonNumber("1E+2")), v);
    }
}
