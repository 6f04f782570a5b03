package io.jenkins.plugins.bakeami.engine.lifecycle;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ages and durations as users write them and the lifecycle's tables print them: {@code 7d}, {@code 36h},
 * {@code 1h30m}, {@code 90s}, {@code 500ms}, {@code 0}, or ISO-8601 {@code PT30M}. One spelling everywhere: the
 * CLI's {@code --min-age}, {@code --older-than} and {@code --timeout}, and the Jenkins steps' {@code minAge}.
 */
public final class Ages {
    private static final Pattern WHOLE = Pattern.compile("(?:[0-9]+(?:ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

    private Ages() {}

    /**
     * Reads a duration, zero ({@code 0}, {@code 0s}, {@code PT0S}) included.
     *
     * @param option names the input in the error, e.g. {@code --min-age} or {@code minAge}
     * @return the duration, or null when {@code text} is null
     * @throws IllegalArgumentException naming the option and the value when it is not a duration, or negative
     */
    public static Duration parse(String text, String option) {
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
            throw new IllegalArgumentException(option + " '" + text + "' is not a duration: write e.g. 7d, 36h, 30m,"
                    + " 90s, 1h30m, 500ms or PT30M");
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

    /** As the tables print an age: {@code 7d}, {@code 36h}, {@code 90m}, {@code 45s}, {@code 0s}. */
    public static String format(Duration age) {
        long seconds = Math.max(0, age.getSeconds());
        if (seconds >= 86_400 && seconds % 86_400 == 0 || seconds >= 7 * 86_400) {
            return seconds / 86_400 + "d";
        }
        if (seconds >= 3_600) {
            return seconds / 3_600 + "h";
        }
        if (seconds >= 60) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
