package io.jenkins.plugins.bakeami.engine.lifecycle;

import java.time.Duration;

/** Ages as the lifecycle's tables print them: {@code 7d}, {@code 36h}, {@code 90m}, {@code 45s}, {@code 0s}. */
final class Ages {
    private Ages() {}

    static String format(Duration age) {
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
