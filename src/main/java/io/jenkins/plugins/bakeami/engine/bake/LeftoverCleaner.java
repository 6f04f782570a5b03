package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.engine.packer.PackerResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Removes what a stopped Packer run may have left in EC2: the AMI it announced while waiting for it (Packer
 * records it only after the wait, so it never deregisters it), and, when Packer had to be killed, its instance,
 * key pair and security group. Every step is idempotent (what Packer already removed is simply not found), and
 * whatever cannot be removed is reported by id. Public for the lifecycle's sweep, which removes the same kinds of
 * leftovers found later.
 */
public final class LeftoverCleaner {
    private static final Duration TERMINATION_WAIT = Duration.ofSeconds(60);

    private final Ec2Client ec2;
    private final Duration terminationWait;
    private final Consumer<String> log;
    private final List<String> cleaned;
    private final List<String> failed;
    private final Set<String> done;

    LeftoverCleaner(Ec2Client ec2, Consumer<String> log) {
        this(ec2, log, TERMINATION_WAIT);
    }

    /** @param terminationWait how long to wait for an instance to terminate before deleting its security group */
    public LeftoverCleaner(Ec2Client ec2, Consumer<String> log, Duration terminationWait) {
        this(ec2, terminationWait, log, new ArrayList<>(), new ArrayList<>(), new HashSet<>());
    }

    private LeftoverCleaner(Ec2Client ec2, Duration terminationWait, Consumer<String> log, List<String> cleaned,
            List<String> failed, Set<String> done) {
        this.ec2 = ec2;
        this.terminationWait = terminationWait;
        this.log = log;
        this.cleaned = cleaned;
        this.failed = failed;
        this.done = done;
    }

    /** The same cleanup, reporting into the same summary, through another region's client. */
    LeftoverCleaner with(Ec2Client other) {
        return new LeftoverCleaner(other, terminationWait, log, cleaned, failed, done);
    }

    /**
     * Deregisters, with their snapshots, the images of this account named {@code name} created since
     * {@code since}: the copies ({@code ami_regions}) of a stopped or failed build, whose ids Packer never prints.
     * The name comes from Packer's own "Creating AMI NAME" line and the creation time guards an older image of the
     * same (fixed) name: EC2 refuses a second image of one name in a region, so a copy of this build is always
     * newer than the build's start.
     */
    void cleanImagesNamed(String region, String name, Instant since) {
        List<Image> images;
        try {
            images = ec2.describeImages(b -> b.owners("self").filters(f -> f.name("name").values(name))).images();
        } catch (SdkException e) {
            failed.add("copies named " + name + " in " + region + " (" + e.getMessage() + ")");
            return;
        }
        for (Image image : images) {
            Instant created = image.creationDate() == null ? Instant.EPOCH : Instant.parse(image.creationDate());
            if (!created.isBefore(since)) {
                deregister(image, " in " + region);
            }
        }
    }

    /** @return one line: what was cleaned and what could not be */
    String summary() {
        return "Cleanup after the stopped build: " + (cleaned.isEmpty() ? "nothing left to remove" : "removed " + String.join(", ", cleaned))
                + (failed.isEmpty() ? "" : "; COULD NOT REMOVE " + String.join(", ", failed) + " (remove them by hand)");
    }

    /** What was removed so far, e.g. {@code instance i-...}. */
    public List<String> removed() {
        return List.copyOf(cleaned);
    }

    /** What could not be removed, each with the reason. */
    public List<String> failures() {
        return List.copyOf(failed);
    }

    /** Removes what the runner saw Packer create; call {@link #summary()} for the report. */
    public void clean(PackerResources resources) {
        for (String imageId : resources.amiIds()) {
            deregisterWithSnapshots(imageId, "");
        }
        for (String instanceId : resources.instanceIds()) {
            terminate(instanceId);
        }
        for (String keyPair : resources.keyPairNames()) {
            attempt("key pair " + keyPair, () -> {
                // DeleteKeyPair succeeds for a missing key too: ask first, so the report says what was really left.
                ec2.describeKeyPairs(b -> b.keyNames(keyPair));
                ec2.deleteKeyPair(b -> b.keyName(keyPair));
                return true;
            });
        }
        for (String groupName : resources.securityGroupNames()) {
            attempt("security group " + groupName, () -> deleteGroupByName(groupName));
        }
        for (String groupId : resources.securityGroupIds()) {
            attempt("security group " + groupId, () -> {
                ec2.deleteSecurityGroup(b -> b.groupId(groupId));
                return true;
            });
        }
    }

    /** Deregisters an image of {@code region} that the bake made (a copy), with its snapshots. */
    void removeImage(String region, String imageId) {
        deregisterWithSnapshots(imageId, " in " + region);
    }

    private void deregisterWithSnapshots(String imageId, String where) {
        List<Image> images;
        try {
            images = ec2.describeImages(b -> b.imageIds(imageId)).images();
        } catch (SdkException e) {
            if (isNotFound(e)) {
                return;
            }
            failed.add("AMI " + imageId + " (" + e.getMessage() + ")");
            return;
        }
        for (Image image : images) {
            deregister(image, where);
        }
    }

    private void deregister(Image image, String where) {
        String imageId = image.imageId();
        if (!done.add(imageId)) {
            return;
        }
        attempt("AMI " + imageId + where, () -> {
            ec2.deregisterImage(b -> b.imageId(imageId));
            return true;
        });
        for (BlockDeviceMapping mapping : image.blockDeviceMappings()) {
            if (mapping.ebs() != null && mapping.ebs().snapshotId() != null) {
                String snapshot = mapping.ebs().snapshotId();
                attempt("snapshot " + snapshot + where, () -> {
                    ec2.deleteSnapshot(b -> b.snapshotId(snapshot));
                    return true;
                });
            }
        }
    }

    private void terminate(String instanceId) {
        boolean alive;
        try {
            alive = ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().stream()
                    .flatMap(r -> r.instances().stream())
                    .anyMatch(i -> i.state().name() != InstanceStateName.TERMINATED);
        } catch (SdkException e) {
            if (!isNotFound(e)) {
                failed.add("instance " + instanceId + " (" + e.getMessage() + ")");
            }
            return;
        }
        if (!alive) {
            return;
        }
        attempt("instance " + instanceId, () -> {
            ec2.terminateInstances(b -> b.instanceIds(instanceId));
            // A security group cannot be deleted while an instance still uses it.
            ec2.waiter().waitUntilInstanceTerminated(b -> b.instanceIds(instanceId),
                    w -> w.waitTimeout(terminationWait));
            return true;
        });
    }

    private boolean deleteGroupByName(String groupName) {
        var groups = ec2.describeSecurityGroups(b -> b.filters(f -> f.name("group-name").values(groupName)))
                .securityGroups();
        groups.forEach(group -> ec2.deleteSecurityGroup(b -> b.groupId(group.groupId())));
        return !groups.isEmpty();
    }

    /** Runs one removal; {@code call} answers whether there was something to remove. */
    private void attempt(String what, BooleanSupplier call) {
        try {
            if (call.getAsBoolean()) {
                cleaned.add(what);
                log.accept("Removed " + what);
            }
        } catch (SdkException e) {
            if (!isNotFound(e)) {
                failed.add(what + " (" + e.getMessage() + ")");
            }
        } catch (RuntimeException e) {
            failed.add(what + " (" + e.getMessage() + ")");
        }
    }

    /** EC2's "does not exist" codes: InvalidAMIID.NotFound, InvalidKeyPair.NotFound, InvalidGroup.NotFound... */
    private static boolean isNotFound(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = String.valueOf(service.awsErrorDetails().errorCode());
            return code.endsWith(".NotFound") || code.endsWith(".Unavailable");
        }
        return false;
    }
}
