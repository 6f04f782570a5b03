package io.jenkins.plugins.bakeami.engine.packer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Stops a running Packer the way that lets it clean up: SIGTERM ({@link ProcessHandle#destroy()} on Unix), then
 * up to a grace period for it to exit (Packer terminates its instance and deletes its key pair and security group),
 * then SIGKILL. Packer does not stop the children of a {@code shell-local} provisioner, and once Packer is gone they no
 * longer descend from it, so the process tree is recorded before the SIGTERM and while waiting, and whatever of it
 * is still alive at the end is killed.
 */
final class ProcessTreeStopper {

    /** How often the tree is re-read while Packer cleans up (it may start new children then). */
    private static final long POLL_MILLIS = 100;
    /** How long to wait for a SIGKILLed process to be gone before calling it a survivor. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final long KILL_POLL_MILLIS = 20;
    private static final int KILL_ROUNDS = 5;

    /**
     * What happened.
     *
     * @param exitedAfterTerm   Packer exited within the grace period
     * @param waited            from SIGTERM until Packer exited or was killed
     * @param killed            Packer had to be killed
     * @param interruptedAgain  the calling thread was interrupted while waiting, which means "stop now"
     * @param killedDescendants processes of Packer's tree still alive after it was gone, killed
     * @param survivors         processes still alive even after SIGKILL (should be empty)
     */
    record Outcome(boolean exitedAfterTerm, Duration waited, boolean killed, boolean interruptedAgain,
                   List<KilledProcess> killedDescendants, List<KilledProcess> survivors) {
    }

    private ProcessTreeStopper() {
    }

    /**
     * @param say  where to tell the user what is happening
     * @param mask masks secrets in the command lines reported
     */
    static Outcome stop(Process process, Duration gracePeriod, Consumer<String> say, UnaryOperator<String> mask) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        collect(process, tree);
        long start = System.nanoTime();
        long deadline = start + gracePeriod.toNanos();
        say.accept("Stopping packer (pid " + process.pid() + "): sent SIGTERM, waiting up to "
                + seconds(gracePeriod) + " for it to clean up (a second interrupt kills it at once)");
        // Signal through the ProcessHandle: Process.destroy() also closes our end of Packer's output pipe, and
        // Packer's wrapper process then dies of SIGPIPE at its next write, orphaning the real Packer mid-cleanup.
        ProcessHandle packer = process.toHandle();
        packer.destroy();
        boolean exited = false;
        boolean interruptedAgain = false;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                long wait = Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
                if (process.waitFor(wait, TimeUnit.NANOSECONDS)) {
                    exited = true;
                    break;
                }
            } catch (InterruptedException e) {
                interruptedAgain = true;
                break;
            }
            collect(process, tree);
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        boolean killed = false;
        if (!exited) {
            collect(process, tree);
            say.accept(interruptedAgain
                    ? "Interrupted again: killing packer (pid " + process.pid() + ") now"
                    : "packer (pid " + process.pid() + ") did not exit within " + seconds(gracePeriod)
                            + " after SIGTERM: killing it");
            packer.destroyForcibly();
            killed = true;
            interruptedAgain |= awaitGone(List.of(packer));
        }
        List<KilledProcess> killedDescendants = new ArrayList<>();
        List<ProcessHandle> killing = new ArrayList<>();
        // A leftover may still start children (a provisioner script going on to its next command): look for the
        // descendants of everything recorded again each round, until a round finds nothing new still running.
        for (int round = 0; round < KILL_ROUNDS; round++) {
            for (ProcessHandle h : List.copyOf(tree)) {
                collect(h, tree);
            }
            List<ProcessHandle> running = tree.stream()
                    .filter(h -> !killing.contains(h) && isRunning(h)).toList();
            if (running.isEmpty()) {
                break;
            }
            for (ProcessHandle h : running) {
                String command = mask.apply(describe(h));
                if (h.destroyForcibly()) {
                    killedDescendants.add(new KilledProcess(h.pid(), command));
                    killing.add(h);
                }
            }
        }
        interruptedAgain |= awaitGone(killing);
        List<KilledProcess> survivors = new ArrayList<>();
        for (ProcessHandle h : killing) {
            if (isRunning(h)) {
                survivors.add(new KilledProcess(h.pid(), mask.apply(describe(h))));
            }
        }
        if (!killedDescendants.isEmpty()) {
            say.accept("Killed " + killedDescendants.size() + " leftover process(es) of packer's tree: "
                    + killedDescendants);
        }
        return new Outcome(exited, waited, killed, interruptedAgain, killedDescendants, survivors);
    }

    private static void collect(Process process, Set<ProcessHandle> tree) {
        collect(process.toHandle(), tree);
    }

    private static void collect(ProcessHandle process, Set<ProcessHandle> tree) {
        try {
            process.descendants().forEach(tree::add);
        } catch (RuntimeException e) {
            // the process table changed under us; the next read catches up
        }
    }

    /**
     * Waits (bounded, for all together) until the killed processes are gone; returns whether the thread was
     * interrupted meanwhile. Polls rather than using {@link ProcessHandle#onExit()}, which for a process that is
     * not our child backs off to seconds between checks.
     */
    private static boolean awaitGone(List<ProcessHandle> handles) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        while (handles.stream().anyMatch(ProcessTreeStopper::isRunning) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(KILL_POLL_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true; // finish killing first; the caller reports the interrupt
            }
        }
        return interrupted;
    }

    /**
     * Whether the process still runs. A killed process stays "alive" for {@link ProcessHandle#isAlive()} until its
     * parent (or init, for an orphan) reaps it, which can take a while; on Linux a zombie counts as gone.
     */
    static boolean isRunning(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"),
                    StandardCharsets.US_ASCII);
            int end = stat.lastIndexOf(')'); // the command name in parentheses may itself hold ") "
            return end < 0 || end + 2 >= stat.length() || "ZX".indexOf(stat.charAt(end + 2)) < 0;
        } catch (IOException | RuntimeException e) {
            return handle.isAlive(); // no /proc (not Linux) or the process just went away
        }
    }

    private static String describe(ProcessHandle h) {
        ProcessHandle.Info info = h.info();
        return info.commandLine().orElseGet(() -> info.command().orElse("?"));
    }

    static String seconds(Duration d) {
        long millis = d.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
