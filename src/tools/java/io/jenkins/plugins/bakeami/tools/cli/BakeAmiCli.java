package io.jenkins.plugins.bakeami.tools.cli;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/** Entry point of {@code target/bake-ami-cli.jar}: the engine outside Jenkins, for the demo and benchmarks. */
@Command(
        name = "bake-ami",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Idempotent AMI baking: reuse the AMI tagged with the checksum of its definition, bake only when it changed.")
public final class BakeAmiCli {
    /**
     * The subcommands, in the order the usage lists them. Added by code, not by the annotation's
     * {@code subcommands}, so that a run builds the model of the one it runs: picocli reflects over every option of
     * every subcommand it is given, 20-30 ms of a fresh JVM's start for all of them (docs/performance.md).
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("bake", BakeCommand::new);
        SUBCOMMANDS.put("lookup", LookupCommand::new);
        SUBCOMMANDS.put("checksum", ChecksumCommand::new);
        SUBCOMMANDS.put("prune", PruneCommand::new);
        SUBCOMMANDS.put("sweep", SweepCommand::new);
        SUBCOMMANDS.put("demo", DemoCommand::new);
        SUBCOMMANDS.put("emulator", EmulatorCommand::new);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    private final Map<String, String> environment;

    /** The CLI of this process' environment. */
    public BakeAmiCli() {
        this(System.getenv());
    }

    /** The CLI of a given environment (variables such as PACKER_JSON_PATH are read from it); tests pass their own. */
    public BakeAmiCli(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The environment commands read their variables from and give to Packer. */
    Map<String, String> environment() {
        return environment;
    }

    public static void main(String[] args) {
        SdkWarmup.startFor(args);
        System.exit(run(args));
    }

    /** Runs the CLI without exiting; tests call this. */
    public static int run(String... args) {
        // UTF-8 whatever the platform encoding: listings and paths printed here are read back as UTF-8
        return commandLine(System.getenv(), args.length > 0 ? args[0] : null)
                .setOut(utf8(System.out))
                .setErr(utf8(System.err))
                .execute(args);
    }

    /** The command line of an environment, with usage errors reported in one line (exit status 2). */
    public static CommandLine commandLine(Map<String, String> environment) {
        return commandLine(environment, null);
    }

    /**
     * The command line with only the subcommand {@code first} names when it names one; with all of them otherwise
     * ({@code help}, {@code --help}, a mistyped name: they describe or list them all).
     */
    static CommandLine commandLine(Map<String, String> environment, String first) {
        boolean onlyFirst = first != null && SUBCOMMANDS.containsKey(first) && !first.equals("help");
        CommandLine commandLine = new CommandLine(new BakeAmiCli(environment));
        SUBCOMMANDS.forEach((name, command) -> {
            if (!onlyFirst || name.equals(first)) {
                commandLine.addSubcommand(name, command.get());
            }
        });
        return commandLine.setParameterExceptionHandler(BakeAmiCli::usageError)
                .setExecutionExceptionHandler(BakeAmiCli::unexpected);
    }

    /** What a command did not handle itself is a failure (3), in one line: never picocli's 1, which means "not found". */
    private static int unexpected(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().println(name + ": " + Messages.oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        command.getErr().flush();
        return e instanceof InterruptedException ? ExitCodes.INTERRUPTED : ExitCodes.FAILURE;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().println(name + ": " + e.getMessage() + " (see " + name + " --help)");
        command.getErr().flush();
        return ExitCodes.BAD_INPUT;
    }

    private static PrintWriter utf8(OutputStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }
}
