package io.jenkins.plugins.bakeami.tools.cli;

/** The exit statuses every command uses (docs/cli.md lists them per command). */
final class ExitCodes {
    static final int OK = 0;
    /** lookup: no AMI carries the checksum; checksum --diff: the listings differ. */
    static final int NOT_FOUND = 1;
    /** Bad input, found before any EC2 call or Packer run; one line on standard error names it. */
    static final int BAD_INPUT = 2;
    /** Anything else that failed: EC2, Packer, I/O. */
    static final int FAILURE = 3;
    /** Stopped by Ctrl-C, SIGTERM or a thread interrupt (128 + SIGINT, as shells report it). */
    static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
