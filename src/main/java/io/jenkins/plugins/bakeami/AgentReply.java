package io.jenkins.plugins.bakeami;

import io.jenkins.plugins.bakeami.engine.bake.BakeProbe;
import io.jenkins.plugins.bakeami.engine.bake.RegionCopies;
import io.jenkins.plugins.bakeami.engine.lifecycle.PruneReport;
import io.jenkins.plugins.bakeami.engine.packer.PackerRun;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one call to the agent ({@link BakeAmiCallable}) answers: the log lines it produced, in order, for the
 * controller to print (so that agent and controller lines appear in the order they happened, and none is lost in a
 * remote stream that was not flushed), and its outcome. Plain serializable values, no secret (the lines are masked by
 * the engine). Jenkins-free.
 */
final class AgentReply implements Serializable {
    /** How the call ended. */
    enum Outcome {
        /** Go on: see {@link #getRun()} (a Packer run), {@link #getCopies()} (copies to regions) or the probe's. */
        CONTINUE,
        /** The bake is over: see {@link #getSummary()}; or the prune after it: see {@link #getPrune()}. */
        DONE,
        /** The bake failed: {@link #getMessage()} says why (an AbortException on the controller). */
        FAILED,
        /** The bake was stopped on the agent: {@link #getMessage()} says what was cleaned up. */
        STOPPED
    }

    private final ArrayList<String> lines;
    private final Outcome outcome;
    private final String message;
    private final BakeAmiSummary summary;
    private final PackerRun run;
    private final String checksum;
    private final String checksumMode;
    private final long checksumMillis;
    private final long lookupMillis;
    private final String baseImage;
    private final ArrayList<String> targetRegions;
    private final RegionCopies copies;
    private final PruneReport prune;
    /** A failed or stopped bake's debug log (workspace-relative), to archive all the same; or null. */
    private final String debugLogFile;

    private AgentReply(List<String> lines, Outcome outcome, String message, BakeAmiSummary summary, PackerRun run,
            String checksum, String checksumMode, long checksumMillis, long lookupMillis, String baseImage,
            List<String> targetRegions, RegionCopies copies, PruneReport prune) {
        this(lines, outcome, message, summary, run, checksum, checksumMode, checksumMillis, lookupMillis, baseImage,
                targetRegions, copies, prune, null);
    }

    private AgentReply(List<String> lines, Outcome outcome, String message, BakeAmiSummary summary, PackerRun run,
            String checksum, String checksumMode, long checksumMillis, long lookupMillis, String baseImage,
            List<String> targetRegions, RegionCopies copies, PruneReport prune, String debugLogFile) {
        this.lines = new ArrayList<>(lines);
        this.outcome = outcome;
        this.message = message;
        this.summary = summary;
        this.run = run;
        this.checksum = checksum;
        this.checksumMode = checksumMode;
        this.checksumMillis = checksumMillis;
        this.lookupMillis = lookupMillis;
        this.baseImage = baseImage;
        this.targetRegions = new ArrayList<>(targetRegions);
        this.copies = copies;
        this.prune = prune;
        this.debugLogFile = debugLogFile;
    }

    /** This reply of a failed or stopped bake, naming the debug log it left in the workspace. */
    AgentReply withDebugLogFile(String file) {
        return new AgentReply(lines, outcome, message, summary, run, checksum, checksumMode, checksumMillis,
                lookupMillis, baseImage, targetRegions, copies, prune, file);
    }

    String getDebugLogFile() {
        return debugLogFile;
    }

    static AgentReply done(List<String> lines, BakeAmiSummary summary) {
        return new AgentReply(lines, Outcome.DONE, null, summary, null, summary.getChecksum(),
                summary.getChecksumMode(), 0, 0, null, List.of(), null, null);
    }

    static AgentReply running(List<String> lines, PackerRun run) {
        return new AgentReply(lines, Outcome.CONTINUE, null, null, run, null, null, 0, 0, null, List.of(), null, null);
    }

    /** Copies to other regions under way: their state, to send back with the next call. */
    static AgentReply copying(List<String> lines, RegionCopies copies) {
        return new AgentReply(lines, Outcome.CONTINUE, null, null, null, null, null, 0, 0, null, List.of(), copies,
                null);
    }

    /**
     * A probe that found no AMI to reuse: the checksum, how long it and the lookup took (for the final timings), the
     * base image and target regions it resolved, and the copies to make when only regions lack the AMI.
     */
    static AgentReply missed(List<String> lines, BakeProbe probe) {
        return new AgentReply(lines, Outcome.CONTINUE, null, null, null, probe.checksum(), probe.checksumMode(),
                probe.timings().getOrDefault("checksum", Duration.ZERO).toMillis(),
                probe.timings().getOrDefault("lookup", Duration.ZERO).toMillis(), probe.baseImage(),
                probe.targetRegions(), probe.repair(), null);
    }

    /** The prune after a bake ({@code keep}): its report. */
    static AgentReply pruned(List<String> lines, PruneReport report) {
        return new AgentReply(lines, Outcome.DONE, null, null, null, null, null, 0, 0, null, List.of(), null, report);
    }

    static AgentReply failed(List<String> lines, String message) {
        return new AgentReply(lines, Outcome.FAILED, message, null, null, null, null, 0, 0, null, List.of(), null,
                null);
    }

    static AgentReply stopped(List<String> lines, String message) {
        return new AgentReply(lines, Outcome.STOPPED, message, null, null, null, null, 0, 0, null, List.of(), null,
                null);
    }

    List<String> getLines() {
        return lines;
    }

    Outcome getOutcome() {
        return outcome;
    }

    String getMessage() {
        return message;
    }

    BakeAmiSummary getSummary() {
        return summary;
    }

    PackerRun getRun() {
        return run;
    }

    String getChecksum() {
        return checksum;
    }

    String getChecksumMode() {
        return checksumMode;
    }

    long getChecksumMillis() {
        return checksumMillis;
    }

    long getLookupMillis() {
        return lookupMillis;
    }

    /** The probe's base image, or null when it is not tracked. */
    String getBaseImage() {
        return baseImage;
    }

    List<String> getTargetRegions() {
        return targetRegions;
    }

    /** The copies to make (after a probe) or under way (after a start or a poll), or null. */
    RegionCopies getCopies() {
        return copies;
    }

    PruneReport getPrune() {
        return prune;
    }

    @Override
    public String toString() {
        return "AgentReply[" + outcome + (message == null ? "" : ": " + message) + ", " + lines.size() + " lines]";
    }

    private static final long serialVersionUID = 1L;
}
