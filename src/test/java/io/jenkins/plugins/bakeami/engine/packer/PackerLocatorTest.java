package io.jenkins.plugins.bakeami.engine.packer;

import static io.jenkins.plugins.bakeami.engine.packer.PackerTestSupport.fakePacker;
import static io.jenkins.plugins.bakeami.engine.packer.PackerTestSupport.realPacker;
import static io.jenkins.plugins.bakeami.engine.packer.PackerTestSupport.write;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PackerLocatorTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void realPackerIsFoundAndItsVersionRead() throws Exception {
        PackerExecutable packer = realPacker();
        assertTrue(packer.path().isAbsolute());
        assertTrue(!packer.version().isOlderThan(PackerLocator.MINIMUM_VERSION));
    }

    @Test
    public void searchesThePathOfTheGivenEnvironmentNotTheJvms() throws Exception {
        Path empty = tmp.newFolder("empty").toPath();
        Path bin = tmp.newFolder("bin").toPath();
        Path fake = fakePacker(bin, "Packer v1.7.2", "exit 0");
        PackerLocator locator = new PackerLocator(Map.of("PATH", empty + ":" + bin), false);
        assertEquals(fake, locator.find(null));
        assertEquals(new PackerExecutable(fake, new PackerVersion(1, 7, 2)), locator.locate(null));
    }

    /** Every bake that may run Packer checks it before its lookup: one JVM asks a given binary once. */
    @Test
    public void theVersionOfABinaryIsAskedOncePerJvmUntilTheBinaryChanges() throws Exception {
        Path bin = tmp.newFolder("bin").toPath();
        Path calls = bin.resolve("calls");
        Path fake = fakePacker(bin, "Packer v1.6.6' >> '" + calls + "' && echo 'Packer v1.6.6", "exit 0");
        PackerLocator locator = new PackerLocator(Map.of("PATH", bin.toString()), false);
        locator.locate(null);
        locator.locate(fake);
        assertEquals(1, java.nio.file.Files.readAllLines(calls).size());
        fakePacker(bin, "Packer v1.10.0' >> '" + calls + "' && echo 'Packer v1.10.0", "exit 0"); // replaced in place
        assertEquals(new PackerVersion(1, 10, 0), locator.locate(null).version());
        assertEquals(2, java.nio.file.Files.readAllLines(calls).size());
    }

    @Test
    public void missingPackerNamesThePathSearchedAndHowToInstall() throws Exception {
        Path empty = tmp.newFolder("empty").toPath();
        try {
            new PackerLocator(Map.of("PATH", empty.toString()), false).locate(null);
            fail();
        } catch (PackerException e) {
            assertThat(e.getMessage(), containsString("packer not found in PATH (" + empty + ")"));
            assertThat(e.getMessage(), containsString("sudo apt-get install packer"));
        }
        try {
            new PackerLocator(Map.of(), false).locate(null);
            fail();
        } catch (PackerException e) {
            assertThat(e.getMessage(), containsString("has no PATH to search"));
            assertThat(e.getMessage(), containsString("sudo apt-get install packer"));
        }
    }

    @Test
    public void configuredPathMustExist() throws Exception {
        Path missing = tmp.getRoot().toPath().resolve("opt/packer");
        try {
            new PackerLocator(Map.of(), true).locate(missing);
            fail();
        } catch (PackerException e) {
            assertThat(e.getMessage(), containsString("The configured packer " + missing + " does not exist"));
            assertThat(e.getMessage(), containsString("sudo apt-get install packer"));
        }
        Path notExecutable = write(tmp.getRoot().toPath(), "packer-plain", "#!/bin/sh\n");
        try {
            new PackerLocator(Map.of(), true).find(notExecutable);
            fail();
        } catch (PackerException e) {
            assertEquals("The configured packer " + notExecutable + " is not executable.", e.getMessage());
        }
    }

    @Test
    public void tooOldVersionIsRefusedWithTheVersionFound() throws Exception {
        Path fake = fakePacker(tmp.getRoot().toPath(), "Packer v1.4.5", "exit 0");
        try {
            new PackerLocator(Map.of(), true).locate(fake);
            fail();
        } catch (PackerException e) {
            assertThat(e.getMessage(), containsString("Packer 1.4.5 at " + fake + " is too old: at least 1.5.0"));
        }
    }

    @Test
    public void somethingElseCalledPackerIsRefused() throws Exception {
        // e.g. cracklib's "packer" on some distributions
        Path fake = fakePacker(tmp.getRoot().toPath(), "usage: packer dictionary", "exit 0");
        try {
            new PackerLocator(Map.of(), true).locate(fake);
            fail();
        } catch (PackerException e) {
            assertThat(e.getMessage(), containsString(fake + " does not look like HashiCorp Packer: `packer version`"
                    + " printed \"usage: packer dictionary\""));
        }
    }

    @Test
    public void versionParsing() {
        assertEquals(Optional.of(new PackerVersion(1, 6, 6)), PackerVersion.find("Packer v1.6.6\n"));
        assertEquals(Optional.of(new PackerVersion(1, 10, 0)),
                PackerVersion.find("Packer v1.10.0\n\nYour version of Packer is out of date!"));
        assertEquals(Optional.empty(), PackerVersion.find("1.6.6"));
        assertTrue(new PackerVersion(1, 4, 9).isOlderThan(new PackerVersion(1, 5, 0)));
        assertTrue(new PackerVersion(1, 10, 0).compareTo(new PackerVersion(1, 9, 9)) > 0);
        assertEquals("1.6.6", new PackerVersion(1, 6, 6).toString());
    }
}
