package io.jenkins.plugins.bakeami.engine.packer;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a command detached from the JVM that starts it, the way durable-task runs {@code sh} steps: a small POSIX sh
 * wrapper runs it with its standard input from /dev/null and its output appended to a log file, writes its pid, and
 * writes its exit status to a file when it ends (to a temporary name first, then moved, so a reader never sees half
 * of it). With {@code setsid} (Linux) the wrapper leads a session of its own, so nothing that happens to the JVM, its
 * terminal or its process group reaches the command. The command keeps running when the JVM that started it (a
 * Jenkins agent's remote call, the agent itself) ends; anyone who can read the directory can follow it.
 *
 * <p>Launching into a directory where a launch happened already finds that command again instead of starting
 * another: a call whose answer was lost may be repeated.
 *
 * <p>No secret is written: the wrapper is the same text for every run, the arguments reach it as {@code "$@"}, and
 * credentials only through the process environment. The directory is readable by its owner only.
 *
 * <p>Files in the directory: {@value #WRAPPER}, {@value #LOG}, {@value #PID} ("WRAPPER_PID COMMAND_PID"),
 * {@value #STATUS}.
 */
final class DetachedLauncher {
    static final String WRAPPER = "wrapper.sh";
    static final String LOG = "output.log";
    static final String PID = "pid";
    static final String STATUS = "status";

    private static final String WRAPPER_TEXT = """
            #!/bin/sh
            # Written by bakeAmi: runs one command detached from the JVM that started it and records how it ended.
            # Usage: wrapper.sh COMMAND [ARG...]. The same text for every run; arguments come as "$@", credentials
            # only through the environment.
            dir=$(dirname "$0")
            "$@" < /dev/null >> "$dir/output.log" 2>&1 &
            echo "$$ $!" > "$dir/pid.tmp" && mv "$dir/pid.tmp" "$dir/pid"
            wait $!
            code=$?
            echo "$code" > "$dir/status.tmp" && mv "$dir/status.tmp" "$dir/status"
            """;
    /** How long the wrapper may take to say which pid the command got. */
    private static final long PID_WAIT_MILLIS = 30_000;
    private static final List<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid");

    /** The wrapper's and the command's identities. */
    record Started(ProcessId wrapper, ProcessId command) {
    }

    private DetachedLauncher() {
    }

    /**
     * Starts {@code command} in {@code workingDirectory} with exactly {@code environment}, its files in
     * {@code directory} (created, owner-only). Returns once the command runs (or already ended).
     */
    static Started launch(List<String> command, Path workingDirectory, Map<String, String> environment,
            Path directory) throws IOException {
        if (Files.exists(directory.resolve(PID))) {
            return recover(directory); // launched before: the call that did it lost its answer (a restart)
        }
        Files.createDirectories(directory);
        restrictToOwner(directory);
        Path wrapper = directory.resolve(WRAPPER);
        Files.writeString(wrapper, WRAPPER_TEXT, StandardCharsets.UTF_8);
        Path log = directory.resolve(LOG);
        Files.writeString(log, "", StandardCharsets.UTF_8);
        List<String> argv = new ArrayList<>();
        SETSID.stream().filter(s -> Files.isExecutable(Path.of(s))).findFirst().ifPresent(argv::add);
        argv.add("/bin/sh");
        argv.add(wrapper.toString());
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        return awaitPids(directory, process);
    }

    /** Waits until the wrapper wrote the pids (it does so at once); then takes both processes' start times. */
    private static Started awaitPids(Path directory, Process wrapper) throws IOException {
        Path pidFile = directory.resolve(PID);
        long deadline = System.nanoTime() + PID_WAIT_MILLIS * 1_000_000;
        boolean interrupted = false;
        try {
            while (!Files.exists(pidFile)) {
                if (!wrapper.isAlive() && !Files.exists(pidFile)) {
                    throw new IOException("the wrapper in " + directory + " ended (exit code " + wrapper.exitValue()
                            + ") before starting the command: " + Files.readString(directory.resolve(LOG),
                                    StandardCharsets.UTF_8).strip());
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("the wrapper in " + directory + " did not start the command within "
                            + PID_WAIT_MILLIS / 1000 + " s");
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    interrupted = true; // the command may be starting: find it first, the caller stops it
                }
            }
            return recover(directory);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The processes the wrapper in {@code directory} said it started; their start times are read now. */
    private static Started recover(Path directory) throws IOException {
        String[] pids = Files.readString(directory.resolve(PID), StandardCharsets.US_ASCII).trim().split(" ");
        return new Started(ProcessId.of(Long.parseLong(pids[0])), ProcessId.of(Long.parseLong(pids[1])));
    }

    private static void restrictToOwner(Path directory) throws IOException {
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to restrict with
        }
    }
}
