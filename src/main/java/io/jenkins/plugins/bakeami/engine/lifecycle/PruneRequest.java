package io.jenkins.plugins.bakeami.engine.lifecycle;

import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.bake.BakePreflight;
import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.bake.Bakery;
import java.io.Serializable;
import java.util.List;

/**
 * One prune of one family, as plain values (it travels to a Jenkins agent).
 *
 * @param target          the home region (DescribeRegions is asked there), the endpoint and the keys; every region
 *                        the account has enabled is searched
 * @param family          the {@code ami_family} tag's value
 * @param checksumTagKey  the tag holding the checksum ({@code ami_config_checksum})
 * @param currentChecksum the checksum of the definition now: the AMI it resolves to in each region is always kept
 * @param owners          whose AMIs the current checksum resolves among, as in a bake (only the account's own AMIs
 *                        are ever deleted)
 * @param policy          what else is kept
 * @param dryRun          say what would be deleted, delete nothing
 */
public record PruneRequest(Ec2Target target, String family, String checksumTagKey, String currentChecksum,
        List<String> owners, RetentionPolicy policy, boolean dryRun) implements Serializable {

    public PruneRequest {
        if (family == null || family.isBlank()) {
            throw new IllegalArgumentException("No family given: prune needs the family whose AMIs it prunes");
        }
        if (currentChecksum == null || currentChecksum.isBlank()) {
            throw new IllegalArgumentException("No current checksum given: prune always keeps the AMI of the current"
                    + " checksum, so it needs it");
        }
        owners = List.copyOf(owners == null || owners.isEmpty() ? List.of("self") : owners);
    }

    /**
     * The prune of the family a bake of {@code definition} tags (its {@code family}, else the template's path), with
     * the bake's region, endpoint, keys, checksum tag and owners.
     *
     * @throws IllegalArgumentException when the family cannot be a tag value
     */
    public static PruneRequest of(BakeRequest definition, String currentChecksum, RetentionPolicy policy,
            boolean dryRun) {
        return new PruneRequest(BakePreflight.target(definition), Bakery.family(definition), definition.tagKey(),
                currentChecksum, definition.owners(), policy, dryRun);
    }
}
