package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.AwsRole;
import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.lifecycle.BakeJournal;
import io.jenkins.plugins.bakeami.engine.lifecycle.JournalSweep;
import io.jenkins.plugins.bakeami.engine.lifecycle.LeftoverSweep;
import io.jenkins.plugins.bakeami.engine.lifecycle.PackerLeftovers;
import io.jenkins.plugins.bakeami.engine.lifecycle.SweepPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * {@code bake-ami sweep}: what killed bakes left, from the journal of this machine's bakes and, with
 * {@code --older-than}, by its shape in a region. Lists by default; {@code --delete} removes.
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Find what killed bakes left. First the journal of the bakes on this machine (under the user's cache"
                    + " directory): the bakes whose packer is gone, recorded for this endpoint and these credentials,"
                    + " with the instances, security groups and key pairs packer reported creating, in every region"
                    + " the journal names. A bake whose packer still runs is never touched. Every bake sweeps this"
                    + " journal by itself too.",
            "With --older-than, also what has Packer's shape in --region: key pairs and security groups named"
                    + " packer_<uuid>, and instances tagged Name=Packer Builder that are not terminated, older than"
                    + " --older-than (a group or key pair that a younger builder instance uses is left alone). Choose"
                    + " it longer than your longest bake: a bake that still runs looks the same.",
            "Lists (a dry run) unless --delete is given; then terminates the instances and waits for them, and deletes"
                    + " the key pairs, the security groups and the instances' extra volumes. --owners and --tag-key do"
                    + " not apply."
        },
        footer = {
            "",
            "Environment (options win):",
            "  AWS_REGION, AWS_DEFAULT_REGION            the region (--older-than)",
            "  AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL    the EC2 endpoint",
            "  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE",
            "                        credentials (AWS SDK default chain)",
            "  XDG_CACHE_HOME, HOME  where the journal is: $XDG_CACHE_HOME/bake-ami/journal, else"
                    + " ~/.cache/bake-ami/journal",
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

    @Option(names = "--older-than", paramLabel = "DURATION", description = "Also find Packer's resources by their"
            + " shape in --region, older than this, e.g. 6h or 2d (longer than your longest bake).")
    private String olderThan;

    @Option(names = "--delete", description = "Remove what is listed (default: list only).")
    private boolean delete;

    @Mixin
    private RoleOptions roleOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return ShutdownGuard.run(NAME, STOP_WAIT, out, err, guard -> sweep(out, err, guard));
    }

    private int sweep(PrintWriter out, PrintWriter err, ShutdownGuard guard) {
        try {
            Map<String, String> environment = cli.environment();
            // every input is checked before the first EC2 call
            URI endpoint = AwsSettings.endpoint(ec2Options.endpoint, environment);
            AwsKeys keys = AwsSettings.keys(environment);
            AwsRole role = roleOptions.role(environment);
            Duration age = DurationOption.parse(olderThan, "--older-than");
            String region = age == null ? null : AwsSettings.region(ec2Options.region, environment);
            Ec2Clients.Limits limits = AwsSettings.limits(ec2Options.maxAttempts);
            Consumer<String> progress = line -> {
                err.println(line);
                err.flush();
            };
            List<String> failures = new ArrayList<>();
            int toRemove = sweepJournal(out, progress, BakeJournal.of(environment), endpoint, keys, role,
                    environment, limits, failures);
            if (age != null) {
                Ec2Target target = new Ec2Target(region, endpoint, keys, role);
                try (Ec2Client ec2 = Ec2Clients.open(target, limits, AwsSettings.TRANSPORT)) {
                    SweepPlan plan = new PackerLeftovers(ec2, target).find(Instant.now(), age);
                    plan.table().forEach(out::println);
                    toRemove += plan.removable().size();
                    if (delete) {
                        out.flush();
                        LeftoverSweep.Result result = new LeftoverSweep(ec2, progress).remove(plan.leftovers());
                        out.println(result.summary());
                        failures.addAll(result.failures());
                    }
                }
            }
            if (!delete) {
                out.println("Dry run: nothing removed" + (toRemove == 0 ? ""
                        : "; run again with --delete to remove the " + toRemove + " marked remove"));
                return ExitCodes.OK;
            }
            if (guard.stopRequested()) {
                return ExitCodes.INTERRUPTED;
            }
            return failures.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + Messages.oneLine(e.getMessage()));
            return ExitCodes.BAD_INPUT;
        } catch (Ec2CallException | SdkException | IOException e) {
            if (guard.stopRequested() || Thread.interrupted()) {
                err.println(NAME + ": stopped");
                return ExitCodes.INTERRUPTED;
            }
            err.println(NAME + ": " + Messages.oneLine(e.getMessage()));
            return ExitCodes.FAILURE;
        }
    }

    /**
     * Lists the journal's entries with what a sweep does with each; with {@code --delete}, sweeps them. Returns how
     * many entries are (or were) to be swept; adds what could not be removed, or is still left, to {@code failures}.
     */
    private int sweepJournal(PrintWriter out, Consumer<String> progress, BakeJournal journal, URI endpoint,
            AwsKeys keys, AwsRole role, Map<String, String> environment, Ec2Clients.Limits limits,
            List<String> failures)
            throws IOException {
        String endpointName = endpoint == null ? null : endpoint.toString();
        String access = BakeRequest.accessName(keys, role, environment);
        JournalSweep sweep = new JournalSweep(journal, progress, Clock.systemUTC());
        List<JournalSweep.Verdict> plan = sweep.plan(endpointName, access);
        JournalSweep.table(journal, plan, Clock.systemUTC()).forEach(out::println);
        long swept = plan.stream().filter(JournalSweep.Verdict::swept).count();
        if (delete && swept > 0) {
            out.flush();
            for (LeftoverSweep.Result result : sweep.sweep(endpointName, access,
                    region -> Ec2Clients.open(new Ec2Target(region, endpoint, keys, role), limits,
                            AwsSettings.TRANSPORT), true)) {
                out.println(result.summary());
                failures.addAll(result.failures());
                if (!result.remaining().isEmpty()) {
                    failures.add("left in " + result.region() + ": " + result.remaining().describe());
                }
            }
        }
        return (int) swept;
    }
}
