package io.jenkins.plugins.bakeami.engine.checksum;

import java.util.regex.Pattern;

/**
 * An exclude pattern of the strict mode, matched against a path relative to its definition directory with '/'
 * between names (e.g. {@code scripts/setup.sh}). The whole path must match; a pattern that matches a directory
 * excludes it with everything below it.
 *
 * <ul>
 *   <li>{@code *} any characters within one name, {@code ?} one character other than '/';</li>
 *   <li>{@code [abc]}, {@code [a-z]}, {@code [!a-z]} one character of (or not of) a set;</li>
 *   <li>{@code **} as a whole name: zero or more names, so {@code **}{@code /*.md} matches {@code README.md}
 *       and {@code docs/a/b.md}, and {@code **}{@code /.git/**} matches {@code .git} and {@code sub/.git/config};</li>
 *   <li>{@code \} makes the next character literal. A leading or trailing '/' is ignored.</li>
 * </ul>
 */
final class ExcludeGlob {
    private final String glob;
    private final Pattern regex;

    private ExcludeGlob(String glob, Pattern regex) {
        this.glob = glob;
        this.regex = regex;
    }

    /** @throws ChecksumInputException naming the pattern when it is empty or malformed */
    static ExcludeGlob compile(String glob) {
        String body = glob;
        while (body.startsWith("/")) {
            body = body.substring(1);
        }
        while (body.endsWith("/") && !body.endsWith("\\/")) {
            body = body.substring(0, body.length() - 1);
        }
        if (body.isEmpty()) {
            throw new ChecksumInputException("exclude pattern '" + glob + "' is empty");
        }
        String[] names = body.replaceAll("(^|/)\\*\\*(/\\*\\*)+(?=/|$)", "$1**").split("/", -1);
        StringBuilder regex = new StringBuilder();
        for (int n = 0; n < names.length; n++) {
            boolean last = n == names.length - 1;
            if (names[n].isEmpty()) {
                throw new ChecksumInputException("exclude pattern '" + glob + "' has an empty name between two '/'");
            }
            if (names[n].equals("**")) {
                if (names.length == 1) {
                    regex.append(".*");
                } else if (n == 0) {
                    regex.append("(?:[^/]*/)*");            // zero or more leading names, each with its '/'
                } else if (last) {
                    regex.append("(?:/.*)?");                // the directory itself or anything below it
                } else {
                    regex.append("/(?:[^/]*/)*");
                }
                continue;
            }
            if (n > 0 && !names[n - 1].equals("**")) {
                regex.append('/');   // after "**" the regex above already ends with '/' (or matched nothing)
            }
            appendName(regex, names[n], glob);
        }
        return new ExcludeGlob(glob, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    private static void appendName(StringBuilder regex, String name, String glob) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '*':
                    if (i + 1 < name.length() && name.charAt(i + 1) == '*') {
                        throw new ChecksumInputException("exclude pattern '" + glob
                                + "': '**' must be a whole name (like '**/x' or 'x/**')");
                    }
                    regex.append("[^/]*");
                    break;
                case '?':
                    regex.append("[^/]");
                    break;
                case '[':
                    i = appendCharClass(regex, name, i, glob);
                    break;
                case '\\':
                    if (i + 1 >= name.length()) {
                        throw new ChecksumInputException("exclude pattern '" + glob + "' ends with a lone '\\'");
                    }
                    i++;
                    regex.append(Pattern.quote(String.valueOf(name.charAt(i))));
                    break;
                default:
                    if (Character.isHighSurrogate(c) && i + 1 < name.length()) {
                        regex.append(Pattern.quote(name.substring(i, i + 2)));
                        i++;
                    } else {
                        regex.append(Pattern.quote(String.valueOf(c)));
                    }
            }
        }
    }

    /** Appends {@code [...]} starting at {@code open}; returns the index of its closing ']'. */
    private static int appendCharClass(StringBuilder regex, String name, int open, String glob) {
        int i = open + 1;
        boolean negate = i < name.length() && name.charAt(i) == '!';
        if (negate) {
            i++;
        }
        StringBuilder set = new StringBuilder();
        boolean first = true;
        for (; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ']' && !first) {
                regex.append(negate ? "[^/" : "(?:(?!/)[").append(set).append(negate ? "]" : "])");
                return i;
            }
            first = false;
            if (c == '-' && set.length() > 0 && i + 1 < name.length() && name.charAt(i + 1) != ']') {
                set.append('-');
            } else if (c == '\\' && i + 1 < name.length()) {
                i++;
                set.append('\\').append(name.charAt(i));
            } else if (Character.isLetterOrDigit(c)) {
                set.append(c);
            } else {
                set.append('\\').append(c);
            }
        }
        throw new ChecksumInputException("exclude pattern '" + glob + "' has a '[' without its ']'");
    }

    /** True when the '/'-separated relative path matches the whole pattern. */
    boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    String glob() {
        return glob;
    }

    @Override
    public String toString() {
        return glob;
    }
}
