package io.jenkins.plugins.bakeami.engine.packer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The process-level pieces of stopping a Packer run ({@link PackerRun#stop}): Packer gets SIGTERM
 * ({@link ProcessHandle#destroy()} on Unix) and a grace period to clean up (it terminates its instance and deletes its
 * key pair and security group), then SIGKILL. Packer does not stop the children of a {@code shell-local}
 * provisioner, and once Packer is gone they no longer descend from it: so its tree is recorded while it runs, and
 * on Linux every process of its session (the wrapper started it with {@code setsid}) counts too. Whatever of it is
 * still alive at the end is killed.
 */
final class ProcessTreeStopper {

    /** How long to wait for a SIGKILLed process to be gone before calling it a survivor. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final long KILL_POLL_MILLIS = 20;
    private static final int KILL_ROUNDS = 5;

    /**
     * What killing the leftovers did.
     *
     * @param killed      processes still alive after Packer was gone, killed
     * @param survivors   processes still alive even after SIGKILL (should be empty)
     * @param interrupted the calling thread was interrupted while waiting for them to go
     */
    record Leftovers(List<KilledProcess> killed, List<KilledProcess> survivors, boolean interrupted) {
    }

    private ProcessTreeStopper() {
    }

    /** Adds the processes descending from {@code root} now. */
    static void collect(ProcessHandle root, Set<ProcessId> tree) {
        try {
            root.descendants().forEach(h -> tree.add(ProcessId.of(h)));
        } catch (RuntimeException e) {
            // the process table changed under us; the next read catches up
        }
    }

    /**
     * Kills {@code recorded} processes that are still the same and running, every process of session
     * {@code session} (Linux; -1 for none) but {@code spared}, and what descends from them, in rounds until a round
     * finds nothing new (a leftover may still start children); then waits, bounded, until they are gone.
     */
    static Leftovers killLeftovers(Collection<ProcessId> recorded, long session, long spared,
            UnaryOperator<String> mask) {
        List<KilledProcess> killed = new ArrayList<>();
        List<ProcessHandle> killing = new ArrayList<>();
        for (int round = 0; round < KILL_ROUNDS; round++) {
            List<ProcessHandle> running = new ArrayList<>();
            recorded.forEach(id -> id.handle().ifPresent(running::add));
            running.addAll(sessionMembers(session));
            for (ProcessHandle h : List.copyOf(running)) {
                try {
                    h.descendants().forEach(running::add);
                } catch (RuntimeException e) {
                    // gone meanwhile
                }
            }
            running.removeIf(h -> h.pid() == spared || killing.contains(h) || !isRunning(h));
            if (running.isEmpty()) {
                break;
            }
            for (ProcessHandle h : running) {
                String command = mask.apply(describe(h));
                if (h.destroyForcibly()) {
                    killed.add(new KilledProcess(h.pid(), command));
                    killing.add(h);
                }
            }
        }
        boolean interrupted = awaitGone(killing);
        List<KilledProcess> survivors = new ArrayList<>();
        for (ProcessHandle h : killing) {
            if (isRunning(h)) {
                survivors.add(new KilledProcess(h.pid(), mask.apply(describe(h))));
            }
        }
        return new Leftovers(killed, survivors, interrupted);
    }

    /** SIGKILL, then waits (bounded) until it is gone; returns whether the thread was interrupted meanwhile. */
    static boolean kill(ProcessHandle process) {
        process.destroyForcibly();
        return awaitGone(List.of(process));
    }

    /**
     * The processes of a session on Linux (field 6 of /proc/PID/stat), empty elsewhere or for session -1. The
     * session stays while one of its processes lives, and Linux does not hand out its id as a new pid meanwhile.
     */
    private static List<ProcessHandle> sessionMembers(long session) {
        List<ProcessHandle> members = new ArrayList<>();
        Path proc = Path.of("/proc");
        if (session <= 0 || !Files.isDirectory(proc)) {
            return members;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (statField(pid, 3).filter(sid -> sid.equals(Long.toString(session))).isPresent()) {
                    ProcessHandle.of(pid).ifPresent(members::add);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process table changed under us; what was found is killed, the next round looks again
        }
        return members;
    }

    /** Field {@code index} after the command name of /proc/PID/stat (0: state, 1: ppid, 2: pgrp, 3: session). */
    private static Optional<String> statField(long pid, int index) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            int end = stat.lastIndexOf(')'); // the command name in parentheses may itself hold ") "
            String[] fields = stat.substring(end + 2).split(" ");
            return index < fields.length ? Optional.of(fields[index]) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no /proc (not Linux) or the process just went away
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
        Optional<String> state = statField(handle.pid(), 0);
        return state.isEmpty() ? handle.isAlive() : "ZX".indexOf(state.get().charAt(0)) < 0;
    }

    static String describe(ProcessHandle h) {
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
