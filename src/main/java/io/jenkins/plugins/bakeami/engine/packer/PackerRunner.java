package io.jenkins.plugins.bakeami.engine.packer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs Packer for a {@link PackerInvocation}: {@code packer validate} first, so template errors surface in
 * seconds, then {@code packer build -machine-readable -color=false} in the template's directory, with the
 * invocation's environment given to the Packer process only. Every Packer command runs detached
 * ({@link DetachedLauncher}): its output goes to a file that is read line by line ({@link PackerRun#poll}), so the
 * same run can be followed by the thread that started it ({@link #build}, the CLI) or by short calls from a Jenkins
 * controller that may restart meanwhile ({@link #start}, {@link #poll}, {@link #stop}, {@link #result}).
 *
 * <p>The log sink receives, line by line, what a person wants to read (see {@link PackerOutput}). Secrets are masked
 * in everything the sink, the raw log, the result and the exceptions receive.
 *
 * <p>Stopping: interrupting the calling thread, {@link Cancellation#cancel()} or the invocation's timeout stop the
 * run the way that lets Packer clean up (SIGTERM, the grace period, then SIGKILL of Packer and its whole process
 * tree); the run then ends with a {@link PackerInterruptedException} (interrupt) or {@link PackerCancelledException}
 * (cancel, timeout) whose {@link CancellationReport} says what happened.
 */
public final class PackerRunner {

    /** How often a waiting thread reads Packer's output. */
    private static final long POLL_MILLIS = 100;
    private static final Pattern PLAIN_ARGUMENT = Pattern.compile("[A-Za-z0-9_./=:,@%+-]+");
    static final String VALIDATE_DIRECTORY = "validate";
    static final String BUILD_DIRECTORY = "build";
    static final String INIT_DIRECTORY = "init";
    static final String PLUGINS_DIRECTORY = "plugins";
    /** From this Packer on, the amazon builders are a plugin that must be installed; before, they are built in. */
    public static final PackerVersion AMAZON_PLUGIN_SEPARATE = new PackerVersion(1, 10, 0);
    static final String AMAZON_PLUGIN = "github.com/hashicorp/amazon";

    private final PackerExecutable packer;
    private final Clock clock;

    /** @param packer the executable to start runs with; null for a runner that only follows runs started before */
    public PackerRunner(PackerExecutable packer) {
        this(packer, Clock.systemUTC());
    }

    PackerRunner(PackerExecutable packer, Clock clock) {
        this.packer = packer;
        this.clock = clock;
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
        Path directory = temporaryDirectory();
        try (PackerOutput.RawLog rawLog = openRawLog(invocation)) {
            runValidate(invocation, variables, new PackerOutput(log, masker(invocation), rawLog), cancellation,
                    deadline(invocation), directory);
        } finally {
            Directories.deleteTree(directory);
        }
    }

    /**
     * Validates, then builds, and waits for the end. Returns the artifacts; a non-zero exit, or (unless the
     * invocation says otherwise) a build without an AMI artifact, is a {@link PackerException}.
     */
    public PackerBuildResult build(PackerInvocation invocation, Consumer<String> log)
            throws PackerException, InterruptedException {
        return build(invocation, log, new Cancellation());
    }

    public PackerBuildResult build(PackerInvocation invocation, Consumer<String> log, Cancellation cancellation)
            throws PackerException, InterruptedException {
        Path directory = temporaryDirectory();
        try (PackerOutput.RawLog rawLog = openRawLog(invocation)) {
            PackerOutput output = new PackerOutput(log, masker(invocation), rawLog);
            PackerRun run = start(invocation, directory, output, cancellation);
            await(run, output, cancellation);
            return result(run, invocation);
        } finally {
            Directories.deleteTree(directory);
        }
    }

    /**
     * Runs {@code packer init} when the invocation asks for it, checks that a Packer 1.10 or newer has the amazon
     * plugin, validates (waiting for each), then launches {@code packer build} detached, its files under
     * {@code directory}, and returns at once. The invocation's timeout counts from now and covers all of it. Follow
     * the run with {@link #poll} (or {@link #await}) until it {@linkplain PackerRun#ended() ended}, then take
     * {@link #result}.
     */
    public PackerRun start(PackerInvocation invocation, Path directory, Consumer<String> log)
            throws PackerException, InterruptedException {
        return start(invocation, directory, new PackerOutput(log, masker(invocation), PackerOutput.RawLog.none()),
                new Cancellation());
    }

    private PackerRun start(PackerInvocation invocation, Path directory, PackerOutput output,
            Cancellation cancellation) throws PackerException, InterruptedException {
        Map<String, String> variables = prepare(invocation);
        long deadline = deadline(invocation);
        long validateStart = clock.millis();
        String template = invocation.template().path().toString();
        if (invocation.init()) {
            Map<String, String> token = invocation.githubToken() == null ? Map.of()
                    : Map.of("PACKER_GITHUB_API_TOKEN", invocation.githubToken());
            runToEnd("packer init", initCommand(invocation), token, "packer init of " + template + " failed",
                    invocation, output, cancellation, deadline, directory.resolve(INIT_DIRECTORY));
        }
        if (!packer.version().isOlderThan(AMAZON_PLUGIN_SEPARATE)) {
            PackerOutput installed = runToEnd("packer plugins installed", List.of(packer.path().toString(), "plugins",
                    "installed"), Map.of(), "packer plugins installed failed", invocation, output, cancellation,
                    deadline, directory.resolve(PLUGINS_DIRECTORY));
            if (installed.tail().stream().noneMatch(line -> line.contains(AMAZON_PLUGIN + "/"))) {
                throw new PackerException("Packer " + packer.version() + " at " + packer.path() + " has no amazon"
                        + " plugin (since Packer " + AMAZON_PLUGIN_SEPARATE + " the amazon builders are a plugin of"
                        + " their own): install it on the agent with `packer plugins install " + AMAZON_PLUGIN
                        + "`, or declare it in the template's required_plugins (source = \"" + AMAZON_PLUGIN
                        + "\") and let the bake run packer init (init: auto or always)");
            }
        }
        runValidate(invocation, variables, output, cancellation, deadline, directory.resolve(VALIDATE_DIRECTORY));
        Duration validated = Duration.ofMillis(clock.millis() - validateStart);
        return launch("packer build", buildCommand(invocation, variables), Map.of(), invocation, output, cancellation,
                deadline, directory.resolve(BUILD_DIRECTORY), validated);
    }

    /** Reads what the run wrote since the last poll into {@code log} and moves it on (timeout, grace period, end). */
    public void poll(PackerRun run, PackerInvocation invocation, Consumer<String> log) {
        run.poll(new PackerOutput(log, masker(invocation), PackerOutput.RawLog.none()), clock);
    }

    /** Stops the run (a second stop kills at once); follow it with {@link #poll} until it ended. */
    public void stop(PackerRun run, PackerInvocation invocation, CancellationReport.Reason reason,
            Consumer<String> log) {
        run.stop(reason, new PackerOutput(log, masker(invocation), PackerOutput.RawLog.none()), clock);
    }

    /**
     * Follows the run on this thread until it ended. An interrupt of this thread or the cancellation stops it (a
     * second interrupt kills at once); the interrupt status is cleared then, as for any InterruptedException that
     * {@link #result} throws. An interrupt that comes after Packer ended by itself is kept for the caller.
     */
    public void await(PackerRun run, PackerInvocation invocation, Consumer<String> log, Cancellation cancellation) {
        await(run, invocation, log, cancellation, polled -> { });
    }

    /** As {@link #await(PackerRun, PackerInvocation, Consumer, Cancellation)}, calling {@code afterPoll} after each poll. */
    public void await(PackerRun run, PackerInvocation invocation, Consumer<String> log, Cancellation cancellation,
            Consumer<PackerRun> afterPoll) {
        await(run, new PackerOutput(log, masker(invocation), PackerOutput.RawLog.none()), cancellation, afterPoll);
    }

    private void await(PackerRun run, PackerOutput output, Cancellation cancellation) {
        await(run, output, cancellation, polled -> { });
    }

    private void await(PackerRun run, PackerOutput output, Cancellation cancellation, Consumer<PackerRun> afterPoll) {
        boolean interruptedAfterEnd = false;
        while (true) {
            run.poll(output, clock);
            afterPoll.accept(run);
            if (run.ended()) {
                break;
            }
            if (cancellation.isCancelled() && !run.stopped()) {
                run.stop(CancellationReport.Reason.CANCELLED, output, clock);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                run.stop(CancellationReport.Reason.INTERRUPTED, output, clock);
                interruptedAfterEnd = !run.stopped();
            }
        }
        if (interruptedAfterEnd) {
            Thread.currentThread().interrupt(); // Packer had finished: the caller decides what the interrupt means
        }
    }

    /**
     * The outcome of an ended run: its artifacts, or why there are none. A stopped run is a
     * {@link PackerInterruptedException} or {@link PackerCancelledException} whose report names what Packer
     * created; a non-zero exit, or (unless the invocation says otherwise) no AMI artifact, a {@link PackerException}.
     */
    public PackerBuildResult result(PackerRun run, PackerInvocation invocation)
            throws PackerException, PackerInterruptedException {
        PackerOutput output = new PackerOutput(line -> { }, masker(invocation), PackerOutput.RawLog.none());
        try {
            run.replay(output);
        } catch (IOException e) {
            throw new PackerException("Cannot read the output of " + run + ": " + e.getMessage(), e);
        }
        if (run.stopped()) {
            throw stopped(run.report(output.resources()), false);
        }
        Path template = invocation.template().path();
        Integer exit = run.exitCode();
        if (exit == null) {
            throw new PackerException("packer build of " + template + " ended without an exit status (its wrapper"
                    + " was killed from outside):\n" + output.errorText());
        }
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
                run.validateDuration(), run.buildDuration());
    }

    /** Feeds the run's whole output once more to {@code log} as the lines a person reads. */
    public void replay(PackerRun run, PackerInvocation invocation, Consumer<String> log) throws PackerException {
        try {
            run.replay(new PackerOutput(log, masker(invocation), PackerOutput.RawLog.none()));
        } catch (IOException e) {
            throw new PackerException("Cannot read the output of " + run + ": " + e.getMessage(), e);
        }
    }

    /** What a stopped run announced creating, for the caller's cleanup through EC2. */
    public PackerResources resources(PackerRun run, PackerInvocation invocation) {
        return run.resources(new PackerOutput(line -> { }, masker(invocation), PackerOutput.RawLog.none()));
    }

    private void runValidate(PackerInvocation invocation, Map<String, String> variables, PackerOutput shared,
            Cancellation cancellation, long deadline, Path directory) throws PackerException, InterruptedException {
        runToEnd("packer validate", validateCommand(invocation, variables), Map.of(), "packer validate rejected the"
                + " template " + invocation.template().path(), invocation, shared, cancellation, deadline, directory);
    }

    /**
     * Runs one short Packer command to its end (detached, as the build is); its lines go to the shared sink and raw
     * log, its errors to an output of its own, which is returned. A non-zero exit is a {@link PackerException}
     * starting with {@code failure}.
     */
    private PackerOutput runToEnd(String action, List<String> command, Map<String, String> environment,
            String failure, PackerInvocation invocation, PackerOutput shared, Cancellation cancellation, long deadline,
            Path directory) throws PackerException, InterruptedException {
        PackerOutput output = shared.sibling();
        PackerRun run = launch(action, command, environment, invocation, output, cancellation, deadline, directory,
                Duration.ZERO);
        try {
            await(run, output, cancellation);
            if (run.stopped()) {
                throw stopped(run.report(PackerResources.none()), false);
            }
            Integer exit = run.exitCode();
            if (exit == null || exit != 0) {
                throw new PackerException(failure + " (exit code " + exit + "):\n" + output.errorText());
            }
            return output;
        } finally {
            run.discard();
        }
    }

    /** {@code environment}: set for this command only, over the invocation's. */
    private PackerRun launch(String action, List<String> command, Map<String, String> environment,
            PackerInvocation invocation, PackerOutput output, Cancellation cancellation, long deadline, Path directory,
            Duration validated) throws PackerException, PackerInterruptedException {
        String template = invocation.template().path().toString();
        CancellationReport.Reason early = Thread.interrupted() ? CancellationReport.Reason.INTERRUPTED
                : cancellation.isCancelled() ? CancellationReport.Reason.CANCELLED
                : deadline > 0 && clock.millis() >= deadline ? CancellationReport.Reason.TIMED_OUT : null;
        if (early != null) {
            throw stopped(CancellationReport.notStarted(early, action, template), false);
        }
        Path workingDirectory = invocation.template().workingDirectory();
        output.say("$ " + display(command, output::mask) + "    (in " + workingDirectory + ")");
        Map<String, String> processEnvironment = new HashMap<>(System.getenv());
        ProcessEnvironment.apply(processEnvironment, invocation.environment(), invocation.inheritEnvironment());
        processEnvironment.putAll(environment);
        if (invocation.debugDirectory() != null) {
            try {
                Files.createDirectories(invocation.debugDirectory());
            } catch (IOException e) {
                throw new PackerException("Cannot create the directory of Packer's debug log "
                        + invocation.debugDirectory() + ": " + e.getMessage(), e);
            }
            processEnvironment.putAll(PackerDebugLog.environment(invocation.debugDirectory(), action));
        }
        try {
            DetachedLauncher.Started started = DetachedLauncher.launch(command, workingDirectory, processEnvironment,
                    directory);
            return new PackerRun(directory, action, template, started, clock.millis(), invocation.gracePeriod(),
                    deadline, validated, invocation.debugDirectory());
        } catch (IOException e) {
            throw new PackerException("Cannot start " + action + " for " + template + ": " + e.getMessage(), e);
        }
    }

    /**
     * The exception for a stopped run: throws {@link PackerInterruptedException} when the thread was interrupted,
     * else returns the {@link PackerCancelledException} for the caller to throw.
     */
    private static PackerCancelledException stopped(CancellationReport report, boolean interrupted)
            throws PackerInterruptedException {
        if (report.reason() == CancellationReport.Reason.INTERRUPTED || report.interruptedAgain() || interrupted) {
            throw new PackerInterruptedException(report);
        }
        return new PackerCancelledException(report);
    }

    /** Checks what can be checked before Packer starts (the var files too); returns the variables to pass. */
    private static Map<String, String> prepare(PackerInvocation invocation) throws PackerException {
        return invocation.effectiveVariables();
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
        if (invocation.onError() != OnError.CLEANUP) {
            command.add("-on-error=" + invocation.onError().getName()); // cleanup is Packer's default
        }
        addCommon(command, invocation, variables);
        return command;
    }

    /** {@code packer init} of the template, run in its directory as the build is. */
    List<String> initCommand(PackerInvocation invocation) {
        return List.of(packer.path().toString(), "init", invocation.template().commandArgument());
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

    /** Epoch millis at which the invocation times out; 0: never. */
    private long deadline(PackerInvocation invocation) {
        return invocation.timeout() == null ? 0 : clock.millis() + invocation.timeout().toMillis();
    }

    private static SecretMasker masker(PackerInvocation invocation) {
        return new SecretMasker(invocation.secrets());
    }

    private static Path temporaryDirectory() throws PackerException {
        try {
            return Files.createTempDirectory("bakeAmi-packer-");
        } catch (IOException e) {
            throw new PackerException("Cannot create a directory for Packer's files: " + e.getMessage(), e);
        }
    }


    /** The command for the log, secret values masked, arguments quoted for a POSIX shell where needed. */
    static String display(List<String> command, UnaryOperator<String> mask) {
        return command.stream().map(mask).map(PackerRunner::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String argument) {
        if (PLAIN_ARGUMENT.matcher(argument).matches()) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
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
