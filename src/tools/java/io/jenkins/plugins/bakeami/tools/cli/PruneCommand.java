package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.bake.BakeException;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumMode;
import io.jenkins.plugins.bakeami.engine.lifecycle.PruneReport;
import io.jenkins.plugins.bakeami.engine.lifecycle.PruneRequest;
import io.jenkins.plugins.bakeami.engine.lifecycle.Pruner;
import io.jenkins.plugins.bakeami.engine.lifecycle.RetentionPolicy;
import io.jenkins.plugins.bakeami.engine.registry.AmiFamily;
import io.jenkins.plugins.bakeami.engine.registry.AmiRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/** {@code bake-ami prune}: retention of one family's AMIs in every region, as {@code docs/lifecycle.md} says. */
@Command(
        name = "prune",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Deregister the old AMIs of one family (tag ami_family, as bake sets it) in every region, and delete their"
                    + " snapshots. Kept in each region: the newest --keep, those younger than --min-age, the AMI the"
                    + " current checksum resolves to, AMIs used by an instance that is not terminated or by a launch"
                    + " template ($Default, $Latest), and public or shared AMIs unless --include-shared.",
            "Standard output gets the table: every AMI of the family, kept (with the reason) or deleted (with its"
                    + " snapshots and the GiB freed). Progress goes to standard error."
        },
        footer = {
            "",
            "Environment (options win):",
            "  PACKER_JSON_PATH      the template (the default family, and the definition of the current checksum)",
            "  AMI_DEFINITION_DIRS   definition directories, comma-separated",
            "  AWS_REGION, AWS_DEFAULT_REGION            the region DescribeRegions is asked in",
            "  AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL    the EC2 endpoint",
            "  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE",
            "                        credentials (AWS SDK default chain)",
            "",
            "Exit status:",
            "  0    done (or a dry run); nothing failed",
            "  2    bad input; one line on standard error names it",
            "  3    an AMI, a snapshot or a region could not be pruned (the table says which), or EC2 failed",
            "  130  stopped by Ctrl-C or SIGTERM, between two AMIs"
        })
final class PruneCommand implements Callable<Integer> {
    static final String NAME = "bake-ami prune";
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private BakeAmiCli cli;

    @Mixin
    private Ec2Options ec2Options;

    @Option(names = "--family", paramLabel = "FAMILY", description = "The family to prune (default: the template's"
            + " path relative to --work-dir, as bake tags it).")
    private String family;

    @Option(names = "--keep", paramLabel = "N", description = "How many of the newest AMIs to keep per region"
            + " (at least 1; default 3).")
    private int keep = RetentionPolicy.DEFAULT_KEEP;

    @Option(names = "--min-age", paramLabel = "DURATION", description = "Keep AMIs younger than this, e.g. 7d, 36h"
            + " or 0 (default 7d).")
    private String minAge;

    @Option(names = "--include-shared", description = "Also prune AMIs shared with other accounts or public.")
    private boolean includeShared;

    @Option(names = "--dry-run", description = "Print the plan, delete nothing.")
    private boolean dryRun;

    @Mixin
    private DefinitionOptions definition;

    @Mixin
    private BaseImageOptions baseImageOptions;

    @Mixin
    private RoleOptions roleOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return ShutdownGuard.run(NAME, STOP_WAIT, out, err, guard -> prune(out, err, guard));
    }

    private int prune(PrintWriter out, PrintWriter err, ShutdownGuard guard) {
        try {
            PruneRequest request = request(err);
            PruneReport report = new Pruner(line -> {
                err.println(line);
                err.flush();
            }, AwsSettings.limits(ec2Options.maxAttempts), AwsSettings.TRANSPORT, Clock.systemUTC()).prune(request);
            err.flush();
            report.table().forEach(out::println);
            return report.failures().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + Messages.oneLine(e.getMessage()));
            return ExitCodes.BAD_INPUT;
        } catch (BakeException e) {
            if (guard.stopRequested() || Thread.interrupted()) {
                err.println(NAME + ": stopped");
                return ExitCodes.INTERRUPTED;
            }
            err.println(NAME + ": " + Messages.oneLine(e.getMessage()));
            return e.getCause() instanceof IllegalArgumentException ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
        } catch (Ec2CallException | SdkException | IOException e) {
            if (guard.stopRequested() || Thread.interrupted()) {
                err.println(NAME + ": stopped");
                return ExitCodes.INTERRUPTED;
            }
            err.println(NAME + ": " + Messages.oneLine(e.getMessage()));
            return ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            err.println(NAME + ": stopped" + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return ExitCodes.INTERRUPTED;
        }
    }

    /** Every input checked before the first EC2 call; the current checksum computed as bake computes it. */
    private PruneRequest request(PrintWriter err) throws IOException, InterruptedException, BakeException {
        Map<String, String> environment = cli.environment();
        Path work = definition.workDirectory(environment);
        Ec2Target target = new Ec2Target(AwsSettings.region(ec2Options.region, environment),
                AwsSettings.endpoint(ec2Options.endpoint, environment), AwsSettings.keys(environment),
                roleOptions.role(environment));
        String tagKey = AmiRegistry.requireValidTagKey(ec2Options.tagKey);
        Duration age = minAge == null ? RetentionPolicy.DEFAULT_MIN_AGE
                : DurationOption.parseNonNegative(minAge, "--min-age");
        RetentionPolicy policy = new RetentionPolicy(keep, age, includeShared);
        String familyName = family(work, environment);
        // a strict checksum covers the base image the template resolves to, as the bake and lookup resolve it
        String checksum = definition.checksum == null && ChecksumMode.fromName(definition.mode) == ChecksumMode.STRICT
                ? LookupCommand.lookUp(environment, ec2Options, definition, baseImageOptions, roleOptions, err,
                        NAME).checksum()
                : definition.checksum(work, environment, err, NAME);
        return new PruneRequest(target, familyName, tagKey, checksum, AwsSettings.owners(ec2Options.owners), policy,
                dryRun);
    }

    /** {@code --family}, else the template's path as bake computes the default. */
    private String family(Path work, Map<String, String> environment) {
        if (family != null) {
            return AmiFamily.requireValid(family.strip(), "--family");
        }
        String template = definition.templateName(environment);
        if (template == null) {
            throw new IllegalArgumentException("no family: give --family, or --template (or set "
                    + DefinitionOptions.TEMPLATE_VARIABLE + ") for the template's family");
        }
        Path templatePath = DefinitionOptions.existingTemplate(work, template);
        return AmiFamily.resolve(null, work.toAbsolutePath().normalize(), templatePath);
    }
}
