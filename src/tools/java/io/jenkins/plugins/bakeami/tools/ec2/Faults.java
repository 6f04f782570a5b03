package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Duration;
import java.util.Locale;
import java.util.Random;

/**
 * Faults a test injects: throttle ({@code RequestLimitExceeded}, 503) or fail with {@code InternalError} (500) the
 * next N calls or a share of calls (from a seeded generator, so a run can be repeated), add latency, fail one named
 * action with a given error code, or drop connections without an answer. Thread-safe.
 */
public final class Faults {
    /** What the emulator does with one call, decided before the call runs. */
    static final class Decision {
        static final Decision NONE = new Decision(null, null, false);

        final String code;
        final String message;
        final boolean drop;

        Decision(String code, String message, boolean drop) {
            this.code = code;
            this.message = message;
            this.drop = drop;
        }
    }

    private Random random;
    private int throttleNext;
    private double throttleRate;
    private int serverErrorNext;
    private double serverErrorRate;
    private int dropNext;
    private Duration latency = Duration.ZERO;
    private String failingAction;
    private String failingCode;
    private String failingMessage;
    private int failingTimes;

    Faults(long seed) {
        this.random = new Random(seed);
    }

    /** Answers the next {@code n} calls with {@code RequestLimitExceeded}. */
    public synchronized Faults throttleNext(int n) {
        throttleNext = requireCount(n);
        return this;
    }

    /** Answers this share of calls (0 to 1) with {@code RequestLimitExceeded}. */
    public synchronized Faults throttleRate(double share) {
        throttleRate = requireShare(share);
        return this;
    }

    /** Answers the next {@code n} calls with {@code InternalError} (HTTP 500). */
    public synchronized Faults serverErrorNext(int n) {
        serverErrorNext = requireCount(n);
        return this;
    }

    /** Answers this share of calls (0 to 1) with {@code InternalError} (HTTP 500). */
    public synchronized Faults serverErrorRate(double share) {
        serverErrorRate = requireShare(share);
        return this;
    }

    /** Closes the connection of the next {@code n} calls without any answer. */
    public synchronized Faults dropNext(int n) {
        dropNext = requireCount(n);
        return this;
    }

    /** Waits this long before answering every call. */
    public synchronized Faults latency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency cannot be negative: " + latency);
        }
        this.latency = latency;
        return this;
    }

    /**
     * Fails every call of {@code action} with the EC2 error {@code code} (HTTP status as EC2 sends it for that code)
     * until {@link #clear()}; {@code times} limits it to that many calls (0 = every call).
     */
    public synchronized Faults failAction(String action, String code, String message, int times) {
        failingAction = action;
        failingCode = code;
        failingMessage = message == null ? "Injected failure of " + action : message;
        failingTimes = times == 0 ? -1 : requireCount(times);
        return this;
    }

    public Faults failAction(String action, String code) {
        return failAction(action, code, null, 0);
    }

    /** Restarts the generator behind the rates, so a run can be repeated. */
    public synchronized Faults seed(long seed) {
        random = new Random(seed);
        return this;
    }

    /** Removes every fault. */
    public synchronized Faults clear() {
        throttleNext = 0;
        throttleRate = 0;
        serverErrorNext = 0;
        serverErrorRate = 0;
        dropNext = 0;
        latency = Duration.ZERO;
        failingAction = null;
        return this;
    }

    synchronized Duration latency() {
        return latency;
    }

    /** Decides the fault (if any) for one call; consumes the "next N" counters. */
    synchronized Decision decide(String action) {
        if (dropNext > 0) {
            dropNext--;
            return new Decision(null, null, true);
        }
        if (throttleNext > 0) {
            throttleNext--;
            return throttled();
        }
        if (serverErrorNext > 0) {
            serverErrorNext--;
            return internal();
        }
        if (failingAction != null && failingAction.equals(action) && failingTimes != 0) {
            if (failingTimes > 0) {
                failingTimes--;
            }
            return new Decision(failingCode, failingMessage, false);
        }
        if (throttleRate > 0 && random.nextDouble() < throttleRate) {
            return throttled();
        }
        if (serverErrorRate > 0 && random.nextDouble() < serverErrorRate) {
            return internal();
        }
        return Decision.NONE;
    }

    private static Decision throttled() {
        return new Decision("RequestLimitExceeded", "Request limit exceeded.", false);
    }

    private static Decision internal() {
        return new Decision("InternalError", "An internal error has occurred", false);
    }

    private static int requireCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("count cannot be negative: " + n);
        }
        return n;
    }

    private static double requireShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "share must be between 0 and 1: %s", share));
        }
        return share;
    }
}
