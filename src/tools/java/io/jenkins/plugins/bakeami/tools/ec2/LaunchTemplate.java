package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A launch template and its versions. Of the launch template data only what tests and retention look at is kept:
 * the image, the instance type and the key pair.
 */
final class LaunchTemplate extends Resource {
    final String name;
    final Instant createTime;
    long defaultVersion = 1;
    final List<Version> versions = new ArrayList<>();

    LaunchTemplate(String id, String ownerId, String name, Instant createTime) {
        super(id, ownerId);
        this.name = name;
        this.createTime = createTime;
    }

    /** The ARN EC2 shows as {@code createdBy}: the account's root user (the emulator has no IAM). */
    String createdBy() {
        return "arn:aws:iam::" + ownerId + ":root";
    }

    Version latest() {
        return versions.get(versions.size() - 1);
    }

    /** A version by number, or null. */
    Version version(long number) {
        return number >= 1 && number <= versions.size() ? versions.get((int) number - 1) : null;
    }

    /** One version: numbered from 1, never changed once created. */
    static final class Version {
        final LaunchTemplate template;
        final long number;
        final String description;
        final Instant createTime;
        final String imageId;
        final String instanceType;
        final String keyName;

        Version(LaunchTemplate template, long number, String description, Instant createTime, String imageId,
                String instanceType, String keyName) {
            this.template = template;
            this.number = number;
            this.description = description;
            this.createTime = createTime;
            this.imageId = imageId;
            this.instanceType = instanceType;
            this.keyName = keyName;
        }

        boolean isDefault() {
            return template.defaultVersion == number;
        }

        /** The order DescribeLaunchTemplateVersions pages in: by template, then by number. */
        String sortKey() {
            return template.id + ":" + String.format(java.util.Locale.ROOT, "%019d", number);
        }
    }
}
