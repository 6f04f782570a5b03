package io.jenkins.plugins.bakeami;

import io.jenkins.plugins.bakeami.engine.bake.BakeProbe;
import io.jenkins.plugins.bakeami.engine.bake.RegionCopies;
import io.jenkins.plugins.bakeami.engine.lifecycle.PruneReport;
import io.jenkins.plugins.bakeami.engine.packer.PackerRun;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * One bake as the controller drives it, in short calls to the agent: probe, the controller's lock (only when Packer
 * must run, or copies be made), start, polls until Packer ended (or the copies to the regions that lacked the AMI
 * left pending), then finish, or clean up after a stop. The pipeline step advances it from Jenkins' timer and keeps
 * it in program.dat across a restart; the freestyle builder advances it in a loop. Its state is plain and
 * secret-free (phase, bake id, checksum, base image, target regions, lock key, Packer's run: directory, pid and start
 * time, log offset, deadline; or the copies: regions, ids, states); the AWS keys come with each {@link #advance} in the
 * {@link BakeAmiParameters}, resolved again after a restart. Jenkins-free.
 *
 * <p>A stop ({@link #requestStop()}) is honoured at the next advance: before Packer runs the bake just ends; while it
 * runs, Packer gets SIGTERM and the polls go on through its cleanup (a second stop kills it), then the EC2 cleanup
 * says what was removed. The timeout is Packer's run's own deadline, enforced by the polls on the agent.
 *
 * <p>With {@code keep}, a successful bake or reuse is followed by one more call: the prune of the family (PRUNE). Its
 * failure fails the prune only, never the bake; a stop while it runs ends the step as stopped, the bake recorded.
 */
final class DurableBake implements Serializable {
    /** Shortest and longest pause between two polls, and how fast it grows while Packer prints nothing. */
    static final long MIN_PAUSE_MILLIS = 250;
    static final long MAX_PAUSE_MILLIS = 15_000;
    private static final double BACKOFF = 1.2;

    enum Phase { PROBE, LOCK, START, RUN, FINISH, CLEAN_UP, PRUNE, DONE }

    /** Where the calls run: the agent that holds the workspace. */
    interface Agent {
        /**
         * Runs the call there. {@code cancellable}: a stop may cut it short (it changes nothing on the agent that a
         * later call must know of), then this throws {@link InterruptedException} or {@link CancellationException}.
         * An {@link IOException} other than an AbortException means the agent could not be reached: try again.
         */
        AgentReply call(BakeAmiCallable callable, boolean cancellable) throws IOException, InterruptedException;
    }

    /** The controller's locks, bound to this build. */
    interface Locks {
        /** Takes the lock of {@code key} if free (or if its holder's build is over); false: wait, ask again. */
        boolean tryAcquire(String key, Consumer<String> log);

        /** Gives it back, or leaves the queue of those waiting for it. */
        void release(String key);
    }

    /** What {@link #advance} asks of its caller. */
    static final class Next {
        private final long pauseMillis;
        private final BakeAmiSummary summary;
        private final String failure;
        private final String stopped;
        private final PruneReport prune;
        private final String debugLogFile;

        private Next(long pauseMillis, BakeAmiSummary summary, String failure, String stopped) {
            this(pauseMillis, summary, failure, stopped, null, null);
        }

        private Next(long pauseMillis, BakeAmiSummary summary, String failure, String stopped, PruneReport prune,
                String debugLogFile) {
            this.pauseMillis = pauseMillis;
            this.summary = summary;
            this.failure = failure;
            this.stopped = stopped;
            this.prune = prune;
            this.debugLogFile = debugLogFile;
        }

        /** Advance again after this pause (milliseconds); -1 once the bake is over. */
        long pauseMillis() {
            return pauseMillis;
        }

        boolean isDone() {
            return pauseMillis < 0;
        }

        /** The bake's outcome when it succeeded. */
        BakeAmiSummary summary() {
            return summary;
        }

        /** Why it failed (an AbortException's message), or null. */
        String failure() {
            return failure;
        }

        /** What the stop did, when it was stopped (also after a successful bake, during its prune); or null. */
        String stopped() {
            return stopped;
        }

        /** What the prune after the bake did ({@code keep}); null when there was none, or it failed. */
        PruneReport prune() {
            return prune;
        }

        /** A failed or stopped bake's debug log, workspace-relative, to archive; or null. */
        String debugLogFile() {
            return debugLogFile;
        }
    }

    private final String bakeId;
    private Phase phase = Phase.PROBE;
    private String checksum;
    private String checksumMode;
    private long checksumMillis;
    private long lookupMillis;
    private String baseImage;
    private ArrayList<String> targetRegions = new ArrayList<>();
    /** The copies to regions that lack the AMI, when the probe found it elsewhere: then no Packer runs. */
    private RegionCopies copies;
    private String lockKey;
    private boolean waitedForLock;
    private PackerRun run;
    private long pauseMillis = MIN_PAUSE_MILLIS;
    private volatile int stopsRequested; // written by the stop (one thread at a time), read by the advancing thread
    private int stopsSent;
    /** The bake's outcome while the prune that follows it runs. */
    private BakeAmiSummary baked;

    /** @param bakeId names the bake's control directory on the agent */
    DurableBake(String bakeId) {
        this.bakeId = bakeId;
    }

    /**
     * Makes the next call and says what to do then. Log lines (the agent's and its own) go to {@code log} in the
     * order they happened.
     */
    Next advance(Agent agent, BakeAmiParameters parameters, Locks locks, Consumer<String> log)
            throws IOException, InterruptedException {
        switch (phase) {
            case PROBE:
                return probe(agent, parameters, log);
            case LOCK:
                return lock(agent, parameters, locks, log);
            case START:
                return start(agent, parameters, locks, log);
            case RUN:
                return follow(agent, parameters, locks, log);
            case FINISH:
            case CLEAN_UP:
                return end(agent, parameters, locks, log);
            case PRUNE:
                return prune(agent, parameters, log);
            default:
                throw new IllegalStateException("the bake is over");
        }
    }

    private Next probe(Agent agent, BakeAmiParameters parameters, Consumer<String> log)
            throws IOException, InterruptedException {
        if (stopsRequested > 0) {
            return stoppedBeforePacker();
        }
        AgentReply reply;
        try {
            reply = agent.call(BakeAmiCallable.probe(parameters, bakeId), true);
        } catch (InterruptedException | CancellationException e) {
            if (stopsRequested > 0) {
                return stoppedBeforePacker();
            }
            throw e;
        }
        reply.getLines().forEach(log);
        if (reply.getOutcome() != AgentReply.Outcome.CONTINUE) {
            return over(reply, parameters);
        }
        checksum = reply.getChecksum();
        checksumMode = reply.getChecksumMode();
        checksumMillis = reply.getChecksumMillis();
        lookupMillis = reply.getLookupMillis();
        baseImage = reply.getBaseImage();
        targetRegions = new ArrayList<>(reply.getTargetRegions());
        copies = reply.getCopies();
        log.accept(copies != null
                ? Messages.Log_Repair(checksum, checksumMode, String.join(", ", copies.missingRegions()))
                : Messages.Log_Probe(checksum, checksumMode));
        phase = Phase.LOCK;
        return now();
    }

    private Next lock(Agent agent, BakeAmiParameters parameters, Locks locks, Consumer<String> log)
            throws IOException, InterruptedException {
        String key = BakeLockTable.key(parameters.getCredentials(), parameters.getCredentialsId(), parameters.getEndpoint(),
                parameters.getRegion(), checksum);
        if (stopsRequested > 0) {
            locks.release(key);
            agent.call(BakeAmiCallable.discard(parameters, bakeId), true); // the probe's listing waited for the finish
            return stoppedBeforePacker();
        }
        if (!locks.tryAcquire(key, waitedForLock ? line -> { } : log)) {
            waitedForLock = true;
            return pause(false);
        }
        lockKey = key;
        phase = Phase.START;
        return now();
    }

    private Next start(Agent agent, BakeAmiParameters parameters, Locks locks, Consumer<String> log)
            throws IOException, InterruptedException {
        // Not cancellable: once it launched Packer, the run must come back here to be followed or stopped.
        AgentReply reply = agent.call(BakeAmiCallable.start(parameters, bakeId, probe(), waitedForLock), false);
        reply.getLines().forEach(log);
        if (reply.getOutcome() != AgentReply.Outcome.CONTINUE) {
            releaseLock(locks);
            return over(reply, parameters);
        }
        run = reply.getRun();
        copies = reply.getCopies();
        phase = Phase.RUN;
        return now();
    }

    private Next follow(Agent agent, BakeAmiParameters parameters, Locks locks, Consumer<String> log)
            throws IOException, InterruptedException {
        if (copies != null) {
            return followCopies(agent, parameters, locks, log);
        }
        boolean stop = stopsRequested > stopsSent;
        AgentReply reply = agent.call(stop ? BakeAmiCallable.stop(parameters, bakeId, probe(), run)
                : BakeAmiCallable.poll(parameters, bakeId, probe(), run), false);
        if (stop) {
            stopsSent++;
        }
        reply.getLines().forEach(log);
        if (reply.getOutcome() != AgentReply.Outcome.CONTINUE) {
            releaseLock(locks); // e.g. the template went away: the run cannot be followed
            return over(reply, parameters);
        }
        run = reply.getRun();
        if (run.ended()) {
            phase = run.stopped() ? Phase.CLEAN_UP : Phase.FINISH;
            return now();
        }
        return pause(!reply.getLines().isEmpty() || stop);
    }

    /** Each poll asks EC2 about the pending copies; a stop goes straight to removing them. */
    private Next followCopies(Agent agent, BakeAmiParameters parameters, Locks locks, Consumer<String> log)
            throws IOException, InterruptedException {
        if (stopsRequested > 0) {
            phase = Phase.CLEAN_UP;
            return now();
        }
        AgentReply reply = agent.call(BakeAmiCallable.poll(parameters, bakeId, probe(), null), false);
        reply.getLines().forEach(log);
        if (reply.getOutcome() != AgentReply.Outcome.CONTINUE) {
            releaseLock(locks);
            return over(reply, parameters);
        }
        copies = reply.getCopies();
        if (copies.ended()) {
            phase = Phase.FINISH;
            return now();
        }
        return pause(!reply.getLines().isEmpty());
    }

    private Next end(Agent agent, BakeAmiParameters parameters, Locks locks, Consumer<String> log)
            throws IOException, InterruptedException {
        BakeAmiCallable call = phase == Phase.CLEAN_UP ? BakeAmiCallable.cleanUp(parameters, bakeId, probe(), run)
                : BakeAmiCallable.finish(parameters, bakeId, probe(), run);
        AgentReply reply = agent.call(call, false);
        reply.getLines().forEach(log);
        releaseLock(locks);
        return over(reply, parameters);
    }

    /** The prune after the bake: its lines and table go to the log; it never fails the bake. */
    private Next prune(Agent agent, BakeAmiParameters parameters, Consumer<String> log)
            throws IOException, InterruptedException {
        phase = Phase.DONE;
        if (stopsRequested > 0) {
            log.accept(Messages.Log_KeepPruneStopped());
            return new Next(-1, baked, null, Messages.Log_KeepPruneStopped());
        }
        AgentReply reply;
        try {
            reply = agent.call(BakeAmiCallable.prune(parameters, bakeId, baked.getChecksum(), baked.isDryRun()), true);
        } catch (InterruptedException | CancellationException e) {
            if (stopsRequested > 0) {
                log.accept(Messages.Log_KeepPruneStopped());
                return new Next(-1, baked, null, Messages.Log_KeepPruneStopped());
            }
            phase = Phase.PRUNE;
            throw e;
        } catch (IOException e) {
            phase = Phase.PRUNE; // the agent could not be reached: the call is repeated
            throw e;
        }
        reply.getLines().forEach(log);
        if (reply.getPrune() == null) {
            log.accept(Messages.Log_KeepPruneFailed(reply.getMessage()));
            return new Next(-1, baked, null, null);
        }
        reply.getPrune().table().forEach(line -> log.accept(Messages.Log_KeepPrune(line)));
        return new Next(-1, baked, null, null, reply.getPrune(), null);
    }

    /** After a restart: the lock this bake held is taken again (the table is in memory), so others wait for it. */
    void reclaimLock(Locks locks) {
        if (lockKey != null && phase != Phase.DONE) {
            locks.tryAcquire(lockKey, line -> { });
        }
    }

    /** Asks the bake to stop; the next {@link #advance} acts on it. A second request while Packer runs kills it. */
    void requestStop() {
        stopsRequested++;
    }

    Phase phase() {
        return phase;
    }

    PackerRun run() {
        return run;
    }

    /** The phase timings so far, for a bake that ends without its own (a stopped one). */
    Map<String, Long> probeMillis() {
        Map<String, Long> timings = new LinkedHashMap<>();
        timings.put("checksum", checksumMillis);
        timings.put("lookup", lookupMillis);
        return timings;
    }

    private BakeProbe probe() {
        return new BakeProbe(checksum, checksumMode, Map.of("checksum", Duration.ofMillis(checksumMillis),
                "lookup", Duration.ofMillis(lookupMillis)), null, baseImage,
                targetRegions == null ? List.of() : targetRegions, copies); // null: kept by a version before regions
    }

    private void releaseLock(Locks locks) {
        if (lockKey != null) {
            locks.release(lockKey);
            lockKey = null;
        }
    }

    private Next over(AgentReply reply, BakeAmiParameters parameters) {
        if (reply.getOutcome() == AgentReply.Outcome.DONE && parameters.retention() != null) {
            baked = reply.getSummary();
            phase = Phase.PRUNE;
            return now();
        }
        phase = Phase.DONE;
        switch (reply.getOutcome()) {
            case DONE:
                return new Next(-1, reply.getSummary(), null, null);
            case STOPPED:
                return new Next(-1, null, null, reply.getMessage(), null, reply.getDebugLogFile());
            default:
                return new Next(-1, null, reply.getMessage() == null ? "bakeAmi: the bake ended unexpectedly"
                        : reply.getMessage(), null, null, reply.getDebugLogFile());
        }
    }

    private Next stoppedBeforePacker() {
        phase = Phase.DONE;
        return new Next(-1, null, null, Messages.Log_StoppedBeforePacker());
    }

    private Next now() {
        pauseMillis = MIN_PAUSE_MILLIS;
        return new Next(0, null, null, null);
    }

    /** The next pause: short again after news (output, a stop), else a little longer each time, up to the max. */
    private Next pause(boolean news) {
        pauseMillis = news ? MIN_PAUSE_MILLIS : Math.min(MAX_PAUSE_MILLIS, (long) (pauseMillis * BACKOFF));
        return new Next(pauseMillis, null, null, null);
    }

    @Override
    public String toString() {
        return "bake " + bakeId + " in phase " + phase + (run == null ? "" : ", " + run)
                + (copies == null ? "" : ", " + copies);
    }

    private static final long serialVersionUID = 1L;
}
