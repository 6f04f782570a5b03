package io.jenkins.plugins.bakeami.engine.lifecycle;

import io.jenkins.plugins.bakeami.engine.packer.ProcessId;
import java.time.Instant;

/**
 * One bake's line in the {@link BakeJournal}: which bake, which Packer process on which machine, where it builds and
 * as whom, and the builder resources Packer announced creating (instances, key pairs, security groups) plus the extra
 * volumes a sweep found. Plain values, no secret: ids, names, a pid, the access in words.
 *
 * @param bakeId            the bake's id
 * @param host              the machine Packer runs on: a pid means nothing on another one (a shared home directory)
 * @param packerPid         Packer's process id
 * @param packerStartMillis its start time (epoch milliseconds), -1 when unknown: with the pid, it tells a reused pid
 *                          from Packer itself
 * @param launchedAt        when Packer was launched
 * @param template          the template's path, for people
 * @param endpoint          the EC2 endpoint override, or null for AWS' own
 * @param access            who the bake acted as ({@code BakeRequest.accessName()})
 * @param leftovers         the region and what to remove there if Packer dies
 * @param updatedAt         when this entry was last written
 */
public record JournalEntry(String bakeId, String host, long packerPid, long packerStartMillis, Instant launchedAt,
        String template, String endpoint, String access, Leftovers leftovers, Instant updatedAt) {

    /** The entry's name in the journal: the bake id and Packer's pid. */
    public String id() {
        return id(bakeId, packerPid);
    }

    public static String id(String bakeId, long packerPid) {
        return bakeId + "-" + packerPid;
    }

    public String region() {
        return leftovers.region();
    }

    public ProcessId packer() {
        return ProcessId.recorded(packerPid, packerStartMillis);
    }

    public JournalEntry with(Leftovers remaining, Instant now) {
        return new JournalEntry(bakeId, host, packerPid, packerStartMillis, launchedAt, template, endpoint, access,
                remaining, now);
    }
}
