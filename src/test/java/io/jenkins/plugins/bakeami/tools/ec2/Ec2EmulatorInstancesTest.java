package io.jenkins.plugins.bakeami.tools.ec2;

import static io.jenkins.plugins.bakeami.tools.ec2.Ec2EmulatorImagesTest.expectEc2Error;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.testsupport.AdjustableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;

/** Instances, volumes, security groups, key pairs, CreateImage/CopyImage and the leak report, through the SDK. */
public class Ec2EmulatorInstancesTest {
    private static final String KEY = "AKIAINSTANCESTEST001";
    private static final String ACCOUNT = "555555555555";
    private static final String REGION = "us-east-1";

    /**
     * How long each lifecycle state lasts on the emulator's clock: a state seen right after a call is that state
     * however busy the machine is, and it ends when the test moves the clock ({@link #stateEnds()}).
     */
    private static final Duration STATE_LASTS = Duration.ofMinutes(30);

    private final AdjustableClock clock = new AdjustableClock();
    private Ec2Emulator emulator;
    private Ec2Client ec2;

    @Before
    public void start() {
        emulator = Ec2Emulator.builder().clock(clock).delays(Delays.uniform(STATE_LASTS)).start();
        emulator.accounts().map(KEY, ACCOUNT);
        ec2 = EmulatorClients.client(emulator, KEY, REGION);
    }

    @After
    public void stop() {
        ec2.close();
        emulator.close();
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private software.amazon.awssdk.services.ec2.waiters.Ec2Waiter waiter() {
        return EmulatorClients.waiter(ec2);
    }

    /** Ends what is pending (an instance starting or stopping, an image being made or copied) by the clock. */
    private void stateEnds() {
        clock.advance(STATE_LASTS);
    }

    private Instance describe(String instanceId) {
        return ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    @Test
    public void aBakeLikePackersLeavesAnAvailableImageAndNoLeaks() {
        CreateKeyPairResponse key = ec2.createKeyPair(b -> b.keyName("packer_tmp"));
        assertTrue(key.keyMaterial().startsWith("-----BEGIN RSA PRIVATE KEY-----\n"));
        assertTrue(key.keyFingerprint().matches("([0-9a-f]{2}:){19}[0-9a-f]{2}"));
        String group = ec2.createSecurityGroup(b -> b.groupName("packer_sg").description("Temporary group for Packer")).groupId();
        ec2.authorizeSecurityGroupIngress(b -> b.groupId(group).ipProtocol("tcp").fromPort(22).toPort(22).cidrIp("0.0.0.0/0"));
        assertEquals("InvalidPermission.Duplicate", expectEc2Error(() -> ec2.authorizeSecurityGroupIngress(
                b -> b.groupId(group).ipProtocol("tcp").fromPort(22).toPort(22).cidrIp("0.0.0.0/0"))).awsErrorDetails().errorCode());
        assertEquals(1, ec2.describeSecurityGroups(b -> b.groupIds(group)).securityGroups().get(0).ipPermissions().size());

        RunInstancesResponse run = ec2.runInstances(b -> b.imageId(Ec2Emulator.BASE_IMAGE_ID).instanceType("t3.micro")
                .minCount(1).maxCount(1).keyName("packer_tmp").securityGroupIds(group)
                .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/xvdb").ebs(e -> e.volumeSize(5)).build())
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                        .tags(Tag.builder().key("Name").value("Packer Builder").build()).build()));
        String instanceId = run.instances().get(0).instanceId();
        assertEquals(InstanceStateName.PENDING, run.instances().get(0).state().name());
        assertEquals(ACCOUNT, run.ownerId());

        stateEnds();

        waiter().waitUntilInstanceRunning(b -> b.instanceIds(instanceId));
        Instance running = describe(instanceId);
        assertEquals(InstanceStateName.RUNNING, running.state().name());
        assertEquals(16, running.state().code().intValue());
        assertEquals(List.of(Tag.builder().key("Name").value("Packer Builder").build()), running.tags());
        assertEquals(2, running.blockDeviceMappings().size());
        List<String> volumeIds = running.blockDeviceMappings().stream().map(m -> m.ebs().volumeId()).collect(Collectors.toList());
        List<Volume> volumes = ec2.describeVolumes(b -> b.filters(filter("attachment.instance-id", instanceId))).volumes();
        assertEquals(Set.copyOf(volumeIds), volumes.stream().map(Volume::volumeId).collect(Collectors.toSet()));
        Volume root = ec2.describeVolumes(b -> b.volumeIds(volumeIds.get(0))).volumes().get(0);
        assertEquals(Ec2Emulator.BASE_SNAPSHOT_ID, root.snapshotId());
        assertEquals("in-use", root.stateAsString());
        assertEquals(instanceId, root.attachments().get(0).instanceId());

        ec2.stopInstances(b -> b.instanceIds(instanceId));
        assertEquals(InstanceStateName.STOPPING, describe(instanceId).state().name());
        assertEquals("Client.UserInitiatedShutdown", describe(instanceId).stateReason().code());
        stateEnds();
        waiter().waitUntilInstanceStopped(b -> b.instanceIds(instanceId));

        String imageId = ec2.createImage(b -> b.instanceId(instanceId).name("baked-1")).imageId();
        assertEquals("pending", ec2.describeImages(b -> b.imageIds(imageId)).images().get(0).stateAsString());
        assertEquals("InvalidAMIName.Duplicate",
                expectEc2Error(() -> ec2.createImage(b -> b.instanceId(instanceId).name("baked-1"))).awsErrorDetails().errorCode());
        stateEnds();
        waiter().waitUntilImageAvailable(b -> b.imageIds(imageId));
        Image image = ec2.describeImages(b -> b.imageIds(imageId)).images().get(0);
        assertEquals(ACCOUNT, image.ownerId());
        assertEquals(2, image.blockDeviceMappings().size());
        List<String> snapshotIds = image.blockDeviceMappings().stream().map(m -> m.ebs().snapshotId()).collect(Collectors.toList());
        assertEquals(2, ec2.describeSnapshots(b -> b.snapshotIds(snapshotIds).filters(filter("status", "completed"))).snapshots().size());
        assertEquals(5, image.blockDeviceMappings().get(1).ebs().volumeSize().intValue());

        // not finished: the leak report names what is left
        LeakReport leaks = emulator.leakReport();
        assertEquals(1, leaks.leaks("instance").size());
        assertEquals(1, leaks.leaks("security-group").size());
        assertEquals(1, leaks.leaks("key-pair").size());
        assertEquals(2, leaks.leaks("volume").size());
        assertEquals("DependencyViolation", expectEc2Error(() -> ec2.deleteSecurityGroup(b -> b.groupId(group))).awsErrorDetails().errorCode());

        ec2.terminateInstances(b -> b.instanceIds(instanceId));
        assertEquals(InstanceStateName.SHUTTING_DOWN, describe(instanceId).state().name());
        stateEnds();
        waiter().waitUntilInstanceTerminated(b -> b.instanceIds(instanceId));
        assertTrue(ec2.describeVolumes(b -> b.filters(filter("volume-id", volumeIds.toArray(new String[0])))).volumes().isEmpty());
        assertEquals("InvalidVolume.NotFound", expectEc2Error(() -> ec2.describeVolumes(b -> b.volumeIds(volumeIds.get(0))))
                .awsErrorDetails().errorCode());
        ec2.deleteSecurityGroup(b -> b.groupId(group));
        ec2.deleteKeyPair(b -> b.keyName("packer_tmp"));
        ec2.deleteKeyPair(b -> b.keyName("packer_tmp")); // EC2 answers success for a missing key pair
        assertTrue(emulator.leakReport().toString(), emulator.leakReport().isEmpty());
        assertEquals("available", emulator.image(REGION, imageId).orElseThrow().state());
    }

    @Test
    public void volumesThatOutliveTheirInstanceAreLeaksUntilDeleted() {
        String instanceId = ec2.runInstances(b -> b.imageId(Ec2Emulator.BASE_IMAGE_ID).minCount(1).maxCount(1)
                .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/xvdf")
                        .ebs(e -> e.volumeSize(3).deleteOnTermination(false)).build())).instances().get(0).instanceId();
        ec2.terminateInstances(b -> b.instanceIds(instanceId));
        stateEnds();
        waiter().waitUntilInstanceTerminated(b -> b.instanceIds(instanceId));
        List<LeakReport.Leak> leaks = emulator.leakReport().leaks();
        assertEquals(1, leaks.size());
        assertEquals("volume", leaks.get(0).kind());
        assertEquals("available", leaks.get(0).detail());
        ec2.deleteVolume(b -> b.volumeId(leaks.get(0).id()));
        assertTrue(emulator.leakReport().isEmpty());
    }

    @Test
    public void launchErrorsAreEc2Errors() {
        assertEquals("InvalidAMIID.NotFound", expectEc2Error(() -> ec2.runInstances(b -> b.imageId("ami-00000000000000000")
                .minCount(1).maxCount(1))).awsErrorDetails().errorCode());
        assertEquals("InvalidKeyPair.NotFound", expectEc2Error(() -> ec2.runInstances(b -> b.imageId(Ec2Emulator.BASE_IMAGE_ID)
                .minCount(1).maxCount(1).keyName("nope"))).awsErrorDetails().errorCode());
        assertEquals("InvalidSubnetID.NotFound", expectEc2Error(() -> ec2.runInstances(b -> b.imageId(Ec2Emulator.BASE_IMAGE_ID)
                .minCount(1).maxCount(1).subnetId("subnet-00000000000000000"))).awsErrorDetails().errorCode());
        assertEquals("InvalidGroup.NotFound", expectEc2Error(() -> ec2.runInstances(b -> b.imageId(Ec2Emulator.BASE_IMAGE_ID)
                .minCount(1).maxCount(1).securityGroupIds("sg-00000000000000000"))).awsErrorDetails().errorCode());
        assertEquals("InvalidInstanceID.NotFound", expectEc2Error(() -> ec2.stopInstances(b -> b.instanceIds("i-00000000000000000")))
                .awsErrorDetails().errorCode());
        assertEquals("InvalidInstanceID.Malformed", expectEc2Error(() -> ec2.describeInstances(b -> b.instanceIds("x-1")))
                .awsErrorDetails().errorCode());
        assertTrue(emulator.leakReport().isEmpty());
    }

    @Test
    public void aRetriedLaunchWithTheSameClientTokenLaunchesOnce() {
        String first = ec2.runInstances(b -> b.imageId(Ec2Emulator.BASE_IMAGE_ID).minCount(1).maxCount(1).clientToken("tok-1"))
                .instances().get(0).instanceId();
        String again = ec2.runInstances(b -> b.imageId(Ec2Emulator.BASE_IMAGE_ID).minCount(1).maxCount(1).clientToken("tok-1"))
                .instances().get(0).instanceId();
        assertEquals(first, again);
        assertEquals(1, emulator.leakReport().leaks("instance").size());
    }

    @Test
    public void instancesArePagedAndFiltered() {
        for (int i = 0; i < 7; i++) {
            ec2.runInstances(b -> b.imageId(Ec2Emulator.BASE_IMAGE_ID).minCount(1).maxCount(1).instanceType("t3.small"));
        }
        int pages = 0;
        int seen = 0;
        for (var page : ec2.describeInstancesPaginator(b -> b.maxResults(5).filters(filter("instance-type", "t3.small")))) {
            pages++;
            seen += page.reservations().stream().mapToInt(r -> r.instances().size()).sum();
        }
        assertEquals(2, pages);
        assertEquals(7, seen);
        assertEquals("InvalidParameterCombination", expectEc2Error(() -> ec2.describeInstances(b -> b.instanceIds("i-00000000000000000")
                .maxResults(5))).awsErrorDetails().errorCode());
    }

    @Test
    public void copyImageLandsInTheDestinationRegionAfterADelay() {
        String source = emulator.seedImage(REGION, ACCOUNT, "to-copy", Map.of("ami_config_checksum", "c"), "available", null, false);
        try (Ec2Client west = EmulatorClients.client(emulator, KEY, "us-west-2")) {
            String copy = west.copyImage(b -> b.sourceRegion(REGION).sourceImageId(source).name("to-copy")).imageId();
            Image pending = west.describeImages(b -> b.imageIds(copy)).images().get(0);
            assertEquals("pending", pending.stateAsString());
            assertTrue(pending.tags().isEmpty());
            assertTrue(emulator.image(REGION, copy).isEmpty());
            stateEnds();
            EmulatorClients.waiter(west).waitUntilImageAvailable(b -> b.imageIds(copy));
            Image available = west.describeImages(b -> b.imageIds(copy)).images().get(0);
            String copySnapshot = available.blockDeviceMappings().get(0).ebs().snapshotId();
            assertEquals("completed", west.describeSnapshots(b -> b.snapshotIds(copySnapshot)).snapshots().get(0).stateAsString());
            assertFalse(emulator.image(REGION, source).orElseThrow().snapshotIds().contains(copySnapshot));
            assertEquals("InvalidAMIID.NotFound", expectEc2Error(() -> west.copyImage(b -> b.sourceRegion(REGION)
                    .sourceImageId("ami-00000000000000000").name("x-copy"))).awsErrorDetails().errorCode());
        }
    }

    /** Encrypted and KmsKeyId as the SDK 2.33.4 model sends them, and EC2's refusals around them. */
    @Test
    public void copyImageEncryptsWithTheNamedKeyAndRefusesWhatEc2Refuses() {
        emulator.delays(Delays.uniform(Duration.ofMillis(50)));
        String source = emulator.seedImage(REGION, ACCOUNT, "to-encrypt", Map.of(), "available", null, false);
        try (Ec2Client west = EmulatorClients.client(emulator, KEY, "us-west-2")) {
            String copy = west.copyImage(b -> b.sourceRegion(REGION).sourceImageId(source).name("to-encrypt")
                    .encrypted(true).kmsKeyId("alias/west-key").clientToken("repair-1")).imageId();
            assertEquals("a retry with the same ClientToken returns the same copy", copy, west.copyImage(
                    b -> b.sourceRegion(REGION).sourceImageId(source).name("to-encrypt").encrypted(true)
                            .kmsKeyId("alias/west-key").clientToken("repair-1")).imageId());
            EmulatorClients.waiter(west).waitUntilImageAvailable(b -> b.imageIds(copy));
            var ebs = west.describeImages(b -> b.imageIds(copy)).images().get(0).blockDeviceMappings().get(0).ebs();
            assertTrue(ebs.encrypted());
            assertEquals("alias/west-key", ebs.kmsKeyId());
            var snapshot = west.describeSnapshots(b -> b.snapshotIds(ebs.snapshotId())).snapshots().get(0);
            assertTrue(snapshot.encrypted());
            assertEquals("alias/west-key", snapshot.kmsKeyId());
            assertEquals("alias/west-key", emulator.snapshot("us-west-2", ebs.snapshotId()).orElseThrow().kmsKeyId());

            assertEquals("InvalidParameterDependency", expectEc2Error(() -> west.copyImage(b -> b.sourceRegion(REGION)
                    .sourceImageId(source).name("key-only").kmsKeyId("alias/west-key"))).awsErrorDetails().errorCode());
            try (Ec2Client east = EmulatorClients.client(emulator, KEY, REGION)) {
                assertEquals("an encrypted image has no unencrypted copy", "InvalidRequest", expectEc2Error(
                        () -> east.copyImage(b -> b.sourceRegion("us-west-2").sourceImageId(copy).name("plain")
                                .encrypted(false))).awsErrorDetails().errorCode());
            }
        }
    }

    @Test
    public void failedImagesCanBeInjected() {
        emulator.failNewImages(true);
        String instanceId = ec2.runInstances(b -> b.imageId(Ec2Emulator.BASE_IMAGE_ID).minCount(1).maxCount(1))
                .instances().get(0).instanceId();
        stateEnds();
        waiter().waitUntilInstanceRunning(b -> b.instanceIds(instanceId));
        String imageId = ec2.createImage(b -> b.instanceId(instanceId).name("doomed")).imageId();
        try {
            stateEnds();
            waiter().waitUntilImageAvailable(b -> b.imageIds(imageId));
            org.junit.Assert.fail("the SDK waiter must stop at a failed image");
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("Images[].State=failed"));
        }
        assertEquals("failed", emulator.image(REGION, imageId).orElseThrow().state());
    }
}
