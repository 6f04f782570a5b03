package io.jenkins.plugins.bakeami.engine.packer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Runs Packer for a {@link PackerInvocation}: {@code packer validate} first, so template errors surface in
 * seconds, then {@code packer build -machine-readable -color=false} in the template's directory, with the
 * invocation's environment given to the Packer process only.
 *
 * <p>The log sink receives, line by line while Packer runs, what a person wants to read (see
 * {@link PackerOutput}); it is called from a reader thread, one line at a time, in order. Secrets are masked in
 * everything the sink, the raw log, the result and the exceptions receive.
 *
 * <p>Stopping: interrupting the calling thread, {@link Cancellation#cancel()} or the invocation's timeout stop the
 * run the way that lets Packer clean up (SIGTERM, the grace period, then SIGKILL of Packer and its whole process
 * tree); the run then ends with a {@link PackerInterruptedException} (interrupt) or {@link PackerCancelledException}
 * (cancel, timeout) whose {@link CancellationReport} says what happened.
 */
public final class PackerRunner {

    private final PackerExecutable packer;
    /** What the invocation's timeout is measured with: {@link System#nanoTime()}, or a test's clock. */
    private final LongSupplier nanoClock;

    public PackerRunner(PackerExecutable packer) {
        this(packer, System::nanoTime);
    }

    /** With the clock the timeout is measured with, so that a test reaches the timeout when it chooses. */
    PackerRunner(PackerExecutable packer, LongSupplier nanoClock) {
        this.packer = packer;
        this.nanoClock = nanoClock;
    }

    public PackerExecutable packer() {
        return packer;
    }

    /** {@code packer validate}; a template Packer rejects is a {@link PackerException} with Packer's messages. */
    public void validate(PackerInvocation invocation, Consumer<String> log)
            throws PackerException, InterruptedException {
        validate(invocation, log, new Cancellation());
    }

    public void validate(PackerInvocation invocation, Consumer<String> log, Cancellation cancellation)
            throws PackerException, InterruptedException {
        Map<String, String> variables = prepare(invocation);
        SecretMasker masker = new SecretMasker(invocation.secrets());
        try (PackerOutput.RawLog rawLog = openRawLog(invocation)) {
            runValidate(invocation, variables, log, cancellation, masker, rawLog, timeout(invocation));
        }
    }

    /**
     * Validates, then builds. Returns the artifacts; a non-zero exit, or (unless the invocation says otherwise) a
     * build without an AMI artifact, is a {@link PackerException}.
     */
    public PackerBuildResult build(PackerInvocation invocation, Consumer<String> log)
            throws PackerException, InterruptedException {
        return build(invocation, log, new Cancellation());
    }

    public PackerBuildResult build(PackerInvocation invocation, Consumer<String> log, Cancellation cancellation)
            throws PackerException, InterruptedException {
        Map<String, String> variables = prepare(invocation);
        SecretMasker masker = new SecretMasker(invocation.secrets());
        BooleanSupplier timedOut = timeout(invocation);
        Path template = invocation.template().path();
        try (PackerOutput.RawLog rawLog = openRawLog(invocation)) {
            long validateStart = System.nanoTime();
            runValidate(invocation, variables, log, cancellation, masker, rawLog, timedOut);
            long buildStart = System.nanoTime();
            PackerOutput output = new PackerOutput(log, masker, rawLog);
            List<String> command = buildCommand(invocation, variables);
            int exit = PackerProcess.run(new PackerProcess.Spec("packer build", command, invocation, timedOut),
                    output, cancellation, masker);
            if (exit != 0) {
                throw new PackerException("packer build of " + template + " failed (exit code " + exit + "):\n"
                        + output.errorText());
            }
            PackerArtifacts artifacts = output.artifacts();
            Map<String, Map<String, String>> amis = artifacts.amiIdsByTarget();
            if (invocation.requireAmiArtifact() && amis.isEmpty()) {
                throw new PackerException(noAmiMessage(template, artifacts.all()));
            }
            return new PackerBuildResult(artifacts.all(), amis, output.resources(), output.tail(),
                    Duration.ofNanos(buildStart - validateStart), PackerProcess.since(buildStart));
        }
    }

    private void runValidate(PackerInvocation invocation, Map<String, String> variables, Consumer<String> log,
                             Cancellation cancellation, SecretMasker masker, PackerOutput.RawLog rawLog,
                             BooleanSupplier timedOut) throws PackerException, InterruptedException {
        PackerOutput output = new PackerOutput(log, masker, rawLog);
        List<String> command = validateCommand(invocation, variables);
        int exit = PackerProcess.run(new PackerProcess.Spec("packer validate", command, invocation, timedOut),
                output, cancellation, masker);
        if (exit != 0) {
            throw new PackerException("packer validate rejected the template " + invocation.template().path()
                    + " (exit code " + exit + "):\n" + output.errorText());
        }
    }

    /** Checks what can be checked before Packer starts; returns the variables to pass. */
    private static Map<String, String> prepare(PackerInvocation invocation) throws PackerException {
        Map<String, String> variables = invocation.effectiveVariables();
        for (Path file : invocation.varFiles()) {
            if (!Files.isRegularFile(file)) {
                throw new PackerException("Packer var file " + file + " (for template " + invocation.template().path()
                        + ") does not exist or is not a file");
            }
        }
        return variables;
    }

    List<String> validateCommand(PackerInvocation invocation, Map<String, String> variables) {
        List<String> command = new ArrayList<>();
        command.add(packer.path().toString());
        command.add("validate");
        command.add("-machine-readable");
        addCommon(command, invocation, variables);
        return command;
    }

    List<String> buildCommand(PackerInvocation invocation, Map<String, String> variables) {
        List<String> command = new ArrayList<>();
        command.add(packer.path().toString());
        command.add("build");
        command.add("-machine-readable");
        command.add("-color=false");
        if (invocation.force()) {
            command.add("-force");
        }
        addCommon(command, invocation, variables);
        return command;
    }

    private static void addCommon(List<String> command, PackerInvocation invocation, Map<String, String> variables) {
        if (!invocation.only().isEmpty()) {
            command.add("-only=" + String.join(",", invocation.only()));
        }
        variables.forEach((name, value) -> {
            command.add("-var");
            command.add(name + "=" + value);
        });
        for (Path file : invocation.varFiles()) {
            command.add("-var-file=" + file);
        }
        command.add(invocation.template().commandArgument());
    }

    /** Whether the invocation's timeout, counted from now, has passed; never, without a timeout. */
    private BooleanSupplier timeout(PackerInvocation invocation) {
        if (invocation.timeout() == null) {
            return () -> false;
        }
        long deadline = nanoClock.getAsLong() + invocation.timeout().toNanos();
        return () -> nanoClock.getAsLong() - deadline >= 0;
    }

    private static PackerOutput.RawLog openRawLog(PackerInvocation invocation) throws PackerException {
        Path file = invocation.rawLogFile();
        if (file == null) {
            return PackerOutput.RawLog.none();
        }
        try {
            return new PackerOutput.RawLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PackerException("Cannot write the Packer log file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String noAmiMessage(Path template, List<PackerArtifact> artifacts) {
        String found = artifacts.isEmpty() ? "it reported no artifact at all"
                : "its artifacts were: " + artifacts.stream()
                        .map(a -> a.target() + " " + a.builderId() + " \"" + a.id() + "\"")
                        .collect(Collectors.joining(", "));
        return "packer build of " + template + " finished (exit code 0) but made no AMI: " + found
                + ". An AMI artifact has an id of the form region:ami-... (amazon-ebs builder); check the template's"
                + " builders and -only.";
    }

}
