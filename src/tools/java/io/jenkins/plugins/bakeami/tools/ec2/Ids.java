package io.jenkins.plugins.bakeami.tools.ec2;

import java.util.HashSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/** Resource ids shaped like EC2's ({@code ami-} and 17 hex digits), unique, from a seeded generator. */
final class Ids {
    private static final Pattern SHAPE = Pattern.compile("[a-z]+-([0-9a-f]{8}|[0-9a-f]{17})");

    private final Random random;
    private final Random requests;
    private final Set<String> used = new HashSet<>();
    /** How many ids were drawn; the state file keeps it, so a restarted emulator never issues an old id again. */
    private long drawn;

    Ids(long seed) {
        this.random = new Random(seed);
        this.requests = new Random(~seed);
    }

    synchronized long drawn() {
        return drawn;
    }

    /** Draws (and forgets) ids until {@code count} were drawn: continues the sequence of a saved emulator. */
    synchronized void advanceTo(long count) {
        while (drawn < count) {
            draw("x");
        }
    }

    private String draw(String prefix) {
        drawn++;
        StringBuilder id = new StringBuilder(prefix).append('-');
        for (int i = 0; i < 17; i++) {
            id.append(Character.forDigit(random.nextInt(16), 16));
        }
        return id.toString();
    }

    synchronized String next(String prefix) {
        while (true) {
            String s = draw(prefix);
            if (used.add(s)) {
                return s;
            }
        }
    }

    /** Records an id that came from elsewhere (a seed, the state file) so it is never issued again. */
    synchronized void reserve(String id) {
        used.add(id);
    }

    synchronized String requestId() {
        return String.format(Locale.ROOT, "%08x-%04x-4%03x-a%03x-%012x", requests.nextInt(), requests.nextInt(0x10000),
                requests.nextInt(0x1000), requests.nextInt(0x1000), requests.nextLong() & 0xffffffffffffL);
    }

    /** Whether an id has EC2's shape for the given prefix ({@code ami}, {@code i}, ...). */
    static boolean wellFormed(String id, String prefix) {
        return id != null && id.startsWith(prefix + "-") && SHAPE.matcher(id).matches();
    }
}
