package io.jenkins.plugins.bakeami.tools.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code target/bake-ami-cli.jar}: the engine outside Jenkins, for the demo and benchmarks. */
@Command(
        name = "bake-ami",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Idempotent AMI baking: reuse the AMI tagged with the checksum of its definition, bake only when it changed.",
        subcommands = {ChecksumCommand.class, EmulatorCommand.class, CommandLine.HelpCommand.class})
public final class BakeAmiCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI without exiting; tests call this. */
    public static int run(String... args) {
        return new CommandLine(new BakeAmiCli()).execute(args);
    }
}
