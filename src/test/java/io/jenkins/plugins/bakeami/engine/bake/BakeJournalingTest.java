package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.testsupport.Await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.lifecycle.BakeJournal;
import io.jenkins.plugins.bakeami.engine.lifecycle.JournalEntry;
import io.jenkins.plugins.bakeami.engine.packer.PackerResources;
import io.jenkins.plugins.bakeami.tools.ec2.LeakReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * A bake's journal entry with the real Packer against the emulator: written while Packer runs, with what Packer
 * created and no secret; cleared when the bake ends normally and when it is stopped cleanly; kept when Packer is
 * killed from outside, whose resources the bake's own end then sweeps.
 */
public class BakeJournalingTest {
    private static final String SESSION_TOKEN = "journal-session-token-Vb7q";

    @Rule
    public BakeFixture fx = new BakeFixture();

    private BakeJournal journal;
    private Path started;
    private Path go;
    private final List<ProcessHandle> killLater = new ArrayList<>();

    @Before
    public void definition() throws Exception {
        RequiredTools.requirePacker(); // every case bakes
        journal = BakeJournal.of(fx.packerEnvironment());
        started = fx.workspace.resolveSibling("started");
        go = fx.workspace.resolveSibling("go");
        fx.writeJsonDefinition("touch " + started + " && i=0; while [ ! -f " + go + " ] && [ $i -lt 600 ];"
                + " do sleep 0.1; i=$((i+1)); done; echo provisioned", "");
    }

    @After
    public void killWhatIsLeft() {
        killLater.forEach(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        });
    }

    /** The bake on a thread of its own; what it returned or threw. */
    private final AtomicReference<Object> outcome = new AtomicReference<>();

    private Thread bake() {
        BakeRequest request = fx.request("ami/packer.json").keys(new AwsKeys(BakeFixture.ACCESS_KEY,
                BakeFixture.SECRET_KEY, SESSION_TOKEN)).vars(java.util.Map.of()).build();
        Thread thread = new Thread(() -> {
            try {
                outcome.set(fx.bakery().bake(request));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "bake");
        thread.start();
        return thread;
    }

    /** Waits until the provisioner runs and the entry names the instance, the key pair and the group. */
    private JournalEntry awaitEntry() throws Exception {
        await("the provisioner started", () -> Files.exists(started));
        JournalEntry[] entry = new JournalEntry[1];
        await("the journal names Packer's resources", () -> {
            try {
                List<JournalEntry> entries = journal.read().entries();
                entry[0] = entries.isEmpty() ? null : entries.get(0);
            } catch (Exception e) {
                return false;
            }
            PackerResources r = entry[0] == null ? null : entry[0].leftovers().resources();
            return r != null && !r.instanceIds().isEmpty() && !r.keyPairNames().isEmpty()
                    && !r.securityGroupNames().isEmpty();
        });
        return entry[0];
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, condition);
    }

    private void join(Thread bake) throws InterruptedException {
        bake.join(TimeUnit.SECONDS.toMillis(120));
        assertFalse("the bake did not end", bake.isAlive());
    }

    @Test
    public void theEntryHoldsWhatPackerCreatedAndNoSecretAndANormalEndClearsIt() throws Exception {
        Thread bake = bake();
        JournalEntry entry = awaitEntry();

        LeakReport running = fx.emulator.leakReport();
        assertEquals(running.leaks("instance").stream().map(LeakReport.Leak::id).toList(),
                entry.leftovers().resources().instanceIds());
        assertEquals(running.leaks("key-pair").stream().map(LeakReport.Leak::id).toList(),
                entry.leftovers().resources().keyPairNames());
        assertEquals(running.leaks("security-group").stream().map(LeakReport.Leak::detail).toList(),
                entry.leftovers().resources().securityGroupNames());
        assertEquals(BakeFixture.REGION, entry.region());
        assertEquals(fx.emulator.endpoint().toString(), entry.endpoint());
        assertEquals("access key " + BakeFixture.ACCESS_KEY, entry.access());
        assertEquals(BakeJournal.thisHost(), entry.host());
        assertTrue("the entry names the running Packer", entry.packer().isRunning());
        String text = Files.readString(journal.directory().resolve(entry.id() + ".json"), StandardCharsets.UTF_8);
        for (String secret : List.of(BakeFixture.SECRET_KEY, SESSION_TOKEN)) {
            assertFalse("the journal holds no secret: " + text, text.contains(secret));
        }

        Files.createFile(go);
        join(bake);
        assertTrue(String.valueOf(outcome.get()), outcome.get() instanceof BakeResult);
        assertEquals("a bake that ended normally cleared its entry", List.of(), journal.read().entries());
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }

    @Test
    public void aCleanStopClearsTheEntry() throws Exception {
        Thread bake = bake();
        awaitEntry();

        bake.interrupt(); // as a Jenkins abort or Ctrl-C: Packer gets SIGTERM and cleans up
        join(bake);

        assertTrue(String.valueOf(outcome.get()), outcome.get() instanceof InterruptedException);
        assertEquals("a bake stopped cleanly cleared its entry", List.of(), journal.read().entries());
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }

    /**
     * Packer killed from outside ({@code kill -9}) while the bake follows it: the bake fails, its entry stays (Packer
     * cleaned up nothing), and the bake's own end sweeps what the entry names, as for any dead Packer.
     */
    @Test
    public void packerKilledFromOutsideIsSweptByTheBakesOwnEnd() throws Exception {
        Thread bake = bake();
        JournalEntry entry = awaitEntry();
        ProcessHandle packer = ProcessHandle.of(entry.packerPid()).orElseThrow();
        killLater.add(packer);
        packer.descendants().forEach(ProcessHandle::destroyForcibly);
        packer.destroyForcibly();

        join(bake);

        // the exit status the wrapper sees depends on which of Packer's two processes died first: 137, or even 0
        assertTrue(String.valueOf(outcome.get()), outcome.get() instanceof BakeException);
        String log = fx.logText();
        assertTrue(log, log.contains("Bake " + entry.bakeId() + " (packer pid " + entry.packerPid()));
        assertTrue(log, log.contains("removed instance " + entry.leftovers().resources().instanceIds().get(0)));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertEquals(List.of(), journal.read().entries());
    }
}
