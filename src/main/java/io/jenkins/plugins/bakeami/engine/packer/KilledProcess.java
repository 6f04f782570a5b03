package io.jenkins.plugins.bakeami.engine.packer;

import java.io.Serializable;

/**
 * A process of a stopped Packer run's tree that had to be killed (or could not be), for the report. A plain class
 * rather than a record: it is kept in {@link PackerRun}, which Jenkins stores in program.dat.
 */
public final class KilledProcess implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long pid;
    private final String command;

    /**
     * @param pid     its process id
     * @param command its command line as far as the OS tells it, secrets masked
     */
    public KilledProcess(long pid, String command) {
        this.pid = pid;
        this.command = command;
    }

    public long pid() {
        return pid;
    }

    public String command() {
        return command;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KilledProcess other && other.pid == pid && other.command.equals(command);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(pid) * 31 + command.hashCode();
    }

    @Override
    public String toString() {
        return pid + " (" + command + ")";
    }
}
