package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.bake.BakeException;
import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.bake.Bakery;
import io.jenkins.plugins.bakeami.engine.registry.AmiRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bake-ami lookup}: the AMI a bake would reuse, by the checksum (given, or computed as {@code bake} computes
 * it) and, with a template, the base image it resolves to now, in every target region. Changes nothing.
 */
@Command(
        name = "lookup",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Find the AMI a bake would reuse: the newest available AMI tagged with the checksum of an AMI definition"
                    + " (one DescribeImages call per target region).",
            "The checksum is given (--checksum) or computed from directories exactly as bake computes it. With a"
                    + " template, the AMI must have been baked from the source image the template resolves to now"
                    + " (--base-image), and every region of its ami_regions is searched.",
            "The AMI id is the only line on standard output; everything else (the AMI of every region, the source"
                    + " image) goes to standard error."
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

    @Mixin
    private DefinitionOptions definition;

    @Mixin
    private BaseImageOptions baseImageOptions;

    @Mixin
    private RoleOptions roleOptions;

    @Override
    public Integer call() {
        return ShutdownGuard.run(NAME, STOP_WAIT, spec.commandLine().getOut(), spec.commandLine().getErr(),
                guard -> lookup());
    }

    private int lookup() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return lookup(out, err);
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + Messages.oneLine(e.getMessage()));
            return ExitCodes.BAD_INPUT;
        } catch (BakeException e) {
            if (Thread.interrupted()) {
                err.println(NAME + ": interrupted");
                return ExitCodes.INTERRUPTED;
            }
            err.println(NAME + ": " + Messages.oneLine(e.getMessage()));
            return e.getCause() instanceof IllegalArgumentException ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            err.println(NAME + ": interrupted");
            return ExitCodes.INTERRUPTED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int lookup(PrintWriter out, PrintWriter err) throws BakeException, InterruptedException {
        Map<String, String> environment = cli.environment();
        Bakery.Lookup lookup = lookUp(environment, ec2Options, definition, baseImageOptions, roleOptions, err, NAME);
        if (lookup.found() == null) {
            // checked by the lookup already; read again for the message
            String region = AwsSettings.region(ec2Options.region, environment);
            URI endpoint = AwsSettings.endpoint(ec2Options.endpoint, environment);
            String tagKey = AmiRegistry.requireValidTagKey(ec2Options.tagKey);
            List<String> owners = AwsSettings.owners(ec2Options.owners);
            err.println(NAME + ": no AMI tagged " + tagKey + "=" + lookup.checksum() + " owned by "
                    + String.join(",", owners) + " in " + region + " (" + (endpoint == null ? "AWS" : endpoint)
                    + ")" + (lookup.baseImage() == null ? "" : " baked from base image " + lookup.baseImage()));
            return ExitCodes.NOT_FOUND;
        }
        err.println("AMI per region: " + lookup.amiIds().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")) + (lookup.missing().isEmpty() ? ""
                        : "; not in " + String.join(", ", lookup.missing()) + " (a bake copies it there)"));
        String source = lookup.found().tag(baseImageOptions.sourceTagKey);
        err.println("Source image: " + (source == null ? "not recorded (baked before base images were tracked)"
                : source));
        err.flush();
        out.println(lookup.found().imageId());
        return ExitCodes.OK;
    }

    /**
     * What a bake with these options would reuse, changing nothing: the base image resolved, then the checksum with
     * it (which a strict checksum covers), then the lookup in every target region. Progress goes to {@code err};
     * {@code command} prefixes its warnings. {@code prune} takes its current checksum from it too.
     */
    static Bakery.Lookup lookUp(Map<String, String> environment, Ec2Options ec2Options, DefinitionOptions definition,
            BaseImageOptions baseImageOptions, RoleOptions roleOptions, PrintWriter err, String command)
            throws BakeException, InterruptedException {
        Path work = definition.workDirectory(environment);
        String region = AwsSettings.region(ec2Options.region, environment);
        URI endpoint = AwsSettings.endpoint(ec2Options.endpoint, environment);
        BakeRequest request = BakeRequest.builder(work.toString())
                .template(definition.templateName(environment))
                .region(region)
                .endpoint(endpoint == null ? null : endpoint.toString())
                .keys(AwsSettings.keys(environment))
                .role(roleOptions.role())
                .environment(environment)
                .tagKey(AmiRegistry.requireValidTagKey(ec2Options.tagKey))
                .owners(AwsSettings.owners(ec2Options.owners))
                .vars(CliVars.parse(definition.vars))
                .varFiles(definition.varFiles)
                .baseImage(baseImageOptions.policy())
                .sourceTagKey(baseImageOptions.sourceTagKey)
                .dryRun(true)
                .build();
        Bakery bakery = new Bakery(line -> {
            err.println(line);
            err.flush();
        }, AwsSettings.limits(ec2Options.maxAttempts), AwsSettings.TRANSPORT);
        return bakery.lookUp(request, baseImage -> definition.checksum(work, environment, err, command, region,
                baseImage));
    }
}
