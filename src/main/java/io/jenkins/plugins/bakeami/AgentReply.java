package io.jenkins.plugins.bakeami;

import io.jenkins.plugins.bakeami.engine.packer.PackerRun;
import java.io.Serializable;
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
        /** Go on: see {@link #getRun()} (a Packer run) or the probe's checksum. */
        CONTINUE,
        /** The bake is over: see {@link #getSummary()}. */
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
    /** A failed or stopped bake's debug log (workspace-relative), to archive all the same; or null. */
    private final String debugLogFile;

    private AgentReply(List<String> lines, Outcome outcome, String message, BakeAmiSummary summary, PackerRun run,
            String checksum, String checksumMode, long checksumMillis, long lookupMillis) {
        this(lines, outcome, message, summary, run, checksum, checksumMode, checksumMillis, lookupMillis, null);
    }

    private AgentReply(List<String> lines, Outcome outcome, String message, BakeAmiSummary summary, PackerRun run,
            String checksum, String checksumMode, long checksumMillis, long lookupMillis, String debugLogFile) {
        this.lines = new ArrayList<>(lines);
        this.outcome = outcome;
        this.message = message;
        this.summary = summary;
        this.run = run;
        this.checksum = checksum;
        this.checksumMode = checksumMode;
        this.checksumMillis = checksumMillis;
        this.lookupMillis = lookupMillis;
        this.debugLogFile = debugLogFile;
    }

    /** This reply of a failed or stopped bake, naming the debug log it left in the workspace. */
    AgentReply withDebugLogFile(String file) {
        return new AgentReply(lines, outcome, message, summary, run, checksum, checksumMode, checksumMillis,
                lookupMillis, file);
    }

    String getDebugLogFile() {
        return debugLogFile;
    }

    static AgentReply done(List<String> lines, BakeAmiSummary summary) {
        return new AgentReply(lines, Outcome.DONE, null, summary, null, summary.getChecksum(),
                summary.getChecksumMode(), 0, 0);
    }

    static AgentReply running(List<String> lines, PackerRun run) {
        return new AgentReply(lines, Outcome.CONTINUE, null, null, run, null, null, 0, 0);
    }

    /** A probe that found no AMI: the checksum, and how long it and the lookup took (for the final timings). */
    static AgentReply missed(List<String> lines, String checksum, String checksumMode, long checksumMillis,
            long lookupMillis) {
        return new AgentReply(lines, Outcome.CONTINUE, null, null, null, checksum, checksumMode, checksumMillis,
                lookupMillis);
    }

    static AgentReply failed(List<String> lines, String message) {
        return new AgentReply(lines, Outcome.FAILED, message, null, null, null, null, 0, 0);
    }

    static AgentReply stopped(List<String> lines, String message) {
        return new AgentReply(lines, Outcome.STOPPED, message, null, null, null, null, 0, 0);
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

    @Override
    public String toString() {
        return "AgentReply[" + outcome + (message == null ? "" : ": " + message) + ", " + lines.size() + " lines]";
    }

    private static final long serialVersionUID = 1L;
}
