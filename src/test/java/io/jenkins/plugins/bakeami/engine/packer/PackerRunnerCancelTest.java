package io.jenkins.plugins.bakeami.engine.packer;

import static io.jenkins.plugins.bakeami.engine.packer.PackerTestSupport.fakeExecutable;
import static io.jenkins.plugins.bakeami.engine.packer.PackerTestSupport.fakePacker;
import static io.jenkins.plugins.bakeami.engine.packer.PackerTestSupport.realPacker;
import static io.jenkins.plugins.bakeami.engine.packer.PackerTestSupport.write;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.hasItem;
import static org.hamcrest.CoreMatchers.instanceOf;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.packer.PackerTestSupport.Lines;
import io.jenkins.plugins.bakeami.testsupport.AdjustableClock;
import io.jenkins.plugins.bakeami.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Stopping a run: interrupt, cancel and timeout with the real packer (which exits on SIGTERM, leaving its
 * shell-local children behind), and a fake packer that ignores SIGTERM.
 */
public class PackerRunnerCancelTest {

    private static final Pattern CHILD = Pattern.compile("child=(\\d+)");
    /**
     * An unusual duration, so a leaked foreground sleep of the provisioner can be recognised; with this JVM's pid in
     * it, so that the same test run at the same time on the same machine (another checkout's build) is not taken
     * for a leak of this one.
     */
    private static final String FOREGROUND_SLEEP = String.format(java.util.Locale.ROOT, "121.%06d",
            ProcessHandle.current().pid() % 1_000_000);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path dir;
    /** The background child the provisioner or fake started; killed at the end in case a test failed. */
    private final AtomicLong childPid = new AtomicLong(-1);
    /** The runner's clock in the timeout cases: {@link #timeIsUp()} puts it past any timeout. */
    private final AdjustableClock clock = new AdjustableClock();

    @Before
    public void setUp() throws Exception {
        dir = tmp.newFolder("ami").toPath();
    }

    @After
    public void killLeftovers() {
        ProcessHandle.of(childPid.get()).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** A null build whose provisioner starts a background {@code sleep 300}, says its pid, then sleeps. */
    private PackerTemplate sleepingBuild() throws Exception {
        return PackerTemplate.load(write(dir, "packer.json", "{\"builders\": [{\"type\": \"null\", \"communicator\":"
                + " \"none\"}], \"provisioners\": [{\"type\": \"shell-local\", \"inline\": [\"echo started\","
                + " \"sleep 300 &\", \"echo child=$!\", \"sleep " + FOREGROUND_SLEEP + "\", \"echo not reached\"]}]}"));
    }

    /** A fake packer that ignores SIGTERM (and so does its child) while "building". */
    private PackerExecutable stubbornPacker() throws Exception {
        return fakeExecutable(fakePacker(tmp.newFolder("bin").toPath(), "Packer v1.6.6",
                "trap '' TERM\n"
                        + "echo '1700000000,,ui,say,==> amazon-ebs: Creating temporary keypair: packer_abc'\n"
                        + "echo '1700000000,,ui,message,    amazon-ebs: Instance ID: i-0123abcd'\n"
                        + "sleep 300 &\n"
                        + "echo \"1700000000,,ui,message,    amazon-ebs: child=$!\"\n"
                        + "wait"));
    }

    /** A runner whose timeout is reached when the test says so ({@link #timeIsUp()}), not by the clock. */
    private PackerRunner runner(PackerExecutable packer) {
        return new PackerRunner(packer, clock);
    }

    private void timeIsUp() {
        clock.advance(Duration.ofDays(1));
    }

    /** Runs the build on its own thread, as Jenkins runs a step; returns what it threw. */
    private Throwable runBuild(PackerRunner runner, PackerInvocation invocation, Lines log,
                               Cancellation cancellation, AtomicReference<Thread> thread) throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> interruptFlagAfter = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                runner.build(invocation, log, cancellation);
            } catch (Throwable e) {
                thrown.set(e);
            }
            interruptFlagAfter.set(Thread.currentThread().isInterrupted());
        }, "bake");
        thread.set(t);
        t.start();
        Await.ended(t);
        // thrown InterruptedException means the flag is cleared, so the caller can still clean up through EC2
        assertEquals(Boolean.FALSE, interruptFlagAfter.get());
        assertNotNull("the build did not fail", thrown.get());
        return thrown.get();
    }

    private Lines onChild(Runnable action) {
        return new Lines(line -> {
            Matcher m = CHILD.matcher(line);
            if (m.find()) {
                childPid.set(Long.parseLong(m.group(1)));
                action.run();
            }
        });
    }

    /** Whether the process runs: a killed process that its parent has not reaped yet (a zombie) does not. */
    private static boolean alive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return false; // gone meanwhile
        }
    }

    private void assertTreeGone(CancellationReport report) {
        assertTrue("child pid seen", childPid.get() > 0);
        assertFalse("background child still running", alive(childPid.get()));
        assertFalse("packer still running", alive(report.pid()));
        assertTrue(report.killedDescendants().toString(),
                report.killedDescendants().stream().anyMatch(p -> p.pid() == childPid.get()));
        assertEquals(List.of(), report.survivors());
        List<String> leaked = ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().orElse("").contains("sleep " + FOREGROUND_SLEEP))
                .filter(h -> alive(h.pid()))
                .map(h -> h.pid() + " " + h.info().commandLine().orElse("")).toList();
        assertEquals(List.of(), leaked);
    }

    @Test
    public void interruptLetsPackerExitThenKillsItsLeftoverChildren() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        Lines log = onChild(() -> thread.get().interrupt());
        PackerInvocation invocation = PackerInvocation.builder(sleepingBuild()).gracePeriod(Duration.ofSeconds(60))
                .requireAmiArtifact(false).build();

        Throwable thrown = runBuild(new PackerRunner(realPacker()), invocation, log, new Cancellation(), thread);

        assertThat(thrown, instanceOf(PackerInterruptedException.class));
        CancellationReport report = ((PackerInterruptedException) thrown).report();
        assertEquals(CancellationReport.Reason.INTERRUPTED, report.reason());
        assertEquals("packer build", report.action());
        assertTrue(report.started());
        assertTrue("packer 1.6.6 exits on SIGTERM", report.exitedAfterTerm());
        assertFalse(report.killed());
        assertFalse(report.interruptedAgain());
        assertTreeGone(report);
        assertThat(report.summary(), containsString("packer build of " + invocation.template().path()
                + " was interrupted: packer (pid " + report.pid() + ") exited "));
        assertThat(report.summary(), containsString("after SIGTERM, having run its cleanup. Killed leftover"
                + " processes: "));
        assertThat(report.summary(), containsString(childPid.get() + " ("));
        assertThat(report.summary(), containsString("sleep 300)"));
        // packer itself (its wrapper and the real packer under it) ran its cleanup and was not killed
        assertThat(log.all(), hasItem("Cancelling build after receiving terminated"));
        assertThat(log.all(), hasItem("Cleanly cancelled builds after being interrupted."));
        for (KilledProcess killed : report.killedDescendants()) {
            assertThat(killed.command(), not(containsString("packer build")));
        }
        assertThat(log.all(), hasItem(report.summary()));
        assertThat(log.text(), containsString("Stopping packer (pid " + report.pid() + "): sent SIGTERM, waiting up"
                + " to 60 s"));
    }

    @Test
    public void cancelWorksTheSameWay() throws Exception {
        Cancellation cancellation = new Cancellation();
        Lines log = onChild(cancellation::cancel);
        PackerInvocation invocation = PackerInvocation.builder(sleepingBuild()).gracePeriod(Duration.ofSeconds(60))
                .requireAmiArtifact(false).build();

        Throwable thrown = runBuild(new PackerRunner(realPacker()), invocation, log, cancellation,
                new AtomicReference<>());

        assertThat(thrown, instanceOf(PackerCancelledException.class));
        CancellationReport report = ((PackerCancelledException) thrown).report();
        assertEquals(CancellationReport.Reason.CANCELLED, report.reason());
        assertTrue(report.exitedAfterTerm());
        assertTreeGone(report);
        assertEquals(report.summary(), thrown.getMessage());
        assertThat(thrown.getMessage(), containsString(" was cancelled: packer (pid "));
    }

    /** The timeout is reached once the provisioner's child runs: the runner's clock jumps past it then. */
    @Test
    public void timeoutWorksTheSameWay() throws Exception {
        Lines log = onChild(this::timeIsUp);
        PackerInvocation invocation = PackerInvocation.builder(sleepingBuild()).timeout(Duration.ofHours(1))
                .gracePeriod(Duration.ofSeconds(60)).requireAmiArtifact(false).build();

        Throwable thrown = runBuild(runner(realPacker()), invocation, log, new Cancellation(),
                new AtomicReference<>());

        assertThat(thrown, instanceOf(PackerCancelledException.class));
        CancellationReport report = ((PackerCancelledException) thrown).report();
        assertEquals(CancellationReport.Reason.TIMED_OUT, report.reason());
        assertEquals("packer build", report.action());
        assertTrue(report.exitedAfterTerm());
        assertTreeGone(report);
        assertThat(thrown.getMessage(), containsString(" timed out: packer (pid "));
    }

    @Test
    public void packerIgnoringSigtermIsKilledAfterTheGracePeriod() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        Lines log = onChild(() -> thread.get().interrupt());
        PackerInvocation invocation = PackerInvocation.builder(sleepingBuild()).gracePeriod(Duration.ofSeconds(1))
                .build();

        Throwable thrown = runBuild(new PackerRunner(stubbornPacker()), invocation, log, new Cancellation(), thread);

        assertThat(thrown, instanceOf(PackerInterruptedException.class));
        CancellationReport report = ((PackerInterruptedException) thrown).report();
        assertFalse(report.exitedAfterTerm());
        assertTrue(report.killed());
        assertFalse(report.interruptedAgain());
        assertTreeGone(report);
        assertEquals(List.of("i-0123abcd"), report.resources().instanceIds());
        assertEquals(List.of("packer_abc"), report.resources().keyPairNames());
        assertThat(report.summary(), containsString("did not exit within the grace period of 1 s after SIGTERM and"
                + " was killed."));
        assertThat(report.summary(), containsString("Possibly left behind (Packer's cleanup did not finish):"
                + " instance i-0123abcd, key pair packer_abc."));
        assertThat(log.text(), containsString("did not exit within 1 s after SIGTERM: killing it"));
    }

    @Test
    public void secondInterruptKillsAtOnce() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        Lines log = new Lines(line -> {
            Matcher m = CHILD.matcher(line);
            if (m.find()) {
                childPid.set(Long.parseLong(m.group(1)));
                thread.get().interrupt();
            } else if (line.startsWith("Stopping packer")) {
                thread.get().interrupt(); // the user aborts again while packer "cleans up"
            }
        });
        PackerInvocation invocation = PackerInvocation.builder(sleepingBuild()).gracePeriod(Duration.ofMinutes(10))
                .build();

        Throwable thrown = runBuild(new PackerRunner(stubbornPacker()), invocation, log, new Cancellation(), thread);

        CancellationReport report = ((PackerInterruptedException) thrown).report();
        assertTrue(report.interruptedAgain());
        assertTrue(report.killed());
        assertFalse(report.exitedAfterTerm());
        assertTreeGone(report);
        assertThat(report.summary(), containsString("was interrupted: interrupted again after "));
        assertThat(log.text(), containsString("Interrupted again: killing packer (pid " + report.pid() + ") now"));
    }

    @Test
    public void timeoutWhilePackerIgnoresSigtermIsStillACancellation() throws Exception {
        PackerInvocation invocation = PackerInvocation.builder(sleepingBuild()).timeout(Duration.ofHours(1))
                .gracePeriod(Duration.ofSeconds(1)).build();
        Throwable thrown = runBuild(runner(stubbornPacker()), invocation, onChild(this::timeIsUp),
                new Cancellation(), new AtomicReference<>());
        CancellationReport report = ((PackerCancelledException) thrown).report();
        assertEquals(CancellationReport.Reason.TIMED_OUT, report.reason());
        assertTrue(report.killed());
        assertTreeGone(report);
    }

    @Test
    public void cancelledBeforeStartStartsNothing() throws Exception {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        Lines log = new Lines();
        Throwable thrown = runBuild(new PackerRunner(realPacker()), PackerInvocation.builder(sleepingBuild()).build(),
                log, cancellation, new AtomicReference<>());
        CancellationReport report = ((PackerCancelledException) thrown).report();
        assertFalse(report.started());
        assertEquals("packer validate", report.action());
        assertEquals("packer validate of " + report.template() + " was cancelled before packer was started.",
                report.summary());
        assertEquals(List.of(), log.all());
    }
}
