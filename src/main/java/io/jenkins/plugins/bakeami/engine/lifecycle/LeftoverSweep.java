package io.jenkins.plugins.bakeami.engine.lifecycle;

import io.jenkins.plugins.bakeami.engine.bake.LeftoverCleaner;
import io.jenkins.plugins.bakeami.engine.packer.PackerResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeState;

/**
 * Removes {@link Leftovers} in their region: terminates the instances, deletes the key pairs, and, once the instances
 * are gone (a security group cannot be deleted while an instance uses it), the security groups and the instances'
 * extra volumes. Whatever is already gone counts as nothing to do; whatever cannot be removed is reported and the
 * rest carries on.
 *
 * <p>Two ways to run it: {@link #remove} waits for the instances to terminate and removes everything in one call
 * (the CLI); {@link #start} never waits: it terminates, removes what does not depend on the instances, and returns
 * what is left, for a later pass (a Jenkins agent call must stay short).
 *
 * <p>Extra volumes are those Packer itself would delete after the instance: EBS volumes of the instance that do not
 * go with it ({@code DeleteOnTermination} false) on a device its source AMI maps that way. A volume on a device the
 * source AMI does not map so came from the template's {@code launch_block_device_mappings}, which Packer leaves to
 * EC2; so does the sweep.
 */
public final class LeftoverSweep {
    /** EC2 usually terminates an instance within a minute or two; the group waits for it. */
    static final Duration TERMINATION_WAIT = Duration.ofMinutes(10);

    /**
     * What a sweep did in one region.
     *
     * @param removed     what was removed (or, for an instance, terminated), each as {@code kind id}
     * @param terminating instances still shutting down: their groups and volumes wait for them
     * @param failures    what could not be removed, each with the reason
     * @param remaining   what is still there to remove: the instances still terminating, what waits for them, and
     *                    what failed (a later pass tries again)
     */
    public record Result(String region, List<String> removed, List<String> terminating, List<String> failures,
            Leftovers remaining) {
        public Result {
            removed = List.copyOf(removed);
            terminating = List.copyOf(terminating);
            failures = List.copyOf(failures);
        }

        public String summary() {
            String waiting = terminating.isEmpty() ? "" : "; waiting for " + String.join(", ", terminating)
                    + " to terminate before removing the rest (" + remaining.describe() + ")";
            return "Sweep of " + region + ": " + (removed.isEmpty() ? "nothing removed" : "removed "
                    + String.join(", ", removed)) + waiting + (failures.isEmpty() ? "" : "; COULD NOT REMOVE "
                    + String.join(", ", failures));
        }
    }

    private final Ec2Client ec2;
    private final Consumer<String> log;

    /** @param ec2 a client of the leftovers' region */
    public LeftoverSweep(Ec2Client ec2, Consumer<String> log) {
        this.ec2 = ec2;
        this.log = log;
    }

    /**
     * Removes everything, waiting (up to 10 minutes) for the instances to terminate: passes of {@link #start}, a
     * little further apart each time (1 s, doubling, at most 15 s), until nothing is terminating. An interrupt ends the
     * wait (the interrupt is kept); the result then says what is still left.
     */
    public Result remove(Leftovers leftovers) {
        long deadline = System.nanoTime() + TERMINATION_WAIT.toNanos();
        Result pass = start(leftovers);
        List<String> removed = new ArrayList<>(pass.removed());
        List<String> timedOut = new ArrayList<>();
        long pauseMillis = 1000;
        while (!pass.terminating().isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                timedOut.add("instances " + pass.terminating() + " (not terminated within "
                        + Ages.format(TERMINATION_WAIT) + ")");
                break;
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pauseMillis = Math.min(pauseMillis * 2, 15_000);
            pass = start(pass.remaining());
            removed.addAll(pass.removed());
        }
        List<String> failures = new ArrayList<>(timedOut);
        failures.addAll(pass.failures());
        return new Result(leftovers.region(), removed, pass.terminating(), failures, pass.remaining());
    }

    /**
     * One pass that never waits: terminates the instances (noting their extra volumes first), deletes the key pairs,
     * and, when no instance is still running or terminating, the security groups and the extra volumes.
     */
    public Result start(Leftovers leftovers) {
        List<String> removed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> terminating = new ArrayList<>();
        List<String> instancesLeft = new ArrayList<>();
        List<String> volumes = new ArrayList<>(leftovers.volumeIds());
        terminate(leftovers.resources().instanceIds(), volumes, removed, terminating, instancesLeft, failures);

        PackerResources resources = leftovers.resources();
        List<String> keyPairsLeft = new ArrayList<>();
        for (String keyPair : resources.keyPairNames()) { // a key pair may go while an instance still uses it
            clean(new PackerResources(List.of(), List.of(keyPair), List.of(), List.of(), List.of()), keyPair,
                    keyPairsLeft, removed, failures);
        }
        List<String> groupNamesLeft = new ArrayList<>();
        List<String> groupIdsLeft = new ArrayList<>();
        List<String> volumesLeft = new ArrayList<>();
        if (instancesLeft.isEmpty()) {
            for (String name : resources.securityGroupNames()) {
                clean(new PackerResources(List.of(), List.of(), List.of(name), List.of(), List.of()), name,
                        groupNamesLeft, removed, failures);
            }
            for (String id : resources.securityGroupIds()) {
                clean(new PackerResources(List.of(), List.of(), List.of(), List.of(id), List.of()), id, groupIdsLeft,
                        removed, failures);
            }
            volumes.forEach(volume -> deleteVolume(volume, volumesLeft, removed, failures));
        } else {
            groupNamesLeft.addAll(resources.securityGroupNames());
            groupIdsLeft.addAll(resources.securityGroupIds());
            volumesLeft.addAll(volumes);
        }
        Leftovers remaining = new Leftovers(leftovers.region(), new PackerResources(instancesLeft, keyPairsLeft,
                groupNamesLeft, groupIdsLeft, List.of()), volumesLeft);
        return new Result(leftovers.region(), removed, terminating, failures, remaining);
    }

    /** Terminates each instance that is not terminated yet; those not terminated by the end of the call are left. */
    private void terminate(List<String> instanceIds, List<String> volumes, List<String> removed,
            List<String> terminating, List<String> left, List<String> failures) {
        if (instanceIds.isEmpty()) {
            return;
        }
        Map<String, Instance> found;
        try {
            // a filter, not ids: an instance that is gone is simply not listed
            found = ec2.describeInstancesPaginator(b -> b.filters(f -> f.name("instance-id").values(instanceIds)))
                    .reservations().stream().flatMap(r -> r.instances().stream())
                    .collect(Collectors.toMap(Instance::instanceId, i -> i, (a, b) -> a));
        } catch (SdkException e) {
            failures.add("instances " + instanceIds + " (" + e.getMessage() + ")");
            left.addAll(instanceIds);
            return;
        }
        for (String id : instanceIds) {
            Instance instance = found.get(id);
            if (instance == null || instance.state().name() == InstanceStateName.TERMINATED) {
                continue;
            }
            addExtraVolumes(instance, volumes);
            if (instance.state().name() == InstanceStateName.SHUTTING_DOWN) {
                terminating.add(id); // terminated by an earlier pass: wait for it
                left.add(id);
                continue;
            }
            try {
                InstanceStateName now = ec2.terminateInstances(b -> b.instanceIds(id)).terminatingInstances().stream()
                        .map(change -> change.currentState().name()).findFirst().orElse(InstanceStateName.TERMINATED);
                removed.add("instance " + id);
                log.accept("Terminated instance " + id);
                if (now != InstanceStateName.TERMINATED) {
                    terminating.add(id);
                    left.add(id);
                }
            } catch (SdkException e) {
                failures.add("instance " + id + " (" + e.getMessage() + ")");
                left.add(id);
            }
        }
    }

    /** Notes the volumes Packer would delete after this instance (see the class comment). */
    private void addExtraVolumes(Instance instance, List<String> volumes) {
        Map<String, String> lasting = instance.blockDeviceMappings().stream()
                .filter(m -> m.ebs() != null && Boolean.FALSE.equals(m.ebs().deleteOnTermination()))
                .collect(Collectors.toMap(InstanceBlockDeviceMapping::deviceName, m -> m.ebs().volumeId()));
        if (lasting.isEmpty()) {
            return;
        }
        Set<String> sourceLasting;
        try {
            sourceLasting = ec2.describeImages(b -> b.imageIds(instance.imageId())).images().stream()
                    .flatMap(image -> image.blockDeviceMappings().stream())
                    .filter(m -> m.ebs() != null && Boolean.FALSE.equals(m.ebs().deleteOnTermination()))
                    .map(BlockDeviceMapping::deviceName).collect(Collectors.toSet());
        } catch (SdkException e) {
            log.accept("Left the volumes " + lasting.values() + " of " + instance.instanceId() + ": its source AMI "
                    + instance.imageId() + " cannot be described (" + e.getMessage() + "), so which of them Packer"
                    + " would delete cannot be told");
            return;
        }
        lasting.forEach((device, volume) -> {
            if (sourceLasting.contains(device) && !volumes.contains(volume)) {
                volumes.add(volume);
            }
        });
    }

    private void deleteVolume(String volumeId, List<String> left, List<String> removed, List<String> failures) {
        try {
            List<Volume> found = ec2.describeVolumes(b -> b.filters(f -> f.name("volume-id").values(volumeId)))
                    .volumes();
            if (found.isEmpty() || found.get(0).state() == VolumeState.DELETING
                    || found.get(0).state() == VolumeState.DELETED) {
                return;
            }
            if (found.get(0).state() != VolumeState.AVAILABLE) {
                left.add(volumeId); // still attached while its instance shuts down: a later pass deletes it
                return;
            }
            ec2.deleteVolume(b -> b.volumeId(volumeId));
            removed.add("volume " + volumeId);
            log.accept("Removed volume " + volumeId);
        } catch (SdkException e) {
            failures.add("volume " + volumeId + " (" + e.getMessage() + ")");
            left.add(volumeId);
        }
    }

    /** Removes one key pair or group through the bake's own cleaner; keeps it in {@code left} when that failed. */
    private void clean(PackerResources one, String name, List<String> left, List<String> removed,
            List<String> failures) {
        LeftoverCleaner cleaner = new LeftoverCleaner(ec2, log, Duration.ZERO);
        cleaner.clean(one);
        removed.addAll(cleaner.removed());
        failures.addAll(cleaner.failures());
        if (!cleaner.failures().isEmpty()) {
            left.add(name);
        }
    }
}
