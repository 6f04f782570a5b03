package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.lifecycle.Ages;
import java.time.Duration;
import java.util.Locale;

/**
 * The CLI's durations: read as {@link Ages#parse} reads them ({@code 30m}, {@code 90s}, {@code 1h30m}, {@code 500ms},
 * {@code 7d} or ISO-8601 {@code PT30M}), the same spelling as the Jenkins steps' options; printed for people.
 */
final class DurationOption {
    private DurationOption() {}

    /** @return the duration, or null when {@code text} is null; an error naming {@code option} when it is not one */
    static Duration parse(String text, String option) {
        Duration duration = Ages.parse(text, option);
        if (duration != null && duration.isZero()) {
            throw new IllegalArgumentException(option + " '" + text + "' must be longer than zero");
        }
        return duration;
    }

    /** Like {@link #parse}, with zero ({@code 0}, {@code 0s}, {@code PT0S}) allowed. */
    static Duration parseNonNegative(String text, String option) {
        return Ages.parse(text, option);
    }

    /** For messages and summaries: {@code 850 ms}, {@code 4.2 s}, {@code 2 min 5 s}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return duration.toMinutes() + " min " + duration.toSecondsPart() + " s";
    }
}
