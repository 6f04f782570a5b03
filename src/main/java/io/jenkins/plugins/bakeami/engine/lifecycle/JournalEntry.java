package io.jenkins.plugins.bakeami.engine.lifecycle;

import io.jenkins.plugins.bakeami.engine.packer.ProcessId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One bake's line in the {@link BakeJournal}: which bake, which Packer processes on which machine, where it builds and
 * as whom, and the builder resources Packer announced creating (instances, key pairs, security groups) plus the extra
 * volumes a sweep found. Plain values, no secret: ids, names, pids, the access in words.
 *
 * @param bakeId      the bake's id
 * @param host        the machine Packer runs on: a pid means nothing on another one (a shared home directory)
 * @param packer      the Packer process launched: its pid and start time (with the pid, it tells a reused pid from
 *                    Packer itself)
 * @param descendants the processes descending from it when the entry was written (Packer's build runs in a child)
 * @param launchedAt  when Packer was launched
 * @param template    the template's path, for people
 * @param endpoint    the EC2 endpoint override, or null for AWS' own
 * @param access      who the bake acted as ({@code BakeRequest.accessName()})
 * @param leftovers   the region and what to remove there if Packer dies
 * @param updatedAt   when this entry was last written
 */
public record JournalEntry(String bakeId, String host, ProcessId packer, List<ProcessId> descendants,
        Instant launchedAt, String template, String endpoint, String access, Leftovers leftovers, Instant updatedAt) {

    public JournalEntry {
        descendants = List.copyOf(descendants);
    }

    /** The entry's name in the journal: the bake id and Packer's pid. */
    public String id() {
        return id(bakeId, packer.pid());
    }

    public static String id(String bakeId, long packerPid) {
        return bakeId + "-" + packerPid;
    }

    public long packerPid() {
        return packer.pid();
    }

    public String region() {
        return leftovers.region();
    }

    /** Packer, or a process of its build, that still runs on this machine (same pid and start time); else empty. */
    public Optional<ProcessId> running() {
        return Stream.concat(Stream.of(packer), descendants.stream()).filter(ProcessId::isRunning).findFirst();
    }

    public JournalEntry with(Leftovers remaining, Instant now) {
        return new JournalEntry(bakeId, host, packer, descendants, launchedAt, template, endpoint, access, remaining,
                now);
    }
}
