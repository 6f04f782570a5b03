package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.registry.AmiRegistry;
import io.jenkins.plugins.bakeami.engine.registry.FoundAmi;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
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

    @Mixin
    private DefinitionOptions definition;

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
        Path work = definition.workDirectory(environment);
        Ec2Target target = new Ec2Target(AwsSettings.region(ec2Options.region, environment),
                AwsSettings.endpoint(ec2Options.endpoint, environment), AwsSettings.keys(environment));
        String tagKey = AmiRegistry.requireValidTagKey(ec2Options.tagKey);
        List<String> owners = AwsSettings.owners(ec2Options.owners);
        Ec2Clients.Limits limits = AwsSettings.limits(ec2Options.maxAttempts);
        String value = definition.checksum(work, environment, err, NAME);

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
}
