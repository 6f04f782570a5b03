package io.jenkins.plugins.bakeami.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's clock in tests: the system clock plus an offset that a test moves forward, so that what the
 * emulator dates (an image's creation date, with EC2's one-second resolution) differs without waiting for it. It only
 * ever goes forward, so the emulator's lifecycle delays are never longer than set.
 */
public final class AdjustableClock extends Clock {
    private final AtomicLong offsetNanos = new AtomicLong();

    /** Moves the clock forward by {@code by}. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only goes forward: " + by);
        }
        offsetNanos.addAndGet(by.toNanos());
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
