package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * An emulator's time for the tests of issue 15's sessions: the real time plus an offset the test moves on, so that a
 * session ends exactly where a test wants it to, without waiting. (The emulator's own adjustable clock, where it
 * exists, does the same.)
 */
public final class OffsetClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    /** Moves the time on by {@code step}. */
    public void advance(Duration step) {
        offset = offset.plus(step);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
