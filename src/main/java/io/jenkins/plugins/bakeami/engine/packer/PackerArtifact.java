package io.jenkins.plugins.bakeami.engine.packer;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One artifact a build reported ({@code TARGET,artifact,INDEX,KEY,VALUE} lines up to {@code end}). For the amazon
 * builders the id lists the AMIs, {@code region:ami-id} joined by commas (one per region with
 * {@code ami_regions}).
 *
 * @param target      the build: {@code amazon-ebs}, or for HCL2 {@code amazon-ebs.NAME}
 * @param index       the artifact's number within the build
 * @param builderId   e.g. {@code mitchellh.amazonebs}
 * @param id          the artifact id as Packer printed it (commas unescaped)
 * @param description Packer's human description of it
 * @param files       files it made, if any
 */
public record PackerArtifact(String target, int index, String builderId, String id, String description,
                             List<String> files) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The builder ids of Packer's AMI-making amazon builders (amazon-ebs, -ebssurrogate, -instance, -chroot). */
    static final Set<String> AMI_BUILDER_IDS = Set.of(
            "mitchellh.amazonebs", "mitchellh.amazon.ebssurrogate", "mitchellh.amazon.instance",
            "mitchellh.amazon.chroot");

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern AMI_ID = Pattern.compile("ami-[0-9a-zA-Z]+");

    public PackerArtifact {
        files = List.copyOf(files);
    }

    /**
     * The AMI id per region, in Packer's order; empty if this is not an AMI artifact. An artifact counts as an AMI
     * when its whole id is {@code region:ami-...} pairs (whatever the builder id, so a post-processor passing the
     * AMI on counts too).
     */
    public Map<String, String> amiIdsByRegion() {
        Map<String, String> amis = new LinkedHashMap<>();
        if (id == null || id.isEmpty()) {
            return amis;
        }
        for (String part : id.split(",", -1)) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                return new LinkedHashMap<>();
            }
            String region = part.substring(0, colon).strip();
            String ami = part.substring(colon + 1).strip();
            if (!REGION.matcher(region).matches() || !AMI_ID.matcher(ami).matches()) {
                return new LinkedHashMap<>();
            }
            amis.put(region, ami);
        }
        return amis;
    }

    public boolean isAmi() {
        return !amiIdsByRegion().isEmpty();
    }

    /** Whether an amazon builder made it (its id should then list AMIs). */
    public boolean fromAmazonBuilder() {
        return AMI_BUILDER_IDS.contains(builderId);
    }
}
