package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.registry.AmiRegistry;
import io.jenkins.plugins.bakeami.engine.registry.BaseImage;
import io.jenkins.plugins.bakeami.engine.registry.FoundAmi;
import io.jenkins.plugins.bakeami.engine.registry.SourceImages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Which AMI a bake may reuse, in every region it must be in. In the build region: the newest available AMI that
 * carries the checksum and was baked from the base resolved now (its source tag), else, under {@code track}, the
 * newest when it carries no source tag at all (baked by the ami-bakery image or an older version: the migration
 * promise). In each other target region: the newest available AMI carrying the checksum and the same source tag.
 * One DescribeImages per target region (and one more to name the images when the base moved).
 */
final class AmiLookup {
    /**
     * @param reusable the build region's AMI to reuse, or null: bake
     * @param amiIds   region to AMI of every target region that has one, in target order
     * @param missing  target regions without one
     */
    record Outcome(FoundAmi reusable, Map<String, String> amiIds, List<String> missing) {
        static final Outcome NONE = new Outcome(null, Map.of(), List.of());

        /** Found in every target region: a reuse. */
        boolean complete() {
            return reusable != null && missing.isEmpty();
        }
    }

    private final Bakery bakery;
    private final BakeRequest request;
    private final Ec2Target target;

    AmiLookup(Bakery bakery, BakeRequest request, Ec2Target target) {
        this.bakery = bakery;
        this.request = request;
        this.target = target;
    }

    /**
     * @param ec2     the build region's client
     * @param base    the base resolved now, or null when it is not tracked
     * @param regions the target regions, the build region first
     * @param logMiss whether to say that nothing carries the checksum (a second look after a wait does not)
     */
    Outcome find(Ec2Client ec2, String checksum, BaseImage base, List<String> regions, boolean logMiss)
            throws InterruptedException {
        AmiRegistry registry = new AmiRegistry(ec2, target);
        List<FoundAmi> candidates = bakery.lookup(registry, request, checksum).available();
        Optional<FoundAmi> chosen = choose(ec2, candidates, checksum, base);
        if (chosen.isEmpty()) {
            if (candidates.isEmpty() && logMiss) {
                bakery.log().accept("No AMI tagged " + request.tagKey() + "=" + checksum + " owned by "
                        + request.owners() + " in " + registry);
            }
            return Outcome.NONE;
        }
        FoundAmi reusable = chosen.get();
        bakery.log().accept("Found " + reusable.imageId() + " tagged " + request.tagKey() + "=" + checksum
                + (reusable.name() == null ? "" : " (" + reusable.name() + ", created " + reusable.creationDate() + ")"));
        Map<String, String> amiIds = new LinkedHashMap<>();
        amiIds.put(target.region(), reusable.imageId());
        List<String> missing = new ArrayList<>();
        String source = reusable.tag(request.sourceTagKey());
        for (String region : regions.subList(1, regions.size())) {
            Optional<FoundAmi> copy = inRegion(region, checksum, source);
            if (copy.isPresent()) {
                amiIds.put(region, copy.get().imageId());
            } else {
                missing.add(region);
            }
        }
        if (regions.size() > 1) {
            bakery.log().accept(missing.isEmpty() ? "In every target region: " + text(amiIds)
                    : "Missing in " + String.join(", ", missing) + ": no available AMI tagged " + request.tagKey() + "="
                            + checksum + (source == null ? "" : " and " + request.sourceTagKey() + "=" + source)
                            + " there (found: " + text(amiIds) + ")");
        }
        return new Outcome(reusable, amiIds, missing);
    }

    private Optional<FoundAmi> choose(Ec2Client ec2, List<FoundAmi> candidates, String checksum, BaseImage base) {
        if (candidates.isEmpty() || base == null) {
            return candidates.stream().findFirst();
        }
        String key = request.sourceTagKey();
        Optional<FoundAmi> same = candidates.stream().filter(a -> base.imageId().equals(a.tag(key))).findFirst();
        if (same.isPresent()) {
            return same;
        }
        FoundAmi newest = candidates.get(0);
        String old = newest.tag(key);
        if (old == null && request.baseImage() == BaseImagePolicy.TRACK) {
            bakery.log().accept(newest.imageId() + " carries no " + key + " tag (baked before base images were"
                    + " tracked): reused; a rebake records its base");
            return Optional.of(newest);
        }
        if (old == null) {
            bakery.log().accept("Not reused: " + newest.imageId() + " tagged " + request.tagKey() + "=" + checksum
                    + " carries no " + key + " tag (baked before base images were tracked) and baseImage is require");
            return Optional.empty();
        }
        Map<String, BaseImage> described = new SourceImages(ec2, target).describe(List.of(old, base.imageId()));
        bakery.log().accept("Not reused: " + newest.imageId() + " tagged " + request.tagKey() + "=" + checksum
                + " was baked from another base image");
        bakery.log().accept("base image changed: " + described.getOrDefault(old, BaseImage.ofId(old)).describe()
                + " → " + described.getOrDefault(base.imageId(), base).describe());
        return Optional.empty();
    }

    /** The newest available AMI of {@code region} carrying the checksum and the same source tag (null: none). */
    Optional<FoundAmi> inRegion(String region, String checksum, String source) throws InterruptedException {
        Ec2Target regional = target.inRegion(region);
        try (Ec2Client client = bakery.openEc2(regional)) {
            return bakery.lookup(new AmiRegistry(client, regional), request, checksum).available().stream()
                    .filter(ami -> Objects.equals(source, ami.tag(request.sourceTagKey()))).findFirst();
        }
    }

    static String text(Map<String, String> amiIds) {
        return amiIds.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
