package io.jenkins.plugins.bakeami.engine.lifecycle;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.lifecycle.LeftoverResource.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Finds, in one region, what Packer's amazon builders leave when Packer is killed, by its shape alone (for when no
 * journal recorded it): key pairs and security groups named {@code packer_<uuid>}, and instances tagged
 * {@code Name=Packer Builder} that are not terminated. Packer's uuid is time-ordered: its first 8 hex digits are
 * the Unix time it was made, which dates a security group (EC2 keeps no creation time for groups).
 *
 * <p>Only resources older than the given age are removable; a group or key pair a younger builder instance uses
 * is kept with it, since it belongs to a bake that may still run.
 */
public final class PackerLeftovers {
    /** Packer's {@code packer_} + {@code uuid.TimeOrderedUUID()}. */
    static final Pattern PACKER_NAME = Pattern.compile(
            "packer_([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final String BUILDER_NAME_TAG = "Packer Builder";
    private static final List<String> NOT_TERMINATED = List.of("pending", "running", "stopping", "stopped");
    // Packer did not exist before 2013; a "time" before that, or in the future, is no time at all.
    private static final Instant EARLIEST = Instant.parse("2013-01-01T00:00:00Z");

    private final Ec2Client ec2;
    private final Ec2Target target;

    public PackerLeftovers(Ec2Client ec2, Ec2Target target) {
        this.ec2 = ec2;
        this.target = target;
    }

    /** Every resource of Packer's shape, each removable or kept with the reason. */
    public SweepPlan find(Instant now, Duration olderThan) {
        Instant cutoff = now.minus(olderThan);
        String young = "younger than " + Ages.format(olderThan);
        List<LeftoverResource> found = new ArrayList<>();
        Map<String, String> usedByYoung = new HashMap<>();
        for (Instance instance : builderInstances()) {
            boolean isYoung = instance.launchTime() == null || instance.launchTime().isAfter(cutoff);
            found.add(new LeftoverResource(Kind.INSTANCE, instance.instanceId(), BUILDER_NAME_TAG,
                    instance.launchTime(), isYoung ? young : null));
            if (isYoung) {
                String by = "used by " + instance.instanceId() + " (" + young + ")";
                instance.securityGroups().stream().map(GroupIdentifier::groupId).forEach(g -> usedByYoung.put(g, by));
                if (instance.keyName() != null) {
                    usedByYoung.put(instance.keyName(), by);
                }
            }
        }
        for (SecurityGroup group : packerGroups()) {
            Instant created = nameTime(group.groupName(), now);
            found.add(new LeftoverResource(Kind.SECURITY_GROUP, group.groupId(), group.groupName(), created,
                    why(created, cutoff, young, usedByYoung.get(group.groupId()))));
        }
        for (KeyPairInfo key : packerKeyPairs()) {
            Instant created = later(key.createTime(), nameTime(key.keyName(), now));
            found.add(new LeftoverResource(Kind.KEY_PAIR, key.keyPairId(), key.keyName(), created,
                    why(created, cutoff, young, usedByYoung.get(key.keyName()))));
        }
        return new SweepPlan(target.region(), olderThan, now, found);
    }

    private static String why(Instant created, Instant cutoff, String young, String usedByYoung) {
        if (created == null) {
            return "age unknown";
        }
        return created.isAfter(cutoff) ? young : usedByYoung;
    }

    /** The time in a {@code packer_<uuid>} name, or null when the name has none. */
    static Instant nameTime(String name, Instant now) {
        Matcher m = PACKER_NAME.matcher(name == null ? "" : name);
        if (!m.matches()) {
            return null;
        }
        Instant time = Instant.ofEpochSecond(Long.parseLong(m.group(1), 16));
        return time.isBefore(EARLIEST) || time.isAfter(now.plus(Duration.ofDays(1))) ? null : time;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private List<Instance> builderInstances() {
        List<Instance> instances = new ArrayList<>();
        try {
            for (DescribeInstancesResponse page : ec2.describeInstancesPaginator(b -> b.filters(
                    f -> f.name("tag:Name").values(BUILDER_NAME_TAG),
                    f -> f.name("instance-state-name").values(NOT_TERMINATED)))) {
                for (Reservation reservation : page.reservations()) {
                    instances.addAll(reservation.instances());
                }
            }
        } catch (SdkException e) {
            throw Ec2CallException.of("DescribeInstances", target, e);
        }
        return instances;
    }

    private List<SecurityGroup> packerGroups() {
        List<SecurityGroup> groups = new ArrayList<>();
        try {
            for (DescribeSecurityGroupsResponse page : ec2.describeSecurityGroupsPaginator(
                    b -> b.filters(f -> f.name("group-name").values("packer_*")))) {
                page.securityGroups().stream().filter(g -> PACKER_NAME.matcher(g.groupName()).matches())
                        .forEach(groups::add);
            }
        } catch (SdkException e) {
            throw Ec2CallException.of("DescribeSecurityGroups", target, e);
        }
        return groups;
    }

    private List<KeyPairInfo> packerKeyPairs() {
        try {
            return ec2.describeKeyPairs(b -> b.filters(f -> f.name("key-name").values("packer_*"))).keyPairs().stream()
                    .filter(k -> PACKER_NAME.matcher(k.keyName()).matches()).toList();
        } catch (SdkException e) {
            throw Ec2CallException.of("DescribeKeyPairs", target, e);
        }
    }
}
