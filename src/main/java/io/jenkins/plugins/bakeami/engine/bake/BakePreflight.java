package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.engine.aws.AwsRole;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.aws.EndpointResolver;
import io.jenkins.plugins.bakeami.engine.aws.RegionNames;
import io.jenkins.plugins.bakeami.engine.aws.TlsEndpointCheck;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumMode;
import io.jenkins.plugins.bakeami.engine.checksum.DefinitionDirectories;
import io.jenkins.plugins.bakeami.engine.checksum.LineEndings;
import io.jenkins.plugins.bakeami.engine.packer.OnError;
import io.jenkins.plugins.bakeami.engine.packer.PackerAwsProfile;
import io.jenkins.plugins.bakeami.engine.packer.PackerDebugLog;
import io.jenkins.plugins.bakeami.engine.packer.PackerInit;
import io.jenkins.plugins.bakeami.engine.packer.PackerException;
import io.jenkins.plugins.bakeami.engine.packer.PackerExecutable;
import io.jenkins.plugins.bakeami.engine.packer.PackerLocator;
import io.jenkins.plugins.bakeami.engine.packer.PackerTemplate;
import io.jenkins.plugins.bakeami.engine.packer.TemplateVariableCheck;
import io.jenkins.plugins.bakeami.engine.registry.AmiFamily;
import io.jenkins.plugins.bakeami.engine.registry.AmiRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a bake can check before its first EC2 call, on every run: a run that will reuse an AMI and a dry run
 * too, so that a mistake (a template that does not parse, a misspelt variable) fails now rather than in the run
 * that next has to bake. Bad input is refused here, with a message naming it, before anything is changed:
 * <ul>
 * <li>the working directory, the region (the SDK's list, {@link RegionNames}), the endpoint (and, for an https
 * override, that it speaks TLS: {@link TlsEndpointCheck}), the tag keys (checksum, source image), the checksum
 * mode;</li>
 * <li>the template: it exists and parses ({@link PackerTemplate#load}); the variables: each declared, var files
 * readable, none contradicting what the bake sets itself ({@link TemplateVariableCheck});</li>
 * <li>the definition directory list, and that {@code .ami_id.json} and the listing file can be written;</li>
 * <li>when a bake may follow the lookup: packer, found and new enough ({@link PackerLocator}), and {@code init}
 * possible with it ({@link PackerInit});</li>
 * <li>the options of Packer's run ({@code onError}, {@code init}, line endings), a role's source
 * ({@link PackerAwsProfile#requireUsableSource}), and that a debug log would not change the next checksum.</li>
 * </ul>
 * Changes nothing and calls no EC2 API; the only network traffic is the TLS hello of an https endpoint override.
 */
public final class BakePreflight {
    /**
     * What the checks established, for the bake to use rather than find again; {@code packer} is null when no bake
     * may follow (then it was not looked for).
     */
    public record Checked(Path workDirectory, Path amiIdFile, Ec2Target target, PackerTemplate template,
            PackerExecutable packer) {}

    private BakePreflight() {}

    /**
     * @param bakeMayFollow whether Packer may run after the lookup (any run that is not a dry run, and the probe of
     *                      such a run): packer is then checked here, before the lookup
     * @throws IllegalArgumentException naming the bad input
     * @throws InterruptedException     while {@code packer version} runs
     */
    public static Checked check(BakeRequest request, boolean bakeMayFollow) throws InterruptedException {
        Path work = workDirectory(request);
        Ec2Target target = target(request);
        TlsEndpointCheck.requireTlsWhenHttps(target.endpoint());
        AmiRegistry.requireValidTagKey(request.tagKey());
        AmiFamily.requireOtherTagKey(request.tagKey());
        requireOwnSourceTagKey(request);
        ChecksumMode mode = ChecksumMode.fromName(request.checksumMode());
        LineEndings.fromName(request.lineEndings());
        OnError.fromName(request.onError());
        PackerInit init = PackerInit.fromName(request.init());
        PackerAwsProfile.requireUsableSource(request.role(), request.keys(), request.environment());
        DefinitionDirectories.requireNoEmptyEntry(request.dirs());
        Path amiIdFile = work.resolve(request.amiIdFile());
        // Checked before anything runs: an AMI baked for a file that cannot be written is paid for nothing.
        if (!request.dryRun()) {
            OutputFiles.requireWritable(amiIdFile, "the AMI id file (.ami_id.json)");
        }
        if (request.listingFile() != null) {
            OutputFiles.requireWritable(work.resolve(request.listingFile()), "the checksum listing file");
        }
        try {
            PackerTemplate template = PackerTemplate.load(requireTemplate(work, request.template()));
            Bakery.family(request); // a family that cannot be a tag value fails before anything runs
            TemplateVariableCheck.check(template, request.vars(),
                    request.varFiles().stream().map(file -> work.resolve(file).normalize()).toList(),
                    variablesSetByBake(request, target));
            if (request.debug() && mode == ChecksumMode.AMI_BAKERY) {
                requireDebugLogOutsideDefinition(work, amiIdFile, template.path(), request.dirs());
            }
            PackerExecutable packer = null;
            if (bakeMayFollow) {
                packer = new PackerLocator(request.environment(), false)
                        .locate(request.packerPath() == null ? null : work.resolve(request.packerPath()));
                init.runsFor(template, packer); // "always" needs an HCL2 template and a Packer with init
            }
            return new Checked(work, amiIdFile, target, template, packer);
        } catch (PackerException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The source image needs a tag of its own: with another's key, one would overwrite the other. */
    static void requireOwnSourceTagKey(BakeRequest request) {
        String key = AmiRegistry.requireValidTagKey(request.sourceTagKey());
        if (key.equals(request.tagKey()) || key.equals(AmiFamily.TAG_KEY)) {
            throw new IllegalArgumentException("Source tag key " + key + " holds the " + (key.equals(request.tagKey())
                    ? "checksum" : "family") + "; choose another tag key for the source image");
        }
    }

    /**
     * Where and as whom the bake calls EC2: the region checked against the SDK's list, the endpoint parsed, the role
     * (if any) to be assumed at the STS endpoint of the environment.
     */
    public static Ec2Target target(BakeRequest request) {
        String region = RegionNames.requireValid(request.region(), "region", request.environment());
        URI endpoint = EndpointResolver.resolve(request.endpoint(), request.environment());
        AwsRole role = request.role() == null ? null
                : request.role().withStsEndpoint(EndpointResolver.resolveSts(request.environment()));
        return new Ec2Target(region, endpoint, request.keys(), role);
    }

    /**
     * The variables the bake passes Packer itself (when the template declares them), name to value; the checksum
     * variable's value is null here, known only after the checksum. A variable the user gives may not contradict
     * them ({@link TemplateVariableCheck}).
     */
    static Map<String, String> variablesSetByBake(BakeRequest request, Ec2Target target) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("aws_region", target.region());
        variables.put(request.checksumVariable(), null);
        if (request.subnetId() != null && !request.subnetId().isBlank()) {
            variables.put("aws_subnet_id", request.subnetId());
        }
        if (target.endpoint() != null) {
            variables.put(Bakery.ENDPOINT_VARIABLE, target.endpoint().toString());
        }
        return variables;
    }

    /**
     * The ami-bakery checksum hashes every file whose own name does not start with '.', also in a dot-directory:
     * a debug log inside a definition directory would change the next run's checksum (the strict mode excludes
     * {@code .bake-ami} itself, {@link Bakery#BAKE_OUTPUTS}).
     */
    private static void requireDebugLogOutsideDefinition(Path work, Path amiIdFile, Path template, List<String> dirs) {
        Path debugLog = PackerDebugLog.target(amiIdFile);
        List<Path> definition = dirs.isEmpty()
                ? List.of(Files.isDirectory(template) ? template : template.getParent())
                : dirs.stream().map(dir -> work.resolve(dir.strip()).normalize()).toList();
        for (Path directory : definition) {
            if (debugLog.startsWith(directory)) {
                throw new IllegalArgumentException("debug: Packer's debug log " + work.relativize(debugLog)
                        + " would lie inside the definition directory " + directory + ", and the ami-bakery checksum"
                        + " would then change with every bake: write the AMI id file (amiIdFile, --ami-id-file)"
                        + " outside the definition directories, e.g. out/.ami_id.json");
            }
        }
    }

    private static Path workDirectory(BakeRequest request) {
        Path work = Path.of(request.workDirectory()).toAbsolutePath().normalize();
        if (!Files.isDirectory(work)) {
            throw new IllegalArgumentException("The working directory " + work + (Files.notExists(work)
                    ? " does not exist" : Files.exists(work) ? " is not a directory"
                    : " cannot be reached (permission denied on a directory above it)"));
        }
        if (!Files.isExecutable(work)) {
            throw new IllegalArgumentException("The working directory " + work + " cannot be entered (permission"
                    + " denied)");
        }
        return work;
    }

    static Path requireTemplate(Path work, String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("No Packer template given");
        }
        Path path = work.resolve(template).normalize();
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("Packer template " + template + " does not exist (looked for " + path + ")");
        }
        return path;
    }
}
