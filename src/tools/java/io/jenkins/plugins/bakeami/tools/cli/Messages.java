package io.jenkins.plugins.bakeami.tools.cli;

/** Error messages as the commands print them. */
final class Messages {
    private Messages() {}

    /** A message on one line: bad input and EC2 errors are reported in exactly one line of standard error. */
    static String oneLine(String message) {
        return message == null ? "failed" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
