package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.bake.Bakery;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumCalculator;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumMode;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumRequest;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumResult;
import io.jenkins.plugins.bakeami.engine.checksum.DefinitionDirectories;
import io.jenkins.plugins.bakeami.engine.registry.AmiRegistry;
import io.jenkins.plugins.bakeami.engine.registry.FoundAmi;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** {@code bake-ami lookup}: the AMI tagged with a checksum, given or computed as {@code bake} computes it. */
@Command(
        name = "lookup",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Find the newest available AMI tagged with the checksum of an AMI definition (one DescribeImages call).",
            "The checksum is given (--checksum) or computed from directories exactly as bake computes it.",
            "The AMI id is the only line on standard output; everything else goes to standard error."
        },
        footer = {
            "",
            "Environment (options win):",
            "  AMI_DEFINITION_DIRS   directories, comma-separated (without --checksum)",
            "  PACKER_JSON_PATH      the template",
            "  AWS_REGION, AWS_DEFAULT_REGION            the region",
            "  AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL    the EC2 endpoint",
            "  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE",
            "                        credentials (AWS SDK default chain)",
            "",
            "Exit status:",
            "  0    found: the AMI id is printed",
            "  1    no AMI carries the checksum",
            "  2    bad input; one line on standard error names it",
            "  3    EC2 or another failure; one line on standard error says what failed",
            "  130  interrupted"
        })
final class LookupCommand implements Callable<Integer> {
    static final String NAME = "bake-ami lookup";
    /** A stopped lookup has nothing to clean up; an EC2 call blocked in a read does not see the interrupt. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private BakeAmiCli cli;

    @Mixin
    private Ec2Options ec2Options;

    @Option(names = "--checksum", paramLabel = "CHECKSUM", description = "The checksum to look for (the tag's value)."
            + " Without it, the checksum of --dirs is computed.")
    private String checksum;

    @Option(names = "--dirs", paramLabel = "DIR[,DIR]", description = "Definition directories (comma-separated"
            + " or repeated). Default: AMI_DEFINITION_DIRS, else the template's directory. An empty entry is an error.")
    private List<String> dirs = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = BakeRequest.DEFAULT_CHECKSUM_MODE,
            description = "Checksum mode: ami-bakery (default, the seed's) or strict.")
    private String mode;

    @Option(names = "--template", paramLabel = "FILE", description = "The Packer template (default:"
            + " PACKER_JSON_PATH). Strict mode covers it; without --dirs its directory is the definition.")
    private String template;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "strict: a Packer variable (repeatable).")
    private List<String> vars = new ArrayList<>();

    @Option(names = "--var-file", paramLabel = "FILE", description = "strict: a Packer var-file (repeatable).")
    private List<String> varFiles = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "strict: leave out matching paths (repeatable).")
    private List<String> excludes = new ArrayList<>();

    @Option(names = "--extra-input", paramLabel = "TEXT", description = "strict: an extra input text (repeatable).")
    private List<String> extraInputs = new ArrayList<>();

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where relative paths start (default: the"
            + " current directory).")
    private Path workDir;






    @Override
    public Integer call() {
        return ShutdownGuard.run(NAME, STOP_WAIT, spec.commandLine().getErr(), this::lookup);
    }

    private int lookup() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return lookup(out, err);
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + Messages.oneLine(e.getMessage()));
            return ExitCodes.BAD_INPUT;
        } catch (Ec2CallException | SdkException | IOException e) {
            if (Thread.interrupted()) {
                err.println(NAME + ": interrupted");
                return ExitCodes.INTERRUPTED;
            }
            err.println(NAME + ": " + Messages.oneLine(e.getMessage()));
            return ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            err.println(NAME + ": interrupted");
            return ExitCodes.INTERRUPTED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int lookup(PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        Map<String, String> environment = cli.environment();
        Path work = WorkingDirectory.existing(workDir, "--work-dir", environment);
        Ec2Target target = new Ec2Target(AwsSettings.region(ec2Options.region, environment),
                AwsSettings.endpoint(ec2Options.endpoint, environment), AwsSettings.keys(environment));
        String tagKey = AmiRegistry.requireValidTagKey(ec2Options.tagKey);
        List<String> owners = AwsSettings.owners(ec2Options.owners);
        Ec2Clients.Limits limits = AwsSettings.limits(ec2Options.maxAttempts);
        String value = checksum != null ? givenChecksum() : computeChecksum(work, environment, err);

        Optional<FoundAmi> found;
        try (Ec2Client ec2 = Ec2Clients.open(target, limits, AwsSettings.TRANSPORT)) {
            found = new AmiRegistry(ec2, target).findByChecksum(tagKey, value, owners);
        }
        String where = " owned by " + String.join(",", owners) + " in " + target.region() + " ("
                + target.endpointForMessages() + ")";
        if (found.isEmpty()) {
            err.println(NAME + ": no AMI tagged " + tagKey + "=" + value + where);
            return ExitCodes.NOT_FOUND;
        }
        FoundAmi ami = found.get();
        err.println("Found " + ami.imageId() + " (" + ami.name() + ", created " + ami.creationDate() + ") tagged "
                + tagKey + "=" + value + where);
        err.flush();
        out.println(ami.imageId());
        return ExitCodes.OK;
    }

    private String givenChecksum() {
        if (!dirs.isEmpty()) {
            throw new IllegalArgumentException("--checksum and --dirs exclude each other: give the checksum or the"
                    + " directories to compute it from");
        }
        if (checksum.isBlank()) {
            throw new IllegalArgumentException("--checksum is empty");
        }
        if (checksum.contains("*") || checksum.contains("?")) {
            // EC2 would read them as wildcards; the lookup matches literally, and no checksum holds them
            throw new IllegalArgumentException("--checksum '" + checksum.strip() + "' has a wildcard (* or ?), which"
                    + " no checksum holds: the tag's value is matched exactly, never as a pattern");
        }
        return checksum.strip();
    }

    /** The checksum as the bake computes it (Bakery): same directories, same strict inputs and exclusions. */
    private String computeChecksum(Path work, Map<String, String> environment, PrintWriter err)
            throws IOException, InterruptedException {
        ChecksumMode checksumMode = ChecksumMode.fromName(mode);
        List<String> directories = DefinitionDirectories.parse(dirs, environment.get(ChecksumCommand.DIRECTORIES_VARIABLE));
        // the template only matters in strict mode or when it names the definition directory
        String templateName = template != null ? template : blankToNull(environment.get("PACKER_JSON_PATH"));
        Path templatePath = templateName == null || !directories.isEmpty() && checksumMode != ChecksumMode.STRICT
                ? null : existingTemplate(work, templateName);
        if (directories.isEmpty() && templatePath != null) {
            directories.add((Files.isDirectory(templatePath) ? templatePath : templatePath.getParent()).toString());
        }
        if (directories.isEmpty()) {
            throw new IllegalArgumentException("nothing to look up: give --checksum, or --dirs (or set "
                    + ChecksumCommand.DIRECTORIES_VARIABLE + "), or --template");
        }
        ChecksumRequest.Builder request = ChecksumRequest.builder(work).directories(directories).mode(checksumMode);
        if (checksumMode == ChecksumMode.STRICT) {
            if (templatePath == null) {
                throw new IllegalArgumentException("--mode strict needs the template (--template or PACKER_JSON_PATH):"
                        + " the bake's strict checksum covers it");
            }
            request.template(templatePath.toString());
            CliVars.parse(vars).forEach(request::var);
            varFiles.forEach(request::varFile);
            extraInputs.forEach(request::extraInput);
            excludes.forEach(request::exclude);
            Bakery.BAKE_OUTPUTS.forEach(request::exclude);
        } else if (!vars.isEmpty() || !varFiles.isEmpty() || !extraInputs.isEmpty() || !excludes.isEmpty()) {
            throw new IllegalArgumentException("--var, --var-file, --extra-input and --exclude only count in --mode"
                    + " strict; the ami-bakery checksum covers the directories' files only");
        }
        ChecksumResult result = new ChecksumCalculator().calculate(request.build());
        for (String warning : result.getWarnings()) {
            err.println(NAME + ": warning: " + warning);
        }
        err.println("Checksum (" + result.getMode().getName() + ") of " + result.getEntries().size() + " inputs: "
                + result.getValue());
        return result.getValue();
    }

    private static Path existingTemplate(Path work, String template) {
        Path path = work.resolve(template).normalize();
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("Packer template " + template + " does not exist (looked for " + path
                    + ")");
        }
        return path;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
