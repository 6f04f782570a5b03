package io.jenkins.plugins.bakeami.tools.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations such as {@code 30m}, {@code 90s}, {@code 1h30m}, {@code 500ms} or ISO-8601 {@code PT30M}. */
final class DurationOption {
    private static final Pattern WHOLE = Pattern.compile("(?:[0-9]+(?:ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

    private DurationOption() {}

    /** @return the duration, or null when {@code text} is null; an error naming {@code option} when it is not one */
    static Duration parse(String text, String option) {
        Duration duration = parseNonNegative(text, option);
        if (duration != null && duration.isZero()) {
            throw new IllegalArgumentException(option + " '" + text + "' must be longer than zero");
        }
        return duration;
    }

    /** Like {@link #parse}, with zero ({@code 0}, {@code 0s}, {@code PT0S}) allowed. */
    static Duration parseNonNegative(String text, String option) {
        if (text == null) {
            return null;
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        Duration duration;
        try {
            duration = value.equals("0") ? Duration.ZERO
                    : value.startsWith("p") ? Duration.parse(value.toUpperCase(Locale.ROOT)) : simple(value);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            duration = null;
        }
        if (duration == null) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a duration: write e.g. 30m, 90s, 1h30m,"
                    + " 500ms or PT30M");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException(option + " '" + text + "' must be longer than zero");
        }
        return duration;
    }

    private static Duration simple(String value) {
        if (!WHOLE.matcher(value).matches()) {
            return null;
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(value);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        return total;
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
