package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.lifecycle.LeftoverSweep;
import io.jenkins.plugins.bakeami.engine.lifecycle.PackerLeftovers;
import io.jenkins.plugins.bakeami.engine.lifecycle.SweepPlan;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** {@code bake-ami sweep}: what killed Packer runs left in a region, found by its shape. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Find what a killed Packer run leaves in the region: key pairs and security groups named packer_<uuid>,"
                    + " and instances tagged Name=Packer Builder that are not terminated. Only those older than"
                    + " --older-than count; a group or key pair that a younger builder instance uses is left alone.",
            "Lists them (a dry run) unless --delete is given; then terminates the instances and waits for them, and"
                    + " deletes the key pairs and the security groups. Choose --older-than longer than your longest"
                    + " bake: a bake that still runs looks the same. --owners and --tag-key do not apply."
        },
        footer = {
            "",
            "Environment (options win):",
            "  AWS_REGION, AWS_DEFAULT_REGION            the region",
            "  AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL    the EC2 endpoint",
            "  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE",
            "                        credentials (AWS SDK default chain)",
            "",
            "Exit status:",
            "  0    listed, or removed everything removable",
            "  2    bad input; one line on standard error names it",
            "  3    something could not be removed (standard output says what), or EC2 failed",
            "  130  stopped by Ctrl-C or SIGTERM"
        })
final class SweepCommand implements Callable<Integer> {
    static final String NAME = "bake-ami sweep";
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private BakeAmiCli cli;

    @Mixin
    private Ec2Options ec2Options;

    @Option(names = "--older-than", paramLabel = "DURATION", description = "Only resources older than this, e.g. 6h"
            + " or 2d (required: longer than your longest bake).")
    private String olderThan;

    @Option(names = "--delete", description = "Remove what is listed (default: list only).")
    private boolean delete;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return ShutdownGuard.run(NAME, STOP_WAIT, out, err, guard -> sweep(out, err, guard));
    }

    private int sweep(PrintWriter out, PrintWriter err, ShutdownGuard guard) {
        try {
            Map<String, String> environment = cli.environment();
            Ec2Target target = new Ec2Target(AwsSettings.region(ec2Options.region, environment),
                    AwsSettings.endpoint(ec2Options.endpoint, environment), AwsSettings.keys(environment));
            Duration age = DurationOption.parse(olderThan, "--older-than");
            if (age == null) {
                throw new IllegalArgumentException("give --older-than DURATION (e.g. 6h): only resources older than"
                        + " your longest bake are Packer's leftovers");
            }
            Ec2Clients.Limits limits = AwsSettings.limits(ec2Options.maxAttempts);
            try (Ec2Client ec2 = Ec2Clients.open(target, limits, AwsSettings.TRANSPORT)) {
                SweepPlan plan = new PackerLeftovers(ec2, target).find(Instant.now(), age);
                plan.table().forEach(out::println);
                if (!delete) {
                    out.println("Dry run: nothing removed" + (plan.removable().isEmpty() ? ""
                            : "; run again with --delete to remove the " + plan.removable().size() + " marked remove"));
                    return ExitCodes.OK;
                }
                out.flush();
                LeftoverSweep.Result result = new LeftoverSweep(ec2, line -> {
                    err.println(line);
                    err.flush();
                }).remove(plan.leftovers());
                out.println(result.summary());
                if (guard.stopRequested()) {
                    return ExitCodes.INTERRUPTED;
                }
                return result.failures().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + Messages.oneLine(e.getMessage()));
            return ExitCodes.BAD_INPUT;
        } catch (Ec2CallException | SdkException e) {
            if (guard.stopRequested() || Thread.interrupted()) {
                err.println(NAME + ": stopped");
                return ExitCodes.INTERRUPTED;
            }
            err.println(NAME + ": " + Messages.oneLine(e.getMessage()));
            return ExitCodes.FAILURE;
        }
    }
}
