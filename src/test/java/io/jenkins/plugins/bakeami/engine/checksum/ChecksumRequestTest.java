package io.jenkins.plugins.bakeami.engine.checksum;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

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
        assertEquals("a definition directory name is empty", assertThrows(ChecksumInputException.class,
                () -> ChecksumRequest.builder(BASE).directory(" ").build()).getMessage());
        assertEquals("Packer variable 'a' is given twice", assertThrows(ChecksumInputException.class,
                () -> ChecksumRequest.builder(BASE).var("a", "1").var("a", "2")).getMessage());
        assertEquals("exclude pattern 'a[' has a '[' without its ']'", assertThrows(ChecksumInputException.class,
                () -> ChecksumRequest.builder(BASE).mode(ChecksumMode.STRICT).directory("d").exclude("a[").build())
                .getMessage());
        assertEquals("threads must be at least 1, not 0",
                assertThrows(ChecksumInputException.class, () -> ChecksumRequest.builder(BASE).threads(0)).getMessage());
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
    public void definitionDirectoriesParseLikeTheSeed() {
        assertEquals(List.of("/a", "/b c", "rel"), DefinitionDirectories.parse(" /a , /b c,,rel, "));
        assertEquals(List.of("/only"), DefinitionDirectories.parse("/only\n"));
        assertEquals(List.of(), DefinitionDirectories.parse(" , "));
        assertEquals(List.of(), DefinitionDirectories.parse(null));
    }
}
