package io.jenkins.plugins.bakeami.tools.cli;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/** Entry point of {@code target/bake-ami-cli.jar}: the engine outside Jenkins, for the demo and benchmarks. */
@Command(
        name = "bake-ami",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Idempotent AMI baking: reuse the AMI tagged with the checksum of its definition, bake only when it changed.",
        subcommands = {BakeCommand.class, LookupCommand.class, ChecksumCommand.class, DemoCommand.class,
            EmulatorCommand.class, CommandLine.HelpCommand.class})
public final class BakeAmiCli {
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
        return commandLine(System.getenv())
                .setOut(utf8(System.out))
                .setErr(utf8(System.err))
                .execute(args);
    }

    /** The command line of an environment, with usage errors reported in one line (exit status 2). */
    public static CommandLine commandLine(Map<String, String> environment) {
        return new CommandLine(new BakeAmiCli(environment)).setParameterExceptionHandler(BakeAmiCli::usageError);
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
