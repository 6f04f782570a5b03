package io.jenkins.plugins.bakeami.engine.lifecycle;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsResponse;
import software.amazon.awssdk.services.ec2.model.ImageAttributeName;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * Who uses an AMI, in one region: instances that are not terminated, the {@code $Default} and {@code $Latest}
 * versions of the account's launch templates, and other accounts (launch permissions). Every answer is what EC2
 * said; a call that fails is an {@link Ec2CallException}, so the caller deletes nothing it could not check.
 */
final class AmiUse {
    /** EC2 takes up to 200 values per filter. */
    private static final int FILTER_VALUES = 200;
    private static final List<String> NOT_TERMINATED = List.of("pending", "running", "shutting-down", "stopping",
            "stopped");

    private final Ec2Client ec2;
    private final Ec2Target target;

    AmiUse(Ec2Client ec2, Ec2Target target) {
        this.ec2 = ec2;
        this.target = target;
    }

    /** Image id to the instances (not terminated) launched from it. */
    Map<String, List<String>> instances(Collection<String> imageIds) {
        Map<String, List<String>> using = new HashMap<>();
        List<String> ids = new ArrayList<>(imageIds);
        try {
            for (int from = 0; from < ids.size(); from += FILTER_VALUES) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + FILTER_VALUES));
                for (DescribeInstancesResponse page : ec2.describeInstancesPaginator(b -> b.filters(
                        f -> f.name("image-id").values(chunk),
                        f -> f.name("instance-state-name").values(NOT_TERMINATED)))) {
                    for (Reservation reservation : page.reservations()) {
                        for (Instance instance : reservation.instances()) {
                            using.computeIfAbsent(instance.imageId(), k -> new ArrayList<>()).add(instance.instanceId());
                        }
                    }
                }
            }
        } catch (SdkException e) {
            throw Ec2CallException.of("DescribeInstances", target, e);
        }
        return using;
    }

    /**
     * Image id to the launch template versions that name it: the {@code $Latest} and {@code $Default} version of
     * every launch template of the account (one paginated call for all templates). An image given as an SSM
     * parameter ({@code resolve:ssm:...}) cannot be matched here.
     */
    Map<String, List<String>> launchTemplates() {
        Map<String, List<String>> using = new HashMap<>();
        try {
            for (DescribeLaunchTemplateVersionsResponse page : ec2.describeLaunchTemplateVersionsPaginator(
                    b -> b.versions("$Latest", "$Default"))) {
                for (LaunchTemplateVersion version : page.launchTemplateVersions()) {
                    String imageId = version.launchTemplateData() == null ? null
                            : version.launchTemplateData().imageId();
                    if (imageId != null) {
                        using.computeIfAbsent(imageId, k -> new ArrayList<>()).add(describe(version));
                    }
                }
            }
        } catch (SdkException e) {
            throw Ec2CallException.of("DescribeLaunchTemplateVersions", target, e);
        }
        return using;
    }

    /** Whom the image is shared with: {@code public}, account ids, organizations; empty when it is private. */
    List<String> sharing(String imageId) {
        List<LaunchPermission> permissions;
        try {
            permissions = ec2.describeImageAttribute(b -> b.imageId(imageId)
                    .attribute(ImageAttributeName.LAUNCH_PERMISSION)).launchPermissions();
        } catch (SdkException e) {
            throw Ec2CallException.of("DescribeImageAttribute", target, e);
        }
        List<String> with = new ArrayList<>();
        for (LaunchPermission permission : permissions) {
            if (permission.groupAsString() != null) {
                with.add("all".equals(permission.groupAsString()) ? "public" : "group " + permission.groupAsString());
            }
            if (permission.userId() != null) {
                with.add("account " + permission.userId());
            }
            if (permission.organizationArn() != null) {
                with.add(permission.organizationArn());
            }
            if (permission.organizationalUnitArn() != null) {
                with.add(permission.organizationalUnitArn());
            }
        }
        return with;
    }

    private static String describe(LaunchTemplateVersion version) {
        return "launch template " + version.launchTemplateName() + " (" + version.launchTemplateId() + ") version "
                + version.versionNumber() + (Boolean.TRUE.equals(version.defaultVersion()) ? " ($Default)" : "");
    }
}
