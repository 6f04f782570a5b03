package io.jenkins.plugins.bakeami.engine.packer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs one Packer command to its end, or stops it: on an interrupt of the calling thread, on
 * {@link Cancellation#cancel()} or at the deadline, Packer is stopped by {@link ProcessTreeStopper} and a
 * {@link PackerInterruptedException} or {@link PackerCancelledException} carries the report. Output is read on a
 * separate thread line by line and handed to {@link PackerOutput} as it arrives.
 */
final class PackerProcess {

    private static final long POLL_MILLIS = 100;
    private static final Pattern PLAIN_ARGUMENT = Pattern.compile("[A-Za-z0-9_./=:,@%+-]+");
    /** After Packer exited, how long to wait for its output to be drained (a leftover child may hold the pipe). */
    private static final long DRAIN_MILLIS = 10_000;

    /**
     * What to run.
     *
     * @param action   {@code packer validate} / {@code packer build}, for messages
     * @param timedOut whether the invocation's timeout has passed (never, without one)
     */
    record Spec(String action, List<String> command, PackerInvocation invocation, BooleanSupplier timedOut) {
    }

    private PackerProcess() {
    }

    /** Returns Packer's exit code once it exited by itself and its output was read. */
    static int run(Spec spec, PackerOutput output, Cancellation cancellation, SecretMasker masker)
            throws PackerException, PackerInterruptedException {
        PackerInvocation invocation = spec.invocation();
        String template = invocation.template().path().toString();
        CancellationReport.Reason early = Thread.interrupted() ? CancellationReport.Reason.INTERRUPTED
                : cancellation.isCancelled() ? CancellationReport.Reason.CANCELLED
                : spec.timedOut().getAsBoolean() ? CancellationReport.Reason.TIMED_OUT : null;
        if (early != null) {
            throw stopped(CancellationReport.notStarted(early, spec.action(), template), false);
        }
        output.say("$ " + display(spec.command(), masker) + "    (in " + invocation.template().workingDirectory()
                + ")");
        ProcessBuilder pb = new ProcessBuilder(spec.command())
                .directory(invocation.template().workingDirectory().toFile())
                .redirectErrorStream(true);
        ProcessEnvironment.apply(pb.environment(), invocation.environment(), invocation.inheritEnvironment());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new PackerException("Cannot start " + spec.action() + " for " + template + ": " + e.getMessage(), e);
        }
        closeQuietly(process);
        Thread reader = new Thread(() -> drain(process, output), "packer-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();

        CancellationReport.Reason reason = null;
        try {
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (cancellation.isCancelled()) {
                    reason = CancellationReport.Reason.CANCELLED;
                    break;
                }
                if (spec.timedOut().getAsBoolean()) {
                    reason = CancellationReport.Reason.TIMED_OUT;
                    break;
                }
            }
        } catch (InterruptedException e) {
            reason = CancellationReport.Reason.INTERRUPTED;
        }
        if (reason == null) {
            if (awaitDrained(reader)) {
                Thread.currentThread().interrupt(); // interrupted after Packer finished: keep it for the caller
            }
            return process.exitValue();
        }
        output.say(spec.action() + " of " + template + " " + reason.words() + ": stopping packer");
        ProcessTreeStopper.Outcome outcome = ProcessTreeStopper.stop(
                process, invocation.gracePeriod(), output::say, masker::mask);
        boolean interruptedWhileDraining = awaitDrained(reader);
        CancellationReport report = new CancellationReport(reason, spec.action(), template, true, process.pid(),
                invocation.gracePeriod(), outcome.exitedAfterTerm(), outcome.waited(), outcome.killed(),
                outcome.interruptedAgain(), outcome.killedDescendants(), outcome.survivors(), output.resources());
        output.say(report.summary());
        throw stopped(report, outcome.interruptedAgain() || interruptedWhileDraining);
    }

    /**
     * The exception for a stopped run: throws {@link PackerInterruptedException} when the thread was interrupted,
     * else returns the {@link PackerCancelledException} for the caller to throw.
     */
    private static PackerCancelledException stopped(CancellationReport report, boolean interrupted)
            throws PackerInterruptedException {
        if (report.reason() == CancellationReport.Reason.INTERRUPTED || interrupted) {
            throw new PackerInterruptedException(report);
        }
        return new PackerCancelledException(report);
    }

    private static void drain(Process process, PackerOutput output) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.accept(line);
            }
        } catch (IOException e) {
            // the stream was closed under us: the process is gone
        }
    }

    /** Waits (bounded) until all output was read; returns whether the thread was interrupted meanwhile. */
    private static boolean awaitDrained(Thread reader) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        while (reader.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    /** The command for the log, secret values masked, arguments quoted for a POSIX shell where needed. */
    static String display(List<String> command, SecretMasker masker) {
        return command.stream().map(masker::mask).map(PackerProcess::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String argument) {
        if (PLAIN_ARGUMENT.matcher(argument).matches()) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close(); // Packer never reads input here; EOF if it tries
        } catch (IOException e) {
            // nothing to do
        }
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
