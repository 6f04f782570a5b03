package io.jenkins.plugins.bakeami.engine.registry;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.packer.SourceImageQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * Finds a template's source image the way Packer 1.6.6's amazon-ebs builder finds it ({@code StepSourceAMIInfo}):
 * one DescribeImages with the {@code source_ami} as image id, the filters (one value each) and the owners; no match
 * is an error, several are one unless {@code most_recent}, which takes the newest by creation date (ties: the
 * greatest image id, so the choice is stable where Packer's sort is not).
 */
public final class SourceImages {
    private static final Comparator<BaseImage> NEWEST =
            Comparator.comparing(BaseImage::creationDate).thenComparing(BaseImage::imageId);

    private final Ec2Client ec2;
    private final Ec2Target target;

    public SourceImages(Ec2Client ec2, Ec2Target target) {
        this.ec2 = ec2;
        this.target = target;
    }

    /** The image a query gives, or why it gives none. */
    public sealed interface Resolution {
    }

    public record Found(BaseImage image) implements Resolution {
    }

    /** @param reason what Packer would fail with, e.g. "no image matches ..." */
    public record NotFound(String reason) implements Resolution {
    }

    public Resolution resolve(SourceImageQuery query) {
        DescribeImagesRequest.Builder request = DescribeImagesRequest.builder();
        if (query.sourceAmi() != null) {
            request.imageIds(query.sourceAmi());
        }
        List<Filter> filters = new ArrayList<>();
        query.filters().forEach((name, value) -> filters.add(Filter.builder().name(name).values(value).build()));
        if (!filters.isEmpty()) {
            request.filters(filters);
        }
        if (!query.owners().isEmpty()) {
            request.owners(query.owners());
        }
        List<BaseImage> images;
        try {
            images = ec2.describeImages(request.build()).images().stream().map(SourceImages::toBase).toList();
        } catch (SdkException e) {
            Ec2CallException failed = Ec2CallException.of("DescribeImages", target, e);
            if (query.sourceAmi() != null && String.valueOf(failed.errorCode()).startsWith("InvalidAMIID.")) {
                return new NotFound("source_ami " + query.sourceAmi() + " does not exist in " + target.region());
            }
            throw failed;
        }
        if (images.isEmpty()) {
            return new NotFound("no image in " + target.region() + " matches " + query);
        }
        if (images.size() > 1 && !query.mostRecent()) {
            return new NotFound(images.size() + " images in " + target.region() + " match " + query
                    + " and most_recent is not set (Packer refuses that)");
        }
        return new Found(images.stream().max(NEWEST).orElseThrow());
    }

    /**
     * The images of these ids that EC2 still shows, by id (one DescribeImages with an {@code image-id} filter, which,
     * unlike {@code ImageIds}, does not fail for an image that is gone).
     */
    public Map<String, BaseImage> describe(List<String> imageIds) {
        Map<String, BaseImage> found = new LinkedHashMap<>();
        try {
            ec2.describeImages(b -> b.filters(f -> f.name("image-id").values(imageIds))).images()
                    .forEach(image -> found.put(image.imageId(), toBase(image)));
        } catch (SdkException e) {
            throw Ec2CallException.of("DescribeImages", target, e);
        }
        return found;
    }

    private static BaseImage toBase(Image image) {
        return new BaseImage(image.imageId(), image.name(),
                image.creationDate() == null ? Instant.EPOCH : Instant.parse(image.creationDate()));
    }
}
