package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.testsupport.Await;
import static io.jenkins.plugins.bakeami.tools.cli.CliFixture.REGION;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.jenkins.plugins.bakeami.engine.lifecycle.BakeJournal;
import io.jenkins.plugins.bakeami.engine.lifecycle.JournalEntry;
import io.jenkins.plugins.bakeami.engine.packer.PackerResources;
import io.jenkins.plugins.bakeami.tools.demo.SampleDefinition;
import io.jenkins.plugins.bakeami.tools.ec2.LeakReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * {@code kill -9} of a {@code bake-ami bake} process and of its Packer while the provisioner runs (the provisioner
 * says it started through a file, and waits): the instance, security group and key pair stay in EC2, recorded in the
 * journal of the machine's bakes. The next bake removes them; so does {@code sweep --delete}, which leaves alone the
 * resources of a bake whose Packer still runs, and that bake then finishes normally. Real Packer, the emulator.
 */
public class KilledBakeSweepTest {
    @Rule
    public CliFixture fx = new CliFixture();

    private final List<CliProcess> bakes = new ArrayList<>();
    private final List<ProcessHandle> killLater = new ArrayList<>();
    private Map<String, String> env;
    private BakeJournal journal;

    @Before
    public void environment() {
        RequiredTools.requirePacker();
        env = new HashMap<>(fx.environment());
        env.put("AWS_REGION", REGION);
        env.put("AWS_ENDPOINT_URL_EC2", fx.endpoint());
        // the killed CLI's files for Packer stay in the test's folder, not in /tmp
        env.put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + fx.workspace.getParent());
        journal = BakeJournal.of(env);
    }

    @After
    public void killWhatIsLeft() {
        for (CliProcess bake : bakes) {
            killLater.add(bake.process.toHandle());
        }
        for (ProcessHandle handle : killLater) {
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
        }
    }

    @Test
    public void theNextBakeRemovesWhatAKilledBakeLeft() throws Exception {
        Path definition = definition("killed");
        JournalEntry killed = killWhileProvisioning(definition);
        assertLeft(killed, fx.emulator.leakReport());

        Files.createFile(definition.resolve("go"));
        CliFixture.Run next = fx.run(env, "bake", "--work-dir", definition.toString(), "--template",
                SampleDefinition.TEMPLATE);

        assertEquals(next.toString(), ExitCodes.OK, next.exitCode);
        String instance = killed.leftovers().resources().instanceIds().get(0);
        assertTrue(next.err, next.err.contains("Bake " + killed.bakeId() + " (packer pid " + killed.packerPid()));
        assertTrue(next.err, next.err.contains("Sweep of us-east-1: removed instance " + instance + ", key pair "
                + killed.leftovers().resources().keyPairNames().get(0)));
        assertTrue(next.err, next.err.contains("removed security group "
                + killed.leftovers().resources().securityGroupNames().get(0)));
        assertEquals(List.of(instance, "the next bake's own instance"), terminated(instance));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertEquals("the journal is empty: the killed bake's entry was swept, the next bake's cleared",
                List.of(), journal.read().entries());
    }

    @Test
    public void sweepRemovesWhatAKilledBakeLeftAndLeavesARunningBakeAlone() throws Exception {
        // the running bake starts first: a bake started after the kill would sweep the killed one's resources itself
        Path runningDefinition = definition("running");
        CliProcess running = startBake(runningDefinition);
        JournalEntry live = awaitEntry(running, runningDefinition);
        JournalEntry killed = killWhileProvisioning(definition("killed"));

        CliFixture.Run listed = fx.run(env, "sweep");
        assertEquals(listed.toString(), ExitCodes.OK, listed.exitCode);
        assertTrue(listed.out, listed.out.contains("): 1 of 2 to sweep"));
        assertTrue(listed.out, listed.out.lines().anyMatch(l -> l.startsWith(killed.bakeId() + " ")
                && l.endsWith("remove")));
        assertTrue(listed.out, listed.out.lines().anyMatch(l -> l.startsWith(live.bakeId() + " ")
                && l.endsWith("keep: its packer still runs (pid " + live.packerPid() + ")")));
        assertTrue(listed.out, listed.out.contains("Dry run: nothing removed; run again with --delete to remove the 1"));
        assertEquals("a listing changes nothing", 0, fx.emulator.callLog().count("TerminateInstances"));

        CliFixture.Run swept = fx.run(env, "sweep", "--delete");

        assertEquals(swept.toString(), ExitCodes.OK, swept.exitCode);
        String killedInstance = killed.leftovers().resources().instanceIds().get(0);
        assertTrue(swept.out, swept.out.contains("Sweep of us-east-1: removed instance " + killedInstance));
        assertEquals(List.of(killedInstance), fx.emulator.callLog().calls("TerminateInstances").stream()
                .map(c -> c.param("InstanceId.1")).toList());
        assertLeft(live, fx.emulator.leakReport());
        assertEquals(List.of(live.id()), journal.read().entries().stream().map(JournalEntry::id).toList());

        Files.createFile(runningDefinition.resolve("go"));
        running.assertExitCode(ExitCodes.OK);
        String amiId = running.out().strip().lines().reduce((first, last) -> last).orElse("");
        assertTrue(running.out(), fx.emulator.image(REGION, amiId).isPresent());
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertEquals(List.of(), journal.read().entries());
    }

    /** The sample definition in its own directory, with a provisioner that says it started, then waits for "go". */
    private Path definition(String name) throws IOException {
        Path directory = Files.createDirectories(fx.workspace.resolve(name));
        SampleDefinition.write(directory);
        CliFixture.write(directory.resolve(SampleDefinition.SETUP_SCRIPT), """
                #!/bin/sh
                echo "setup: %1$s started"
                touch '%2$s'
                i=0
                while [ ! -f '%3$s' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
                echo "setup: %1$s goes on"
                """.formatted(name, directory.resolve("started"), directory.resolve("go")));
        return directory;
    }

    private CliProcess startBake(Path definition) throws IOException {
        CliProcess bake = CliProcess.start(fx.workspace.getParent(), definition, env, "bake", "--template",
                SampleDefinition.TEMPLATE);
        bakes.add(bake);
        return bake;
    }

    /** Waits until the bake's provisioner runs and its journal entry names the instance, key pair and group. */
    private JournalEntry awaitEntry(CliProcess bake, Path definition) throws Exception {
        bake.awaitWhileRunning("the provisioner started", () -> Files.exists(definition.resolve("started")));
        JournalEntry[] found = new JournalEntry[1];
        bake.awaitWhileRunning("the journal names the builder's resources", () -> {
            found[0] = entryOf(bake);
            PackerResources r = found[0] == null ? null : found[0].leftovers().resources();
            return r != null && r.instanceIds().size() == 1 && r.keyPairNames().size() == 1
                    && r.securityGroupNames().size() == 1;
        });
        return found[0];
    }

    /** The entry of the bake whose Packer descends from this CLI process. */
    private JournalEntry entryOf(CliProcess bake) {
        Set<Long> descendants = bake.process.toHandle().descendants().map(ProcessHandle::pid)
                .collect(Collectors.toSet());
        try {
            return journal.read().entries().stream().filter(e -> descendants.contains(e.packerPid())).findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** Starts a bake and, while its provisioner runs, kills the CLI and its Packer (and the provisioner) with -9. */
    private JournalEntry killWhileProvisioning(Path definition) throws Exception {
        CliProcess bake = startBake(definition);
        JournalEntry entry = awaitEntry(bake, definition);
        ProcessHandle packer = ProcessHandle.of(entry.packerPid()).orElseThrow();
        List<ProcessHandle> tree = new ArrayList<>(packer.descendants().toList());
        tree.add(packer);
        killLater.addAll(tree);
        bake.process.destroyForcibly(); // SIGKILL: no shutdown hook runs
        tree.forEach(ProcessHandle::destroyForcibly);
        await("the CLI and its packer are gone", () -> !bake.process.isAlive() && tree.stream().noneMatch(
                ProcessHandle::isAlive));
        bakes.remove(bake);
        String text = Files.readString(journal.directory().resolve(entry.id() + ".json"), StandardCharsets.UTF_8);
        assertFalse("the journal holds no secret: " + text, text.contains(CliFixture.SECRET_KEY));
        return entry;
    }

    /** What is left in EC2 is exactly the bake's instance, key pair, security group and the instance's root volume. */
    private static void assertLeft(JournalEntry killed, LeakReport report) {
        PackerResources r = killed.leftovers().resources();
        assertEquals(report.toString(), List.of(r.instanceIds().get(0)),
                report.leaks("instance").stream().map(LeakReport.Leak::id).toList());
        assertEquals(report.toString(), List.of(r.keyPairNames().get(0)),
                report.leaks("key-pair").stream().map(LeakReport.Leak::id).toList());
        assertEquals(report.toString(), List.of(r.securityGroupNames().get(0)),
                report.leaks("security-group").stream().map(LeakReport.Leak::detail).toList());
        assertEquals(report.toString(), 1, report.leaks("volume").size());
    }

    /** The instances terminated, in order; any instance other than {@code first} is named for the message. */
    private List<String> terminated(String first) {
        return fx.emulator.callLog().calls("TerminateInstances").stream().map(c -> c.param("InstanceId.1"))
                .map(id -> id.equals(first) ? id : "the next bake's own instance").toList();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, condition);
    }
}
