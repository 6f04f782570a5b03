package io.jenkins.plugins.bakeami.engine.packer;

import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;

/**
 * A process as something that can be found again later, from another JVM: its pid and its start time. A pid alone
 * may have been reused by an unrelated process once the original one ended; the start time tells them apart, so a
 * resumed poll or stop never signals a stranger. A plain serializable value (no record: it is part of state that
 * Jenkins keeps in program.dat).
 */
public final class ProcessId implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long pid;
    /** {@link ProcessHandle.Info#startInstant()} in epoch milliseconds, or -1 when the OS did not tell it. */
    private final long startMillis;

    ProcessId(long pid, long startMillis) {
        this.pid = pid;
        this.startMillis = startMillis;
    }

    /** A process recorded earlier (a bake's journal): its pid and start time, -1 when unknown. */
    public static ProcessId recorded(long pid, long startMillis) {
        return new ProcessId(pid, startMillis);
    }

    /** The identity of a process seen now; start time -1 when the process is already gone. */
    static ProcessId of(long pid) {
        return ProcessHandle.of(pid).map(ProcessId::of).orElse(new ProcessId(pid, -1));
    }

    static ProcessId of(ProcessHandle handle) {
        return new ProcessId(handle.pid(), handle.info().startInstant().map(Instant::toEpochMilli).orElse(-1L));
    }

    public long pid() {
        return pid;
    }

    /** The start time in epoch milliseconds, -1 when the OS did not tell it. */
    public long startMillis() {
        return startMillis;
    }

    /** The process, while it is still this one (same start time) and running (a zombie is not). */
    Optional<ProcessHandle> handle() {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !ProcessTreeStopper.isRunning(handle.get())) {
            return Optional.empty();
        }
        long start = handle.get().info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        if (startMillis >= 0 && start >= 0 && start != startMillis) {
            return Optional.empty(); // the pid now belongs to another process
        }
        return handle;
    }

    /** Whether this very process (same pid and start time) still runs. */
    public boolean isRunning() {
        return handle().isPresent();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessId other && other.pid == pid && other.startMillis == startMillis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(pid) * 31 + Long.hashCode(startMillis);
    }

    @Override
    public String toString() {
        return "pid " + pid;
    }
}
