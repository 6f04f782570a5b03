package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** EC2's timestamp text: ISO-8601 in UTC with milliseconds, {@code 2025-01-01T00:00:00.000Z}. */
final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter REASON =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Timestamps() {}

    /** The time in an instance's state transition reason: {@code User initiated (2025-01-01 00:00:00 GMT)}. */
    static String reason(Instant instant) {
        return REASON.format(instant);
    }

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /** Image creation dates carry whole seconds only, as EC2's do. */
    static Instant toSeconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    static Instant parse(String text) {
        return Instant.parse(text);
    }
}
