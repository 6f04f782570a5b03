package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.packer.AmazonEbsSettings;
import io.jenkins.plugins.bakeami.engine.packer.PackerException;
import io.jenkins.plugins.bakeami.engine.packer.PackerTemplate;
import io.jenkins.plugins.bakeami.engine.packer.SourceImageQuery;
import io.jenkins.plugins.bakeami.engine.packer.UnevaluableException;
import io.jenkins.plugins.bakeami.engine.registry.BaseImage;
import io.jenkins.plugins.bakeami.engine.registry.SourceImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a bake reads from its template before Packer runs, with the variables Packer will get ({@code -var}s, var
 * files, defaults, {@code PKR_VAR_}, the bake's own): the base image it tracks and the regions the AMI must be in.
 */
final class BakeTemplate {
    private final AmazonEbsSettings settings;
    private final String buildRegion;

    private BakeTemplate(AmazonEbsSettings settings, String buildRegion) {
        this.settings = settings;
        this.buildRegion = buildRegion;
    }

    /** Where the source image is looked up (the client may still be in the making). */
    interface Sources {
        SourceImages get() throws InterruptedException;
    }

    /** @throws IllegalArgumentException when a template file or var file cannot be read */
    static BakeTemplate read(BakeRequest request, PackerTemplate template, Ec2Target target) {
        Path work = Path.of(request.workDirectory()).toAbsolutePath().normalize();
        Map<String, String> vars = new LinkedHashMap<>(request.vars());
        BakePreflight.variablesSetByBake(request, target).forEach((name, value) -> {
            if (value != null) {
                vars.put(name, value);
            }
        });
        List<Path> varFiles = request.varFiles().stream().map(file -> work.resolve(file).normalize()).toList();
        try {
            return new BakeTemplate(AmazonEbsSettings.read(template, new AmazonEbsSettings.Inputs(vars, varFiles,
                    PackerBake.packerEnvironment(request), Map.of(request.checksumVariable(), "the checksum"),
                    request.only())), target.region());
        } catch (PackerException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    AmazonEbsSettings settings() {
        return settings;
    }

    /**
     * The base image the bake tracks, resolved now as Packer will resolve it (a DescribeImages for a
     * {@code source_ami_filter}, nothing for a fixed {@code source_ami}); null when it is not tracked: policy
     * {@code ignore}, or {@code track} with a base that cannot be resolved (the log says why).
     *
     * @throws IllegalArgumentException under {@code require}, when the base cannot be resolved, naming why
     */
    BaseImage base(BaseImagePolicy policy, Sources sources, Consumer<String> log) throws InterruptedException {
        if (policy == BaseImagePolicy.IGNORE) {
            return null;
        }
        String problem;
        try {
            SourceImageQuery query = settings.sourceImage();
            if (query.isFixed()) {
                log.accept("Base image: " + query.sourceAmi() + " (source_ami)");
                return BaseImage.ofId(query.sourceAmi());
            }
            SourceImages.Resolution resolution;
            try {
                resolution = sources.get().resolve(query);
            } catch (Ec2CallException e) {
                if (Cancel.isInterrupt(e)) {
                    throw Cancel.during("the lookup of the base image", e);
                }
                throw e;
            }
            if (resolution instanceof SourceImages.Found found) {
                log.accept("Base image: " + found.image().describe() + " (" + query + ")");
                return found.image();
            }
            problem = ((SourceImages.NotFound) resolution).reason();
        } catch (UnevaluableException e) {
            problem = e.getMessage() + " cannot be evaluated without running Packer";
        }
        if (policy == BaseImagePolicy.REQUIRE) {
            throw new IllegalArgumentException("Cannot resolve the base image (baseImage: require): " + problem);
        }
        log.accept("Base image not tracked: " + problem + "; AMIs are looked up by their checksum alone");
        return null;
    }

    /**
     * The build region first, then the template's {@code ami_regions}. When those cannot be told before Packer runs,
     * the log says so and only the build region is checked.
     */
    List<String> targetRegions(Consumer<String> log) {
        List<String> regions = new ArrayList<>(List.of(buildRegion));
        try {
            for (String region : settings.amiRegions()) {
                if (!regions.contains(region)) {
                    regions.add(region);
                }
            }
        } catch (UnevaluableException e) {
            log.accept("The template's ami_regions cannot be told before Packer runs (" + e.getMessage() + "): only "
                    + buildRegion + " is checked");
        }
        return List.copyOf(regions);
    }
}
