package io.jenkins.plugins.bakeami.engine.packer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One Packer command running detached ({@link DetachedLauncher}), as a plain serializable value: where its files
 * are, which processes it is (pid and start time), how much of its output was shown, its deadline, and how far a
 * stop has got. It holds no secret. Whoever can read its directory can {@link #poll} it, also from another JVM than
 * the one that launched it and after a restart; each poll and stop is short, so a Jenkins controller can drive one
 * from its timer, and the CLI from a loop ({@link PackerRunner#await}). Mutable: a poll updates the offset and the
 * state, and a Jenkins controller keeps the copy that comes back from its agent.
 *
 * <p>Times are epoch milliseconds of the machine running Packer: the deadline and the grace period are taken and
 * checked there, never compared with another machine's clock.
 */
public final class PackerRun implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Most bytes of output one poll reads: a poll after a long absence catches up in several short calls. */
    static final int MAX_CHUNK = 1 << 20;

    private final String directory;
    private final String action;
    private final String template;
    private final ProcessId wrapper;
    private final ProcessId packer;
    private final long launchedAt;
    private final long gracePeriodMillis;
    /** Epoch millis at which the run times out; 0: no timeout. */
    private final long deadline;
    private final long validateMillis;
    /** Where Packer writes its debug logs (PACKER_LOG=1), or null. */
    private final String debugDirectory;

    private long offset;
    private CancellationReport.Reason stopReason;
    private long stopSentAt;
    private boolean killed;
    private boolean interruptedAgain;
    private final ArrayList<ProcessId> tree = new ArrayList<>();
    private final ArrayList<KilledProcess> killedDescendants = new ArrayList<>();
    private final ArrayList<KilledProcess> survivors = new ArrayList<>();
    private boolean ended;
    private long endedAt;
    private Integer exitCode;
    /**
     * The builder resources Packer announced creating in the output shown so far (a bake's journal records them):
     * instances, key pairs, security groups by name and by id. ArrayLists, as everything here: XStream writes them.
     */
    private final ArrayList<String> announcedInstances = new ArrayList<>();
    private final ArrayList<String> announcedKeyPairs = new ArrayList<>();
    private final ArrayList<String> announcedGroupNames = new ArrayList<>();
    private final ArrayList<String> announcedGroupIds = new ArrayList<>();

    PackerRun(Path directory, String action, String template, DetachedLauncher.Started started, long launchedAt,
            Duration gracePeriod, long deadline, Duration validate, Path debugDirectory) {
        this.directory = directory.toString();
        this.debugDirectory = debugDirectory == null ? null : debugDirectory.toString();
        this.action = action;
        this.template = template;
        this.wrapper = started.wrapper();
        this.packer = started.command();
        this.launchedAt = launchedAt;
        this.gracePeriodMillis = gracePeriod.toMillis();
        this.deadline = deadline;
        this.validateMillis = validate.toMillis();
    }

    /**
     * Reads the output written since the last poll (whole lines only while Packer runs, at most {@link #MAX_CHUNK}
     * bytes) into {@code output}; then moves the run on: a timeout stops it, a stop whose grace period is over kills
     * Packer, and once Packer has ended (its status written, or its processes gone) the leftovers of a stopped run
     * are killed and the run {@linkplain #ended() ends}.
     */
    public void poll(PackerOutput output, Clock clock) {
        if (ended) {
            return;
        }
        // Whether it ended is asked before the output is read: what it wrote up to its end is then all there.
        boolean exited = Files.exists(file(DetachedLauncher.STATUS)) || !packer.isRunning() && !wrapper.isRunning();
        if (readOutput(output, exited)) {
            return; // more to read: the next poll goes on, before anything else happens
        }
        long now = clock.millis();
        if (exited) {
            exitCode = readStatus();
            if (stopReason != null) {
                killLeftovers(output);
            }
            ended = true;
            endedAt = now;
            if (stopReason != null) {
                output.say(report(resources(output)).summary());
            }
        } else if (stopReason != null) {
            packer.handle().ifPresent(this::record);
            if (!killed && now - stopSentAt >= gracePeriodMillis) {
                output.say("packer (pid " + packer.pid() + ") did not exit within "
                        + ProcessTreeStopper.seconds(Duration.ofMillis(gracePeriodMillis)) + " after SIGTERM: killing it");
                kill();
            }
        } else if (deadline > 0 && now >= deadline) {
            stop(CancellationReport.Reason.TIMED_OUT, output, clock);
        }
    }

    /**
     * Stops Packer so that it can clean up: SIGTERM, then (polled) the grace period, then SIGKILL of Packer and its
     * whole tree. A second stop kills at once. A stop after Packer ended by itself changes nothing: the run is then
     * not a stopped one (what it built is kept, and the caller decides).
     */
    public void stop(CancellationReport.Reason reason, PackerOutput output, Clock clock) {
        if (ended) {
            return;
        }
        if (stopReason != null) {
            if (!killed) {
                interruptedAgain = true;
                output.say("Interrupted again: killing packer (pid " + packer.pid() + ") now");
                kill();
            }
            return;
        }
        Optional<ProcessHandle> running = packer.handle();
        if (running.isEmpty()) {
            return;
        }
        while (readOutput(output, false)) {
            // what Packer printed before the stop comes before the stop's lines
        }
        stopReason = reason;
        output.say(action + " of " + template + " " + reason.words() + ": stopping packer");
        record(running.get());
        stopSentAt = clock.millis();
        output.say("Stopping packer (pid " + packer.pid() + "): sent SIGTERM, waiting up to "
                + ProcessTreeStopper.seconds(Duration.ofMillis(gracePeriodMillis))
                + " for it to clean up (a second interrupt kills it at once)");
        running.get().destroy();
    }

    private void kill() {
        killed = true;
        packer.handle().ifPresent(h -> {
            record(h);
            interruptedAgain |= ProcessTreeStopper.kill(h);
        });
    }

    private void killLeftovers(PackerOutput output) {
        ProcessTreeStopper.Leftovers leftovers = ProcessTreeStopper.killLeftovers(tree, wrapper.pid(), wrapper.pid(),
                output::mask);
        killedDescendants.addAll(leftovers.killed());
        survivors.addAll(leftovers.survivors());
        interruptedAgain |= leftovers.interrupted();
        if (!leftovers.killed().isEmpty()) {
            output.say("Killed " + leftovers.killed().size() + " leftover process(es) of packer's tree: "
                    + leftovers.killed());
        }
    }

    /** Adds what descends from Packer now to the recorded tree (a list: serializable, in order, no duplicates). */
    private void record(ProcessHandle root) {
        Set<ProcessId> found = new LinkedHashSet<>();
        ProcessTreeStopper.collect(root, found);
        found.stream().filter(id -> !tree.contains(id)).forEach(tree::add);
    }

    /** Feeds new output to {@code output}; returns whether more is waiting beyond this chunk. */
    private boolean readOutput(PackerOutput output, boolean exited) {
        Path log = file(DetachedLauncher.LOG);
        byte[] chunk;
        long length;
        try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
            length = in.length();
            if (length <= offset) {
                return false;
            }
            chunk = new byte[(int) Math.min(length - offset, MAX_CHUNK)];
            in.seek(offset);
            in.readFully(chunk);
        } catch (IOException e) {
            return false; // the directory was removed: nothing more to show
        }
        boolean more = offset + chunk.length < length;
        int end = chunk.length;
        if (!exited || more) {
            int lastNewline = lastIndexOf(chunk, (byte) '\n');
            if (lastNewline >= 0) {
                end = lastNewline + 1;
            } else if (chunk.length < MAX_CHUNK) {
                return false; // only part of a line so far: wait for the rest
            }
        }
        offset += end;
        String text = new String(chunk, 0, end, StandardCharsets.UTF_8);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        for (String line : text.split("\n", -1)) {
            output.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        PackerResources seen = output.resources();
        addNew(seen.instanceIds(), announcedInstances);
        addNew(seen.keyPairNames(), announcedKeyPairs);
        addNew(seen.securityGroupNames(), announcedGroupNames);
        addNew(seen.securityGroupIds(), announcedGroupIds);
        return more;
    }

    private static void addNew(List<String> seen, List<String> into) {
        seen.stream().filter(id -> !into.contains(id)).forEach(into::add);
    }

    private static int lastIndexOf(byte[] bytes, byte b) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private Integer readStatus() {
        try {
            return Integer.valueOf(Files.readString(file(DetachedLauncher.STATUS), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return null; // the wrapper did not get to write it (it was killed)
        }
    }

    /** Reads the whole output once more, for what a run leaves behind: artifacts, errors, resources. */
    void replay(PackerOutput output) throws IOException {
        try (Stream<String> lines = Files.lines(file(DetachedLauncher.LOG), StandardCharsets.UTF_8)) {
            lines.forEach(output::accept);
        }
    }

    /** The resources Packer announced over its whole run (read from its output once more). */
    PackerResources resources(PackerOutput output) {
        PackerOutput all = output.silent();
        try {
            replay(all);
        } catch (IOException e) {
            // the directory is gone: what was announced is unknown
        }
        return all.resources();
    }

    /** What the stop did, with the resources Packer announced. */
    CancellationReport report(PackerResources resources) {
        Duration waited = Duration.ofMillis(Math.max(0, (ended ? endedAt : stopSentAt) - stopSentAt));
        return new CancellationReport(stopReason, action, template, true, packer.pid(),
                Duration.ofMillis(gracePeriodMillis), !killed, waited, killed, interruptedAgain, killedDescendants,
                survivors, resources);
    }

    /** Removes the run's directory (its output is then gone: read what you need first). */
    public void discard() {
        Directories.deleteTree(Path.of(directory));
    }

    private Path file(String name) {
        return Path.of(directory, name);
    }

    /**
     * The builder resources Packer announced creating (instances, key pairs, security groups) in the output read so
     * far: what a kill would leave behind, as Packer reported it.
     */
    public PackerResources announced() {
        return new PackerResources(announcedInstances, announcedKeyPairs, announcedGroupNames, announcedGroupIds,
                List.of());
    }

    /** Whether Packer has ended (by itself, or stopped) and everything of it was read. */
    public boolean ended() {
        return ended;
    }

    /** Whether the run was stopped (interrupt, cancel, timeout) while Packer was running. */
    public boolean stopped() {
        return stopReason != null;
    }

    /** Packer's exit code once {@link #ended()}; null when it left none (its wrapper was killed). */
    public Integer exitCode() {
        return exitCode;
    }

    /**
     * Packer's process and those descending from it now: Packer 1.6 runs its build in a child process of the one
     * launched, besides its plugins and the provisioners' commands. While any of them runs, the build may still create
     * or use what Packer announced.
     */
    public List<ProcessId> processes() {
        Set<ProcessId> found = new LinkedHashSet<>();
        found.add(packer);
        packer.handle().ifPresent(h -> ProcessTreeStopper.collect(h, found));
        return List.copyOf(found);
    }

    /** Packer's process, for messages and tests. */
    public ProcessId packer() {
        return packer;
    }

    public String directory() {
        return directory;
    }

    /** Where Packer writes its debug logs ({@link PackerDebugLog}), or null when it writes none. */
    public Path debugDirectory() {
        return debugDirectory == null ? null : Path.of(debugDirectory);
    }

    /** Bytes of output shown so far. */
    public long offset() {
        return offset;
    }

    /** When Packer was launched (after its template was validated). */
    public Instant launchedAt() {
        return Instant.ofEpochMilli(launchedAt);
    }

    Duration validateDuration() {
        return Duration.ofMillis(validateMillis);
    }

    Duration buildDuration() {
        return Duration.ofMillis(Math.max(0, endedAt - launchedAt));
    }

    String action() {
        return action;
    }

    String template() {
        return template;
    }

    List<ProcessId> tree() {
        return List.copyOf(tree);
    }

    @Override
    public String toString() {
        return action + " (pid " + packer.pid() + ", " + directory + (ended ? ", ended " + exitCode : "")
                + (stopReason != null ? ", stopped" : "") + ")";
    }
}
