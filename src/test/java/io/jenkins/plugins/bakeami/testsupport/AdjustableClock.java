package io.jenkins.plugins.bakeami.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one clock of the tests: the system clock plus an offset that a test moves, so that what the emulator dates (an
 * image's creation date, with EC2's one-second resolution), what a timeout or an age is measured against, differs
 * without waiting for it. The EC2 emulator of {@link EmulatorFixture} runs on it, and so do the engine's parts that
 * take a clock ({@code PackerRunner}'s timeout, the {@code Pruner}'s ages).
 */
public final class AdjustableClock extends Clock {
    private final AtomicLong offsetNanos = new AtomicLong();

    /** Moves the clock forward by {@code by}. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("advance goes forward: " + by);
        }
        offsetNanos.addAndGet(by.toNanos());
    }

    /**
     * Moves the clock back by {@code by}: what the emulator creates then is dated in the past of a program that reads
     * the system clock (a command line run in-process). A lifecycle state pending meanwhile lasts that much longer,
     * so a test sets the clock back before it starts anything that waits.
     */
    public void setBack(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("setBack goes back: " + by);
        }
        offsetNanos.addAndGet(-by.toNanos());
    }

    @Override
    public Instant instant() {
        return Clock.systemUTC().instant().plusNanos(offsetNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the emulator's clock is always UTC");
    }
}
