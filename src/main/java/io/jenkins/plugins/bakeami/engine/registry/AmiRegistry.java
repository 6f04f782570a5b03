package io.jenkins.plugins.bakeami.engine.registry;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The AMIs we baked, found by their checksum tag, in one region.
 *
 * <p>Only AMIs of the configured owners count (default {@code self}): tags belong to the account that set them,
 * and another account's AMI carrying the same tag must never be trusted. Only {@code available} images count:
 * a pending or failed one cannot be launched.
 */
public final class AmiRegistry {
    public static final String DEFAULT_TAG_KEY = "ami_config_checksum";
    public static final List<String> DEFAULT_OWNERS = List.of("self");

    /** EC2 tag keys: up to 128 characters, not starting with {@code aws:}. */
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    // DescribeImages pages hold at most 1000 images; asking for that many keeps a lookup at one call.
    private static final int PAGE_SIZE = 1000;
    // Each attempt is itself retried by the SDK's retry strategy; these cover what that strategy does not retry.
    private static final int CREATE_TAGS_ATTEMPTS = 3;
    // Images created in the same second tie on CreationDate; the greatest image id wins, so the choice is stable.
    private static final Comparator<FoundAmi> NEWEST_FIRST =
            Comparator.comparing(FoundAmi::creationDate).thenComparing(FoundAmi::imageId).reversed();

    private final Ec2Client ec2;
    private final Ec2Target target;

    public AmiRegistry(Ec2Client ec2, Ec2Target target) {
        this.ec2 = ec2;
        this.target = target;
    }

    /** The newest available AMI of the given owners tagged {@code tagKey=checksum}, if any. */
    public Optional<FoundAmi> findByChecksum(String tagKey, String checksum, List<String> owners) {
        return lookup(tagKey, checksum, owners).found();
    }

    /**
     * The available AMIs of the given owners tagged {@code tagKey=checksum}, newest first, and the ones carrying the
     * tag that cannot be used (pending, failed...), so a bake can say why it did not reuse them. One DescribeImages
     * (the state is checked here rather than filtered by EC2, to see the unusable ones in the same call).
     */
    public ChecksumLookup lookup(String tagKey, String checksum, List<String> owners) {
        requireValidTagKey(tagKey);
        DescribeImagesRequest request = DescribeImagesRequest.builder()
                .owners(owners == null || owners.isEmpty() ? DEFAULT_OWNERS : owners)
                .filters(filter("tag:" + tagKey, literal(checksum)))
                .maxResults(PAGE_SIZE)
                .build();
        List<FoundAmi> found = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        try {
            for (DescribeImagesResponse page : ec2.describeImagesPaginator(request)) {
                for (Image image : page.images()) {
                    if (!carries(image, tagKey, checksum)) {
                        continue; // never an image whose tag is not exactly the value asked for
                    }
                    if (image.state() == ImageState.AVAILABLE) {
                        found.add(toFound(image));
                    } else {
                        unusable.add(image.imageId() + " (" + image.stateAsString() + ")");
                    }
                }
            }
        } catch (SdkException e) {
            throw Ec2CallException.of("DescribeImages", target, e);
        }
        found.sort(NEWEST_FIRST);
        return new ChecksumLookup(found, unusable);
    }

    /**
     * Tags an AMI and every EBS snapshot of its block device mappings, so that both can be found and
     * attributed whether or not the Packer template tagged them.
     *
     * @return the ids that were tagged, the image first
     */
    public List<String> tagImageAndSnapshots(String imageId, Map<String, String> tags) {
        tags.keySet().forEach(AmiRegistry::requireValidTagKey);
        Image image = describeImage(imageId);
        Set<String> resources = new LinkedHashSet<>();
        resources.add(imageId);
        for (BlockDeviceMapping mapping : image.blockDeviceMappings()) {
            if (mapping.ebs() != null && mapping.ebs().snapshotId() != null) {
                resources.add(mapping.ebs().snapshotId());
            }
        }
        List<Tag> ec2Tags = tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        createTags(resources, ec2Tags);
        return List.copyOf(resources);
    }

    /**
     * CreateTags is idempotent, so unlike the SDK (which never retries a call whose answer it received but could
     * not read, e.g. a connection dropped in the middle of the answer) it is safe to send again.
     */
    private void createTags(Set<String> resources, List<Tag> tags) {
        for (int attempt = 1; ; attempt++) {
            try {
                ec2.createTags(b -> b.resources(resources).tags(tags));
                return;
            } catch (SdkClientException e) {
                if (attempt >= CREATE_TAGS_ATTEMPTS || Thread.currentThread().isInterrupted()) {
                    throw Ec2CallException.of("CreateTags", target, e);
                }
            } catch (SdkException e) {
                throw Ec2CallException.of("CreateTags", target, e);
            }
        }
    }

    /** One image by id, whatever its state or owner; an error if EC2 does not know it. */
    public Image describeImage(String imageId) {
        try {
            List<Image> images = ec2.describeImages(b -> b.imageIds(imageId)).images();
            if (images.isEmpty()) {
                throw new IllegalStateException("EC2 in " + target.region() + " does not know image " + imageId);
            }
            return images.get(0);
        } catch (SdkException e) {
            throw Ec2CallException.of("DescribeImages", target, e);
        }
    }

    /** For messages: the region and endpoint searched. */
    @Override
    public String toString() {
        return target.region() + " (" + target.endpointForMessages() + ")";
    }

    public static String requireValidTagKey(String tagKey) {
        if (tagKey == null || !TAG_KEY.matcher(tagKey).matches() || tagKey.startsWith("aws:")) {
            throw new IllegalArgumentException("Invalid tag key '" + tagKey + "': EC2 tag keys have 1 to 128 letters, "
                    + "digits, spaces or _ . : / = + - @ and cannot start with aws:");
        }
        return tagKey;
    }

    private FoundAmi toFound(Image image) {
        Instant created = image.creationDate() == null ? Instant.EPOCH : Instant.parse(image.creationDate());
        Map<String, String> tags = new LinkedHashMap<>();
        image.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return new FoundAmi(image.imageId(), image.name(), created, image.ownerId(), target.region(), tags);
    }

    /** A filter value matched literally: EC2 reads {@code *} and {@code ?} as wildcards, a backslash escapes. */
    static String literal(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
    }

    private static boolean carries(Image image, String tagKey, String value) {
        return image.tags().stream().anyMatch(tag -> tag.key().equals(tagKey) && tag.value().equals(value));
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
