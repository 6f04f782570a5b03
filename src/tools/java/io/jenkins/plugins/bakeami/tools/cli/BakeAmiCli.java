package io.jenkins.plugins.bakeami.tools.cli;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
        // UTF-8 whatever the platform encoding: listings and paths printed here are read back as UTF-8
        return new CommandLine(new BakeAmiCli())
                .setOut(utf8(System.out))
                .setErr(utf8(System.err))
                .execute(args);
    }

    private static PrintWriter utf8(OutputStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }
}
