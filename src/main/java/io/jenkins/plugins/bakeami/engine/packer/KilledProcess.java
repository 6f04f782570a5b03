package io.jenkins.plugins.bakeami.engine.packer;

import java.io.Serializable;

/**
 * A process of a stopped Packer run's tree that had to be killed (or could not be), for the report.
 *
 * @param pid     its process id
 * @param command its command line as far as the OS tells it, secrets masked
 */
public record KilledProcess(long pid, String command) implements Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
        return pid + " (" + command + ")";
    }
}
