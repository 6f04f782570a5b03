package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.model.ArtifactManager;
import org.junit.Rule;
import org.junit.Test;

/**
 * With {@code debug}, Packer's masked debug log is archived with the build's other files, after a bake and after a
 * failed one (when it is what one wants to read), and the console names it. Real packer, the emulator.
 */
public class BakeAmiDebugArchiveTest {
    @Rule
    public CallableBakeFixture fx = new CallableBakeFixture();

    private final List<Map<String, String>> archived = new CopyOnWriteArrayList<>();

    private Run<?, ?> run() throws Exception {
        Run<?, ?> run = fx.run("job#1");
        ArtifactManager manager = mock(ArtifactManager.class);
        doAnswer(call -> archived.add(Map.copyOf(call.getArgument(3)))).when(manager)
                .archive(any(), any(), any(), any());
        when(run.pickArtifactManager()).thenReturn(manager);
        return run;
    }

    private BakeAmiStep step() {
        BakeAmiStep step = fx.step();
        step.setDebug(true);
        step.setAmiIdFile("out/.ami_id.json");
        return step;
    }

    @Test
    public void theDebugLogIsArchivedWithTheAmiIdFile() throws Exception {
        fx.writeDefinition("echo provisioning", "");
        BakeAmiSummary baked = BakeAmiRunner.bake(step(), run(), new FilePath(fx.workspace.toFile()),
                fx.environmentWithKeys(), null, fx.new Listener());
        assertEquals("out/.bake-ami/packer-debug.log", baked.getDebugLogFile());
        assertEquals(List.of(Map.of("out/.ami_id.json", "out/.ami_id.json", "out/.ami_checksum_listing.txt",
                "out/.ami_checksum_listing.txt", "out/.bake-ami/packer-debug.log", "out/.bake-ami/packer-debug.log")),
                archived);
        assertTrue(fx.logText(), fx.logText().contains("Packer's debug log (PACKER_LOG=1, secrets masked): "
                + fx.path("out/.bake-ami/packer-debug.log")));
        assertTrue(fx.logText(), fx.logText().contains("[bakeAmi] archiving out/.ami_id.json,"
                + " out/.ami_checksum_listing.txt, out/.bake-ami/packer-debug.log"));
        String log = fx.read("out/.bake-ami/packer-debug.log");
        assertTrue(log.contains("# packer build (PACKER_LOG=1; secrets masked)"));
        assertTrue(!log.contains(CallableBakeFixture.SECRET_KEY));
    }

    @Test
    public void aFailedBakesDebugLogIsArchivedAllTheSame() throws Exception {
        fx.writeDefinition("exit 3", "");
        assertThrows(AbortException.class, () -> BakeAmiRunner.bake(step(), run(), new FilePath(fx.workspace.toFile()),
                fx.environmentWithKeys(), null, fx.new Listener()));
        assertEquals(List.of(Map.of("out/.bake-ami/packer-debug.log", "out/.bake-ami/packer-debug.log")), archived);
        assertTrue(Files.exists(fx.path("out/.bake-ami/packer-debug.log")));
    }
}
