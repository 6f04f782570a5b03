package io.jenkins.plugins.bakeami.tools.ec2;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeTagsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Images, snapshots and tags through the real AWS SDK v2 client. */
public class Ec2EmulatorImagesTest {
    static final String OURS = "111111111111";
    static final String THEIRS = "222222222222";
    static final String OUR_KEY = "AKIAOURSEXAMPLE00001";
    static final String THEIR_KEY = "AKIATHEIRSEXAMPLE001";
    static final String REGION = "us-east-1";

    private Ec2Emulator emulator;
    private Ec2Client ec2;
    private Ec2Client theirEc2;

    @Before
    public void start() {
        emulator = Ec2Emulator.builder().delays(Delays.uniform(Duration.ofMillis(50))).start();
        emulator.accounts().map(OUR_KEY, OURS).map(THEIR_KEY, THEIRS);
        ec2 = EmulatorClients.client(emulator, OUR_KEY, REGION);
        theirEc2 = EmulatorClients.client(emulator, THEIR_KEY, REGION);
    }

    @After
    public void stop() {
        ec2.close();
        theirEc2.close();
        emulator.close();
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static Set<String> ids(DescribeImagesResponse response) {
        return response.images().stream().map(Image::imageId).collect(Collectors.toCollection(TreeSet::new));
    }

    /** What a template's source_ami_filter asks, answered from the public catalog, and a newer image published. */
    @Test
    public void publicImagesOfOtherOwnersAreSelectedByNameTypeAndOwner() {
        try (Ec2Emulator withCatalog = Ec2Emulator.builder().publicImages(true).start();
                Ec2Client client = EmulatorClients.client(withCatalog, OUR_KEY, "eu-west-1")) {
            List<Image> ubuntu = client.describeImages(b -> b.owners(Ec2Emulator.CANONICAL).filters(
                    filter("name", "ubuntu/images/*ubuntu-jammy-22.04-amd64-server-*"),
                    filter("root-device-type", "ebs"), filter("virtualization-type", "hvm"))).images();
            assertEquals(List.of("ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240207",
                    "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240301"),
                    ubuntu.stream().map(Image::name).sorted().toList());
            assertTrue(ubuntu.stream().allMatch(i -> i.publicLaunchPermissions() && i.imageOwnerAlias() == null));
            assertEquals("the instance-store image is newer but filtered out", 3, client.describeImages(
                    b -> b.owners(Ec2Emulator.CANONICAL)).images().size());

            List<Image> amazon = client.describeImages(b -> b.owners("amazon").filters(filter("name", "amzn2-ami-*"),
                    filter("virtualization-type", "hvm"))).images();
            assertEquals(2, amazon.size());
            assertEquals(3, client.describeImages(b -> b.filters(filter("owner-alias", "amazon"),
                    filter("name", "amzn2-ami-*"))).images().size());
            assertEquals("2024-03-06T21:14:27.000Z", amazon.stream().map(Image::creationDate).max(String::compareTo)
                    .orElseThrow());

            String newer = withCatalog.publishImage("eu-west-1", Accounts.AMAZON, "amzn2-ami-hvm-2.0.20991231.0-x86_64-gp2");
            Image published = client.describeImages(b -> b.imageIds(newer)).images().get(0);
            assertTrue(published.publicLaunchPermissions());
            assertEquals("amazon", published.imageOwnerAlias());
            assertTrue("created now, the newest", published.creationDate().compareTo("2024-03-07") > 0);
        }
        assertEquals("without the catalog, only the base image", List.of(Ec2Emulator.BASE_IMAGE_ID),
                ec2.describeImages(b -> b.owners("amazon")).images().stream().map(Image::imageId).toList());
    }

    @Test
    public void tagFilterWithOwnersSelfFindsOnlyOurImage() {
        String ours = emulator.seedImage(REGION, OURS, "app-1", Map.of("ami_config_checksum", "abc"), "available", null, false);
        emulator.seedImage(REGION, THEIRS, "app-theirs", Map.of("ami_config_checksum", "abc"), "available", null, true);
        emulator.seedImage(REGION, OURS, "app-2", Map.of("ami_config_checksum", "other"), "available", null, false);

        DescribeImagesResponse response = ec2.describeImages(DescribeImagesRequest.builder()
                .owners("self").filters(filter("tag:ami_config_checksum", "abc"), filter("state", "available")).build());

        assertEquals(Set.of(ours), ids(response));
        Image image = response.images().get(0);
        assertEquals(OURS, image.ownerId());
        assertEquals("app-1", image.name());
        assertEquals("available", image.stateAsString());
        assertEquals(List.of(Tag.builder().key("ami_config_checksum").value("abc").build()), image.tags());
        assertEquals("ebs", image.rootDeviceTypeAsString());
        assertEquals(1, image.blockDeviceMappings().size());
        assertTrue(image.blockDeviceMappings().get(0).ebs().snapshotId().startsWith("snap-"));
    }

    @Test
    public void anotherAccountsPublicImageShowsNoneOfItsTagsAndTagFiltersIgnoreThem() {
        String theirs = emulator.seedImage(REGION, THEIRS, "theirs", Map.of("ami_config_checksum", "abc"), "available", null, true);

        Image seenByUs = ec2.describeImages(b -> b.imageIds(theirs)).images().get(0);
        assertEquals(THEIRS, seenByUs.ownerId());
        assertTrue(seenByUs.publicLaunchPermissions());
        assertTrue(seenByUs.tags().isEmpty());
        assertTrue(ec2.describeImages(b -> b.filters(filter("tag:ami_config_checksum", "abc"))).images().isEmpty());
        assertTrue(ec2.describeImages(b -> b.filters(filter("tag-key", "ami_config_checksum"))).images().isEmpty());

        // our tag on their image is ours alone
        ec2.createTags(b -> b.resources(theirs).tags(Tag.builder().key("seen").value("yes").build()));
        assertEquals(List.of(Tag.builder().key("seen").value("yes").build()),
                ec2.describeImages(b -> b.imageIds(theirs)).images().get(0).tags());
        assertEquals(List.of(Tag.builder().key("ami_config_checksum").value("abc").build()),
                theirEc2.describeImages(b -> b.imageIds(theirs)).images().get(0).tags());
    }

    @Test
    public void ownersAndExecutableUsersScopeTheSearch() {
        String ours = emulator.seedImage(REGION, OURS, "ours", Map.of(), "available", null, false);
        String theirPublic = emulator.seedImage(REGION, THEIRS, "their-public", Map.of(), "available", null, true);
        String theirPrivate = emulator.seedImage(REGION, THEIRS, "their-private", Map.of(), "available", null, false);
        String sharedWithUs = emulator.seedImage(ImageSeed.named("shared").region(REGION).owner(THEIRS).sharedWith(OURS));

        assertEquals(Set.of(ours), ids(ec2.describeImages(b -> b.owners("self"))));
        assertEquals(Set.of(theirPublic, sharedWithUs), ids(ec2.describeImages(b -> b.owners(THEIRS))));
        assertEquals(Set.of(Ec2Emulator.BASE_IMAGE_ID), ids(ec2.describeImages(b -> b.owners("amazon"))));
        assertEquals(Set.of(ours, theirPublic, sharedWithUs, Ec2Emulator.BASE_IMAGE_ID), ids(ec2.describeImages(b -> b.build())));
        assertEquals(Set.of(ours, sharedWithUs), ids(ec2.describeImages(b -> b.executableUsers("self"))));
        assertEquals(Set.of(theirPublic, Ec2Emulator.BASE_IMAGE_ID), ids(ec2.describeImages(b -> b.executableUsers("all"))));
        assertEquals(Set.of(theirPublic), ids(ec2.describeImages(b -> b.filters(filter("owner-id", THEIRS), filter("is-public", "true")))));
        assertEquals(Set.of(theirPrivate, sharedWithUs),
                ids(theirEc2.describeImages(b -> b.owners("self").filters(filter("is-public", "false")))));
        Ec2Exception e = expectEc2Error(() -> ec2.describeImages(b -> b.imageIds(theirPrivate)));
        assertEquals("InvalidAMIID.NotFound", e.awsErrorDetails().errorCode());
    }

    @Test
    public void filtersMatchWildcardsAndStates() {
        Instant t = Instant.parse("2025-01-01T10:00:00Z");
        String a = emulator.seedImage(REGION, OURS, "app-1", Map.of("team", "web"), "available", t, false);
        String b = emulator.seedImage(REGION, OURS, "app-22", Map.of("team", "db"), "pending", t, false);
        String c = emulator.seedImage(REGION, OURS, "base*literal", Map.of(), "failed", t, false);

        assertEquals(Set.of(a, b), ids(ec2.describeImages(x -> x.owners("self").filters(filter("name", "app-*")))));
        assertEquals(Set.of(a), ids(ec2.describeImages(x -> x.owners("self").filters(filter("name", "app-?")))));
        assertEquals(Set.of(c), ids(ec2.describeImages(x -> x.owners("self").filters(filter("name", "base\\*literal")))));
        assertEquals(Set.of(b), ids(ec2.describeImages(x -> x.owners("self").filters(filter("state", "pending")))));
        assertEquals(Set.of(a, c), ids(ec2.describeImages(x -> x.owners("self").filters(filter("state", "available", "failed")))));
        assertEquals(Set.of(a), ids(ec2.describeImages(x -> x.owners("self").filters(filter("tag-value", "w*"), filter("name", "app*")))));
        assertEquals(Set.of(a, b), ids(ec2.describeImages(x -> x.owners("self").filters(filter("tag-key", "team")))));
        assertEquals(Set.of(c), ids(ec2.describeImages(x -> x.imageIds(c))));
        Image failed = ec2.describeImages(x -> x.imageIds(c)).images().get(0);
        assertEquals("failed", failed.stateAsString());
        assertEquals("Server.InternalError", failed.stateReason().code());
        assertEquals("2025-01-01T10:00:00.000Z", failed.creationDate());

        Ec2Exception e = expectEc2Error(() -> ec2.describeImages(x -> x.filters(filter("no-such-filter", "x"))));
        assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }

    @Test
    public void paginationReadsEveryPageWithOpaqueTokens() {
        Set<String> seeded = new TreeSet<>();
        for (int i = 0; i < 15; i++) {
            seeded.add(emulator.seedImage(REGION, OURS, "paged-" + i, Map.of("ami_config_checksum", "same"), "available", null, false));
        }
        emulator.callLog().clear();
        Set<String> seen = new TreeSet<>();
        List<Integer> pageSizes = new ArrayList<>();
        for (DescribeImagesResponse page : ec2.describeImagesPaginator(b -> b.owners("self").maxResults(6)
                .filters(filter("tag:ami_config_checksum", "same")))) {
            pageSizes.add(page.images().size());
            seen.addAll(ids(page));
        }
        assertEquals(seeded, seen);
        assertEquals(List.of(6, 6, 3), pageSizes);
        List<CallLog.Call> calls = emulator.callLog().calls("DescribeImages");
        assertEquals(3, calls.size());
        assertNull(calls.get(0).param("NextToken"));
        assertEquals("6", calls.get(1).param("MaxResults"));
        assertTrue(calls.get(1).param("NextToken") != null && !calls.get(1).param("NextToken").contains("ami-"));

        Ec2Exception bad = expectEc2Error(() -> ec2.describeImages(b -> b.owners("self").maxResults(6).nextToken("garbage")));
        assertEquals("InvalidPaginationToken", bad.awsErrorDetails().errorCode());
        Ec2Exception tooSmall = expectEc2Error(() -> ec2.describeImages(b -> b.owners("self").maxResults(3)));
        assertEquals("InvalidParameterValue", tooSmall.awsErrorDetails().errorCode());
        // one page when it is big enough: no token
        assertNull(ec2.describeImages(b -> b.owners("self").maxResults(1000)).nextToken());
    }

    @Test
    public void unknownAndMalformedImageIdsAreEc2Errors() {
        Ec2Exception missing = expectEc2Error(() -> ec2.describeImages(b -> b.imageIds("ami-0000000000000000f")));
        assertEquals("InvalidAMIID.NotFound", missing.awsErrorDetails().errorCode());
        assertEquals(400, missing.statusCode());
        assertTrue(missing.awsErrorDetails().errorMessage(), missing.awsErrorDetails().errorMessage().contains("ami-0000000000000000f"));
        assertTrue(missing.requestId() != null && !missing.requestId().isEmpty());

        Ec2Exception malformed = expectEc2Error(() -> ec2.describeImages(b -> b.imageIds("not-an-ami")));
        assertEquals("InvalidAMIID.Malformed", malformed.awsErrorDetails().errorCode());
    }

    @Test
    public void createTagsTagsImageAndSnapshotsAndDescribeTagsListsThem() {
        String image = emulator.seedImage(REGION, OURS, "to-tag", Map.of(), "available", null, false);
        String snapshot = emulator.image(REGION, image).orElseThrow().snapshotIds().get(0);

        ec2.createTags(b -> b.resources(image, snapshot).tags(Tag.builder().key("ami_config_checksum").value("c1").build(),
                Tag.builder().key("Name").value("app").build()));

        assertEquals(Map.of("ami_config_checksum", "c1", "Name", "app"), emulator.image(REGION, image).orElseThrow().ownerTags());
        assertEquals(Map.of("ami_config_checksum", "c1", "Name", "app"), emulator.snapshot(REGION, snapshot).orElseThrow().ownerTags());
        DescribeSnapshotsResponse snapshots = ec2.describeSnapshots(b -> b.ownerIds("self").filters(filter("tag:ami_config_checksum", "c1")));
        assertEquals(1, snapshots.snapshots().size());
        assertEquals(snapshot, snapshots.snapshots().get(0).snapshotId());
        assertEquals("completed", snapshots.snapshots().get(0).stateAsString());
        assertEquals(OURS, snapshots.snapshots().get(0).ownerId());

        DescribeTagsResponse tags = ec2.describeTags(b -> b.filters(filter("resource-id", image)));
        assertEquals(2, tags.tags().size());
        assertEquals("image", tags.tags().get(0).resourceTypeAsString());

        Ec2Exception missingSnapshot = expectEc2Error(() -> ec2.createTags(b -> b.resources("snap-0000000000000000f")
                .tags(Tag.builder().key("k").value("v").build())));
        assertEquals("InvalidSnapshot.NotFound", missingSnapshot.awsErrorDetails().errorCode());
        Ec2Exception reserved = expectEc2Error(() -> ec2.createTags(b -> b.resources(image)
                .tags(Tag.builder().key("aws:reserved").value("v").build())));
        assertEquals("InvalidParameterValue", reserved.awsErrorDetails().errorCode());
        // a failed CreateTags changed nothing
        assertEquals(Map.of("ami_config_checksum", "c1", "Name", "app"), emulator.image(REGION, image).orElseThrow().ownerTags());

        ec2.deleteTags(b -> b.resources(image).tags(Tag.builder().key("Name").build()));
        assertEquals(Map.of("ami_config_checksum", "c1"), emulator.image(REGION, image).orElseThrow().ownerTags());
    }

    @Test
    public void regionsHaveTheirOwnImages() {
        String east = emulator.seedImage(REGION, OURS, "east-only", Map.of(), "available", null, false);
        try (Ec2Client west = EmulatorClients.client(emulator, OUR_KEY, "us-west-2")) {
            assertTrue(west.describeImages(b -> b.owners("self")).images().isEmpty());
            Ec2Exception e = expectEc2Error(() -> west.describeImages(b -> b.imageIds(east)));
            assertEquals("InvalidAMIID.NotFound", e.awsErrorDetails().errorCode());
            // every region holds the public base image
            assertEquals(Set.of(Ec2Emulator.BASE_IMAGE_ID), ids(west.describeImages(b -> b.owners("amazon"))));
        }
        assertEquals(Set.of(east), ids(ec2.describeImages(b -> b.owners("self"))));
        assertEquals("us-west-2", emulator.callLog().calls("DescribeImages").get(0).region());
        assertEquals(OURS, emulator.callLog().calls("DescribeImages").get(0).account());
    }

    @Test
    public void snapshotsOfOthersAreInvisibleAndInUseSnapshotsCannotBeDeleted() {
        String theirs = emulator.seedImage(REGION, THEIRS, "theirs", Map.of(), "available", null, false);
        String theirSnapshot = emulator.image(REGION, theirs).orElseThrow().snapshotIds().get(0);
        assertFalse(ec2.describeSnapshots(b -> b.build()).snapshots().stream().anyMatch(s -> s.snapshotId().equals(theirSnapshot)));
        assertEquals("InvalidSnapshot.NotFound",
                expectEc2Error(() -> ec2.describeSnapshots(b -> b.snapshotIds(theirSnapshot))).awsErrorDetails().errorCode());

        String ours = emulator.seedImage(REGION, OURS, "ours", Map.of(), "available", null, false);
        String ourSnapshot = emulator.image(REGION, ours).orElseThrow().snapshotIds().get(0);
        assertEquals("InvalidSnapshot.InUse",
                expectEc2Error(() -> ec2.deleteSnapshot(b -> b.snapshotId(ourSnapshot))).awsErrorDetails().errorCode());
        ec2.deregisterImage(b -> b.imageId(ours));
        ec2.deleteSnapshot(b -> b.snapshotId(ourSnapshot));
        assertTrue(emulator.snapshot(REGION, ourSnapshot).isEmpty());
        assertTrue(emulator.image(REGION, ours).isEmpty());
    }

    static Ec2Exception expectEc2Error(Runnable call) {
        try {
            call.run();
        } catch (Ec2Exception e) {
            return e;
        }
        fail("expected an Ec2Exception");
        return null;
    }
}
