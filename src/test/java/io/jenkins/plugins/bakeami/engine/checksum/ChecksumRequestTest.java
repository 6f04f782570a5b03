package io.jenkins.plugins.bakeami.engine.checksum;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ChecksumRequestTest {
    private static final Path BASE = Paths.get("/work/space");

    @Test
    public void modesAndPoliciesByName() {
        assertSame(ChecksumMode.AMI_BAKERY, ChecksumMode.fromName("ami-bakery"));
        assertSame(ChecksumMode.STRICT, ChecksumMode.fromName("strict"));
        assertSame(ChecksumMode.AMI_BAKERY, ChecksumMode.DEFAULT);
        assertEquals("unknown checksum mode 'Strict'; valid modes: ami-bakery, strict",
                assertThrows(ChecksumInputException.class, () -> ChecksumMode.fromName("Strict")).getMessage());
        assertSame(SymlinkPolicy.FOLLOW, SymlinkPolicy.fromName("follow"));
        assertEquals("unknown symlink policy 'ignore'; valid policies: record, follow",
                assertThrows(ChecksumInputException.class, () -> SymlinkPolicy.fromName("ignore")).getMessage());
    }

    @Test
    public void buildKeepsWhatWasGiven() {
        ChecksumRequest request = ChecksumRequest.builder(Paths.get("/work/./space/")).mode(ChecksumMode.STRICT)
                .directories(List.of("ami", "/abs")).template("t.json").var("b", "2").var("a", "1").varFile("v.json")
                .extraInput("x").extraFile("e").exclude("**/*.md").threads(3).build();
        assertEquals(BASE, request.getBaseDirectory());
        assertEquals(List.of("ami", "/abs"), request.getDirectories());
        assertEquals(Map.of("a", "1", "b", "2"), request.getVars());
        assertEquals(List.of("b", "a"), List.copyOf(request.getVars().keySet()));
        assertSame(SymlinkPolicy.RECORD, request.getSymlinkPolicy());
        assertEquals(3, request.getThreads());
    }

    @Test
    public void badRequestsAreErrorsNamingTheInput() {
        assertEquals("base directory must be an absolute path: ws",
                assertThrows(ChecksumInputException.class, () -> ChecksumRequest.builder(Paths.get("ws"))).getMessage());
        assertEquals("The list of AMI definition directories [' '] has an empty entry (check for a stray comma or an"
                + " empty setting)", assertThrows(ChecksumInputException.class,
                () -> ChecksumRequest.builder(BASE).directory(" ").build()).getMessage());
        assertEquals("Packer variable 'a' is given twice", assertThrows(ChecksumInputException.class,
                () -> ChecksumRequest.builder(BASE).var("a", "1").var("a", "2")).getMessage());
        assertEquals("exclude pattern 'a[' has a '[' without its ']'", assertThrows(ChecksumInputException.class,
                () -> ChecksumRequest.builder(BASE).mode(ChecksumMode.STRICT).directory("d").exclude("a[").build())
                .getMessage());
        assertEquals("threads must be between 1 and 256, not 0 (hashing is bound by the disk and the cores: the default"
                + " is the number of processors)",
                assertThrows(ChecksumInputException.class, () -> ChecksumRequest.builder(BASE).threads(0)).getMessage());
        // 100000 threads ran out of memory after 49 s; the cap refuses them at once
        assertThrows(ChecksumInputException.class, () -> ChecksumRequest.builder(BASE).threads(100000));
        assertEquals(ChecksumRequest.MAX_THREADS, ChecksumRequest.builder(BASE).directory("d").threads(256).build()
                .getThreads());
    }

    @Test
    public void amiBakeryRefusesStrictOnlyInputs() {
        String message = assertThrows(ChecksumInputException.class,
                () -> ChecksumRequest.builder(BASE).directory("d").template("t.json").build()).getMessage();
        assertEquals("the ami-bakery mode checksums the definition directories only, as the seed does; a template can"
                + " only be covered by the strict mode (--mode strict)", message);
        assertThrows(ChecksumInputException.class, () -> ChecksumRequest.builder(BASE).directory("d").var("a", "1").build());
        assertThrows(ChecksumInputException.class, () -> ChecksumRequest.builder(BASE).directory("d").exclude("*").build());
        assertThrows(ChecksumInputException.class,
                () -> ChecksumRequest.builder(BASE).directory("d").symlinkPolicy(SymlinkPolicy.RECORD).build());
    }

    @Test
    public void definitionDirectoriesParseLikeTheSeedKeepingEmptyEntriesToRefuse() {
        assertEquals(List.of("/a", "/b c", "", "rel", ""), DefinitionDirectories.parse(" /a , /b c,,rel, "));
        assertEquals(List.of("/only"), DefinitionDirectories.parse("/only\n"));
        assertEquals(List.of("", ""), DefinitionDirectories.parse(" , "));
        assertEquals(List.of(""), DefinitionDirectories.parse(""));
        assertEquals(List.of(), DefinitionDirectories.parse(null));
        // options win over the variable; no option and no variable: not set (the template's directory)
        assertEquals(List.of("a", "b", "c"), DefinitionDirectories.parse(List.of("a,b", "c"), "x"));
        assertEquals(List.of("x", "y"), DefinitionDirectories.parse(List.of(), "x,y"));
        assertEquals(List.of(), DefinitionDirectories.parse(List.of(), null));
        for (String explicitlyEmpty : new String[] {"", " , ", ",,", "a,,b", "a,"}) {
            ChecksumInputException e = assertThrows(ChecksumInputException.class,
                    () -> DefinitionDirectories.requireNoEmptyEntry(DefinitionDirectories.parse(explicitlyEmpty)));
            assertTrue(e.getMessage(), e.getMessage().endsWith("has an empty entry (check for a stray comma or an empty"
                    + " setting)"));
        }
    }
}
