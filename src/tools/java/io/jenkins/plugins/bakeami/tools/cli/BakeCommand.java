package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.bake.AmiIdFile;
import io.jenkins.plugins.bakeami.engine.bake.BakeException;
import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.bake.BakeResult;
import io.jenkins.plugins.bakeami.engine.bake.Bakery;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumMode;
import io.jenkins.plugins.bakeami.engine.checksum.DefinitionDirectories;
import io.jenkins.plugins.bakeami.engine.registry.AmiRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bake-ami bake}: the engine's bake (checksum, lookup, Packer only when nothing carries the checksum) from
 * options and the ami-bakery image's environment variables. Packer's output and progress go to standard error as
 * they happen; standard output gets the summary, the AMI id last.
 */
@Command(
        name = "bake",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Bake an AMI idempotently: checksum the definition directories, reuse the newest AMI tagged with that"
                    + " checksum, and run Packer (then tag the new AMI and its snapshots) only when there is none.",
            "Packer's output and progress go to standard error as they happen. Standard output gets a summary whose"
                    + " last line is the AMI id; .ami_id.json is written (atomically, only on success).",
            "Takes the ami-bakery image's environment variables, so `docker run ... ami-bakery` becomes"
                    + " `java -jar bake-ami-cli.jar bake` with the same variables. Options win over variables."
        },
        footer = {
            "",
            "Environment (options win):",
            "  PACKER_JSON_PATH      the template",
            "  AMI_DEFINITION_DIRS   definition directories, comma-separated",
            "  AWS_REGION, AWS_DEFAULT_REGION            the region",
            "  AWS_SUBNET_ID         -var aws_subnet_id, when the template declares it",
            "  AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL    the EC2 endpoint",
            "  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE",
            "                        credentials (AWS SDK default chain); Packer gets them (with --role: the",
            "                        source of the role, which Packer gets through a profile of its own)",
            "  AWS_ENDPOINT_URL_STS  the STS endpoint --role is assumed at (the engine's; not Packer 1.6.6's)",
            "  PACKER_PLUGIN_PATH    Packer 1.7+'s plugin directory (--plugin-path wins)",
            "  PACKER_GITHUB_API_TOKEN  for packer init's downloads; masked in all output",
            "  PATH                  where packer is found",
            "",
            "Exit status:",
            "  0    done: reused, baked, or a dry run (would-reuse, would-bake)",
            "  2    bad input; one line on standard error names it",
            "  3    the bake failed (EC2, Packer, I/O); standard error says what failed",
            "  130  stopped by Ctrl-C or SIGTERM, after Packer cleaned up"
        })
final class BakeCommand implements Callable<Integer> {
    static final String NAME = "bake-ami bake";
    static final String TEMPLATE_VARIABLE = "PACKER_JSON_PATH";
    static final String DIRECTORIES_VARIABLE = ChecksumCommand.DIRECTORIES_VARIABLE;
    static final String SUBNET_VARIABLE = "AWS_SUBNET_ID";
    /** After the grace period, the cleanup of what Packer left (a few EC2 calls) and the summary. */
    private static final Duration CLEANUP_MARGIN = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private BakeAmiCli cli;

    @Mixin
    private Ec2Options ec2Options;

    @Mixin
    private BaseImageOptions baseImageOptions;

    @Option(names = "--repair-regions", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Copy the AMI to a target region (ami_regions) that lacks it instead of baking again"
                    + " (default); --no-repair-regions bakes.")
    private boolean repairRegions;

    @Option(names = "--template", paramLabel = "FILE", description = "The Packer template: JSON, HCL2 file or"
            + " directory (default: PACKER_JSON_PATH). Packer runs in its directory.")
    private String template;

    @Option(names = "--dirs", paramLabel = "DIR[,DIR]", description = "Definition directories (comma-separated"
            + " or repeated; default: AMI_DEFINITION_DIRS, else the template's directory). An empty entry is an error.")
    private List<String> dirs = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = BakeRequest.DEFAULT_CHECKSUM_MODE,
            description = "Checksum mode: ami-bakery (default, the seed's tag value) or strict.")
    private String mode;

    @Option(names = "--exclude", paramLabel = "GLOB", description = "strict: leave out matching paths (repeatable).")
    private List<String> excludes = new ArrayList<>();

    @Option(names = "--extra-input", paramLabel = "TEXT", description = "strict: an extra input text (repeatable).")
    private List<String> extraInputs = new ArrayList<>();

    @Option(names = "--line-endings", paramLabel = "MODE", defaultValue = BakeRequest.DEFAULT_LINE_ENDINGS,
            description = "strict: exact (default) or normalize (text files read with CRLF as LF; a file with a NUL"
                    + " byte as it is), so checkouts with and without core.autocrlf give one checksum.")
    private String lineEndings;

    @Mixin
    private RoleOptions roleOptions;

    @Option(names = "--debug", description = "Run Packer with PACKER_LOG=1; its log, secrets masked, goes to"
            + " .bake-ami/packer-debug.log beside the AMI id file.")
    private boolean debug;

    @Option(names = "--on-error", paramLabel = "ACTION", defaultValue = BakeRequest.DEFAULT_ON_ERROR,
            description = "Packer's -on-error: cleanup (default) or abort (keep the builder instance for inspection;"
                    + " the error says what was left and how to remove it). ask is refused.")
    private String onError;

    @Option(names = "--init", paramLabel = "WHEN", defaultValue = BakeRequest.DEFAULT_INIT, description = "packer"
            + " init before validate: auto (default: when an HCL2 template declares required_plugins and Packer is"
            + " 1.7 or newer), always, never.")
    private String init;

    @Option(names = "--plugin-path", paramLabel = "DIR", description = "PACKER_PLUGIN_PATH for Packer 1.7+ (default:"
            + " the environment's).")
    private String pluginPath;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "A Packer variable (repeatable).")
    private List<String> vars = new ArrayList<>();

    @Option(names = "--var-file", paramLabel = "FILE", description = "A Packer var-file (repeatable).")
    private List<String> varFiles = new ArrayList<>();

    @Option(names = "--only", split = ",", paramLabel = "BUILD", description = "Packer's -only: the builds to run.")
    private List<String> only = new ArrayList<>();

    @Option(names = "--subnet-id", paramLabel = "SUBNET", description = "Passed as -var aws_subnet_id when the"
            + " template declares it (default: AWS_SUBNET_ID).")
    private String subnetId;

    @Option(names = "--checksum-variable", paramLabel = "NAME", defaultValue = BakeRequest.DEFAULT_CHECKSUM_VARIABLE,
            description = "The template variable that gets the checksum, when declared (default ${DEFAULT-VALUE}).")
    private String checksumVariable;

    @Option(names = "--force", description = "Bake even when an AMI with the checksum exists.")
    private boolean force;

    @Option(names = "--dry-run", description = "Compute and look up, say what a bake would do, change nothing.")
    private boolean dryRun;

    @Option(names = "--ami-id-file", paramLabel = "FILE", defaultValue = AmiIdFile.DEFAULT_NAME,
            description = "Where to write the result (default: ${DEFAULT-VALUE} in the working directory).")
    private String amiIdFile;

    @Option(names = "--listing-file", paramLabel = "FILE", description = "Also write the checksum's listing (as"
            + " checksum --explain prints it) here.")
    private String listingFile;

    @Option(names = "--packer", paramLabel = "PATH", description = "The packer executable (default: packer on PATH).")
    private String packer;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop Packer (letting it clean up) after"
            + " this long, e.g. 45m, 1h30m or PT45M (default: no limit).")
    private String timeout;

    @Option(names = "--grace-period", paramLabel = "DURATION", description = "How long Packer may take to clean up"
            + " after a stop before it is killed (default: 150s).")
    private String gracePeriod;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where relative paths start and .ami_id.json"
            + " goes (default: the current directory).")
    private Path workDir;

    @Option(names = "--family", paramLabel = "FAMILY", description = "The ami_family tag of the AMI and its snapshots,"
            + " which prune finds the versions of a definition by (default: the template's path relative to"
            + " --work-dir).")
    private String family;


    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int status;
        try (ShutdownGuard guard = ShutdownGuard.install(NAME, gracePeriodOrDefault().plus(CLEANUP_MARGIN), err)) {
            status = bake(out, err, guard);
            out.flush();
            err.flush();
            guard.finish(status);
        }
        return status;
    }

    private int bake(PrintWriter out, PrintWriter err, ShutdownGuard guard) {
        long start = System.nanoTime();
        Map<String, String> environment = cli.environment();
        try {
            Path work = WorkingDirectory.existing(workDir, "--work-dir", environment);
            Path amiIdPath = work.resolve(amiIdFile);
            if (!dryRun) {
                // the file of an earlier run must not outlive this one, whatever input error follows
                AmiIdFile.removeStale(amiIdPath);
            }
            BakeRequest request = request(work, environment);
            Bakery bakery = new Bakery(line -> {
                err.println(line);
                err.flush();
            }, AwsSettings.limits(ec2Options.maxAttempts), AwsSettings.TRANSPORT);
            BakeResult result = bakery.bake(request);
            err.flush();
            for (String line : BakeSummary.lines(result, amiIdPath, Duration.ofNanos(System.nanoTime() - start))) {
                out.println(line);
            }
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            return failed(err, guard, ExitCodes.BAD_INPUT, Messages.oneLine(e.getMessage()));
        } catch (BakeException e) {
            boolean badInput = e.getCause() instanceof IllegalArgumentException;
            return failed(err, guard, badInput ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE,
                    badInput ? Messages.oneLine(e.getMessage()) : e.getMessage());
        } catch (IOException | RuntimeException e) {
            return failed(err, guard, ExitCodes.FAILURE, e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (InterruptedException e) {
            err.println(NAME + ": stopped" + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return ExitCodes.INTERRUPTED;
        }
    }

    /** How long a signal may wait for the cleanup; a bad --grace-period is reported by {@link #request} instead. */
    private Duration gracePeriodOrDefault() {
        try {
            Duration parsed = DurationOption.parse(gracePeriod, "--grace-period");
            return parsed == null ? BakeRequest.DEFAULT_GRACE_PERIOD : parsed;
        } catch (IllegalArgumentException e) {
            return BakeRequest.DEFAULT_GRACE_PERIOD;
        }
    }

    private static int failed(PrintWriter err, ShutdownGuard guard, int status, String message) {
        if (guard.stopRequested() || Thread.currentThread().isInterrupted()) {
            // an EC2 call cut short by the stop fails with an "aborted" error: it is still a stop
            err.println(NAME + ": stopped: " + message);
            return ExitCodes.INTERRUPTED;
        }
        err.println(NAME + ": " + message);
        return status;
    }

    private BakeRequest request(Path work, Map<String, String> environment) {
        String templateName = firstSet(template, environment.get(TEMPLATE_VARIABLE));
        if (templateName == null) {
            throw new IllegalArgumentException("no Packer template: give --template or set " + TEMPLATE_VARIABLE);
        }
        List<String> directories = DefinitionDirectories.parse(dirs, environment.get(DIRECTORIES_VARIABLE));
        ChecksumMode.fromName(mode);
        String regionName = AwsSettings.region(ec2Options.region, environment);
        URI ec2Endpoint = AwsSettings.endpoint(ec2Options.endpoint, environment);
        AmiRegistry.requireValidTagKey(ec2Options.tagKey);
        return BakeRequest.builder(work.toString())
                .template(templateName)
                .dirs(directories)
                .checksumMode(mode)
                .excludes(excludes)
                .extraInputs(extraInputs)
                .region(regionName)
                .endpoint(ec2Endpoint == null ? null : ec2Endpoint.toString())
                .keys(AwsSettings.keys(environment))
                .environment(environment)
                .tagKey(ec2Options.tagKey)
                .owners(AwsSettings.owners(ec2Options.owners))
                .vars(CliVars.parse(vars))
                .varFiles(varFiles)
                .only(only)
                .subnetId(firstSet(subnetId, environment.get(SUBNET_VARIABLE)))
                .checksumVariable(checksumVariable)
                .force(force)
                .dryRun(dryRun)
                .amiIdFile(amiIdFile)
                .listingFile(listingFile)
                .packerPath(packer)
                .timeout(DurationOption.parse(timeout, "--timeout"))
                .gracePeriod(gracePeriod == null ? BakeRequest.DEFAULT_GRACE_PERIOD
                        : DurationOption.parse(gracePeriod, "--grace-period"))
                .family(family)
                .baseImage(baseImageOptions.policy())
                .sourceTagKey(baseImageOptions.sourceTagKey)
                .repairRegions(repairRegions)
                .lineEndings(lineEndings)
                .role(roleOptions.role())
                .debug(debug)
                .onError(onError)
                .init(init)
                .pluginPath(pluginPath)
                .githubToken(environment.get("PACKER_GITHUB_API_TOKEN"))
                .build();
    }

    /** The option if given, else the environment variable if set and not blank, else null. */
    private static String firstSet(String option, String variable) {
        if (option != null) {
            return option;
        }
        return variable == null || variable.isBlank() ? null : variable.strip();
    }
}
