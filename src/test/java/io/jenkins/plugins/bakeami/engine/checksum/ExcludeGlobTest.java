package io.jenkins.plugins.bakeami.engine.checksum;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ExcludeGlobTest {
    private static boolean matches(String glob, String path) {
        return ExcludeGlob.compile(glob).matches(path);
    }

    @Test
    public void doubleStarMatchesZeroOrMoreNames() {
        assertTrue(matches("**/*.md", "README.md"));
        assertTrue(matches("**/*.md", "docs/a/b.md"));
        assertFalse(matches("**/*.md", "README.mdx"));
        assertTrue(matches("**/.git/**", ".git"));
        assertTrue(matches("**/.git/**", ".git/config"));
        assertTrue(matches("**/.git/**", "sub/.git/objects/ab"));
        assertFalse(matches("**/.git/**", ".gitignore"));
        assertTrue(matches("a/**/z", "a/z"));
        assertTrue(matches("a/**/z", "a/b/c/z"));
        assertFalse(matches("a/**/z", "ab/z"));
        assertTrue(matches("**", "anything/at/all"));
        assertTrue(matches("build/**", "build"));
        assertTrue(matches("**/**/x", "a/x"));
    }

    @Test
    public void singleStarAndQuestionMarkStayWithinOneName() {
        assertTrue(matches("*.md", "README.md"));
        assertFalse(matches("*.md", "docs/README.md")); // anchored at the definition directory
        assertTrue(matches("scripts/?.sh", "scripts/a.sh"));
        assertFalse(matches("scripts/?.sh", "scripts/ab.sh"));
        assertFalse(matches("a?b", "a/b"));
        assertTrue(matches("/build/", "build"));
    }

    @Test
    public void characterClassesAndEscapes() {
        assertTrue(matches("file[0-9].txt", "file7.txt"));
        assertFalse(matches("file[0-9].txt", "filex.txt"));
        assertTrue(matches("file[!0-9].txt", "filex.txt"));
        assertFalse(matches("file[!0-9].txt", "file7.txt"));
        assertTrue(matches("[]a]", "]"));
        assertTrue(matches("\\*.txt", "*.txt"));
        assertFalse(matches("\\*.txt", "a.txt"));
        assertTrue(matches("a+b(c)$.txt", "a+b(c)$.txt")); // regex characters are literal
        assertTrue(matches("\u65e5*", "\u65e5\u672c"));
    }

    @Test
    public void malformedPatternsAreErrorsNamingThem() {
        assertEquals("exclude pattern 'a[b' has a '[' without its ']'",
                assertThrows(ChecksumInputException.class, () -> ExcludeGlob.compile("a[b")).getMessage());
        assertEquals("exclude pattern '/' is empty",
                assertThrows(ChecksumInputException.class, () -> ExcludeGlob.compile("/")).getMessage());
        assertEquals("exclude pattern 'a**b': '**' must be a whole name (like '**/x' or 'x/**')",
                assertThrows(ChecksumInputException.class, () -> ExcludeGlob.compile("a**b")).getMessage());
        assertEquals("exclude pattern 'a//b' has an empty name between two '/'",
                assertThrows(ChecksumInputException.class, () -> ExcludeGlob.compile("a//b")).getMessage());
        assertEquals("exclude pattern 'x\\' ends with a lone '\\'",
                assertThrows(ChecksumInputException.class, () -> ExcludeGlob.compile("x\\")).getMessage());
    }
}
