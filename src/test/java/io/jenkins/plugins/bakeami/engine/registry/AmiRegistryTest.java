package io.jenkins.plugins.bakeami.engine.registry;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The registry through the real AWS SDK v2 against the project's EC2 emulator. */
public class AmiRegistryTest {
    private static final String REGION = "us-east-1";
    private static final String OUR_KEY = "AKIAOURACCOUNT000001";
    private static final String OUR_ACCOUNT = "111122223333";
    private static final String OTHER_ACCOUNT = "444455556666";
    private static final String CHECKSUM = "0123456789abcdef0123456789abcdef01234567";
    private static final String TAG = AmiRegistry.DEFAULT_TAG_KEY;

    private Ec2Emulator emulator;
    private Ec2Client ec2;
    private AmiRegistry registry;
    private int seeded;

    @Before
    public void start() {
        emulator = Ec2Emulator.builder().start();
        emulator.accounts().map(OUR_KEY, OUR_ACCOUNT);
        Ec2Target target = new Ec2Target(REGION, emulator.endpoint(), new AwsKeys(OUR_KEY, "secret-not-real", null));
        ec2 = Ec2Clients.open(target, PackerTestEnvironment.fastEc2Limits());
        registry = new AmiRegistry(ec2, target);
    }

    @After
    public void stop() {
        ec2.close();
        emulator.close();
    }

    /** EC2 reads * and ? in a filter value as wildcards: a lookup matches the tag value literally all the same. */
    @Test
    public void aLookupMatchesTheTagValueLiterallyNeverAsAPattern() {
        String ours = seed(OUR_ACCOUNT, CHECKSUM, "available", Instant.parse("2024-01-01T00:00:00Z"));
        for (String pattern : List.of("*", "?", "0123456789abcdef0123456789abcdef0123456?", CHECKSUM.substring(0, 10) + "*")) {
            assertEquals(pattern, Optional.empty(), registry.findByChecksum(TAG, pattern, List.of("self")));
        }
        String literal = seed(OUR_ACCOUNT, "a*b?c\\d", "available", Instant.parse("2024-01-02T00:00:00Z"));
        assertEquals(literal, registry.findByChecksum(TAG, "a*b?c\\d", List.of("self")).orElseThrow().imageId());
        assertEquals(Optional.empty(), registry.findByChecksum(TAG, "aXbYc\\d", List.of("self")));
        assertEquals(ours, registry.findByChecksum(TAG, CHECKSUM, List.of("self")).orElseThrow().imageId());
        assertEquals("a\\*b\\?c\\\\d", AmiRegistry.literal("a*b?c\\d"));
    }

    private String seed(String owner, String checksum, String state, Instant created) {
        // AMI names are unique per account and region, as in EC2
        return emulator.seedImage(ImageSeed.named("app-" + (++seeded)).region(REGION).owner(owner)
                .tag(TAG, checksum).state(state).creationDate(created));
    }

    @Test
    public void missFindsNothing() {
        seed(OUR_ACCOUNT, "ffffffffffffffffffffffffffffffffffffffff", "available", Instant.parse("2025-01-01T00:00:00Z"));
        assertEquals(Optional.empty(), registry.findByChecksum(TAG, CHECKSUM, AmiRegistry.DEFAULT_OWNERS));
    }

    @Test
    public void hitReturnsTheTaggedImageInOneCall() {
        String id = seed(OUR_ACCOUNT, CHECKSUM, "available", Instant.parse("2025-01-01T00:00:00Z"));
        emulator.callLog().clear();
        FoundAmi found = registry.findByChecksum(TAG, CHECKSUM, AmiRegistry.DEFAULT_OWNERS).orElseThrow();
        assertEquals(id, found.imageId());
        assertEquals(OUR_ACCOUNT, found.ownerId());
        assertEquals(REGION, found.region());
        assertEquals(List.of("DescribeImages"), emulator.callLog().actions());
    }

    @Test
    public void newestOfSeveralMatchesWins() {
        seed(OUR_ACCOUNT, CHECKSUM, "available", Instant.parse("2025-01-01T00:00:00Z"));
        String newest = seed(OUR_ACCOUNT, CHECKSUM, "available", Instant.parse("2025-03-01T00:00:00Z"));
        seed(OUR_ACCOUNT, CHECKSUM, "available", Instant.parse("2025-02-01T00:00:00Z"));
        assertEquals(newest, registry.findByChecksum(TAG, CHECKSUM, AmiRegistry.DEFAULT_OWNERS).orElseThrow().imageId());
    }

    @Test
    public void sameSecondTieIsBrokenByImageIdWhateverTheOrder() {
        Instant same = Instant.parse("2025-05-05T05:05:05Z");
        String a = seed(OUR_ACCOUNT, CHECKSUM, "available", same);
        String b = seed(OUR_ACCOUNT, CHECKSUM, "available", same);
        String expected = a.compareTo(b) > 0 ? a : b;
        for (int i = 0; i < 3; i++) {
            assertEquals(expected, registry.findByChecksum(TAG, CHECKSUM, AmiRegistry.DEFAULT_OWNERS).orElseThrow().imageId());
        }
    }

    @Test
    public void anotherAccountsNewerImageCarryingTheTagIsIgnoredByDefault() {
        String ours = seed(OUR_ACCOUNT, CHECKSUM, "available", Instant.parse("2025-01-01T00:00:00Z"));
        String theirs = emulator.seedImage(ImageSeed.named("public").region(REGION).owner(OTHER_ACCOUNT)
                .tag(TAG, CHECKSUM).creationDate(Instant.parse("2025-06-01T00:00:00Z")).publicImage(true));
        // A tag our account put on their public image is visible to us: without the owner restriction the
        // tag filter matches it, and it is the newest.
        ec2.createTags(b -> b.resources(theirs).tags(t -> t.key(TAG).value(CHECKSUM)));
        assertEquals(theirs, registry.findByChecksum(TAG, CHECKSUM, List.of(OTHER_ACCOUNT)).orElseThrow().imageId());
        assertEquals(ours, registry.findByChecksum(TAG, CHECKSUM, AmiRegistry.DEFAULT_OWNERS).orElseThrow().imageId());
        assertEquals(ours, registry.findByChecksum(TAG, CHECKSUM, List.of(OUR_ACCOUNT)).orElseThrow().imageId());
    }

    @Test
    public void anotherAccountsOwnTagsAreInvisible() {
        emulator.seedImage(ImageSeed.named("shared").region(REGION).owner(OTHER_ACCOUNT).tag(TAG, CHECKSUM)
                .creationDate(Instant.parse("2025-06-02T00:00:00Z")).sharedWith(OUR_ACCOUNT));
        assertEquals(Optional.empty(), registry.findByChecksum(TAG, CHECKSUM, List.of(OTHER_ACCOUNT, "self")));
    }

    @Test
    public void pendingAndFailedImagesAreNotReturned() {
        seed(OUR_ACCOUNT, CHECKSUM, "pending", Instant.parse("2025-02-01T00:00:00Z"));
        seed(OUR_ACCOUNT, CHECKSUM, "failed", Instant.parse("2025-03-01T00:00:00Z"));
        assertEquals(Optional.empty(), registry.findByChecksum(TAG, CHECKSUM, AmiRegistry.DEFAULT_OWNERS));
        String available = seed(OUR_ACCOUNT, CHECKSUM, "available", Instant.parse("2025-01-01T00:00:00Z"));
        assertEquals(available, registry.findByChecksum(TAG, CHECKSUM, AmiRegistry.DEFAULT_OWNERS).orElseThrow().imageId());
    }

    @Test
    public void readsEveryPage() {
        // 1000 images per page: 1203 matches take two pages, and the newest is on the last one.
        for (int i = 0; i < 1202; i++) {
            seed(OUR_ACCOUNT, CHECKSUM, "available", Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i));
        }
        String newest = seed(OUR_ACCOUNT, CHECKSUM, "available", Instant.parse("2025-12-31T00:00:00Z"));
        emulator.callLog().clear();
        assertEquals(newest, registry.findByChecksum(TAG, CHECKSUM, AmiRegistry.DEFAULT_OWNERS).orElseThrow().imageId());
        assertEquals(2, emulator.callLog().count("DescribeImages"));
    }

    @Test
    public void throttlingIsSurvived() {
        String id = seed(OUR_ACCOUNT, CHECKSUM, "available", Instant.parse("2025-01-01T00:00:00Z"));
        emulator.faults().throttleNext(3);
        assertEquals(id, registry.findByChecksum(TAG, CHECKSUM, AmiRegistry.DEFAULT_OWNERS).orElseThrow().imageId());
        assertEquals(4, emulator.callLog().count("DescribeImages"));
    }

    @Test
    public void persistentThrottlingFailsWithTheErrorCodeRegionAndAction() {
        emulator.faults().throttleRate(1.0);
        Ec2CallException e = assertThrows(Ec2CallException.class,
                () -> registry.findByChecksum(TAG, CHECKSUM, AmiRegistry.DEFAULT_OWNERS));
        assertEquals("RequestLimitExceeded", e.errorCode());
        assertTrue(e.getMessage(), e.getMessage().contains("DescribeImages"));
        assertTrue(e.getMessage(), e.getMessage().contains(REGION));
        assertFalse(e.getMessage(), e.getMessage().contains("secret-not-real"));
    }

    @Test
    public void endpointDownIsAClearError() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        Ec2Target down = new Ec2Target(REGION, URI.create("http://127.0.0.1:" + freePort), new AwsKeys(OUR_KEY, "s", null));
        try (Ec2Client client = Ec2Clients.open(down, PackerTestEnvironment.fastEc2Limits())) {
            Ec2CallException e = assertThrows(Ec2CallException.class,
                    () -> new AmiRegistry(client, down).findByChecksum(TAG, CHECKSUM, AmiRegistry.DEFAULT_OWNERS));
            assertTrue(e.getMessage(), e.getMessage().contains("cannot reach the endpoint"));
            assertTrue(e.getMessage(), e.getMessage().contains("127.0.0.1:" + freePort));
        }
    }

    @Test
    public void tagsTheImageAndItsSnapshots() {
        String id = emulator.seedImage(ImageSeed.named("fresh").region(REGION).owner(OUR_ACCOUNT));
        List<String> tagged = registry.tagImageAndSnapshots(id, Map.of(TAG, CHECKSUM));
        io.jenkins.plugins.bakeami.tools.ec2.ImageInfo image = emulator.image(REGION, id).orElseThrow();
        assertEquals(CHECKSUM, image.ownerTags().get(TAG));
        assertFalse(image.snapshotIds().isEmpty());
        for (String snapshot : image.snapshotIds()) {
            assertEquals(CHECKSUM, emulator.snapshot(REGION, snapshot).orElseThrow().ownerTags().get(TAG));
            assertTrue(tagged.contains(snapshot));
        }
        assertEquals(id, registry.findByChecksum(TAG, CHECKSUM, AmiRegistry.DEFAULT_OWNERS).orElseThrow().imageId());
    }

    @Test
    public void malformedTagKeyIsRejectedBeforeAnyCall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.findByChecksum("aws:reserved", CHECKSUM, AmiRegistry.DEFAULT_OWNERS));
        assertTrue(e.getMessage().contains("aws:reserved"));
        assertEquals(0, emulator.callLog().count("DescribeImages"));
    }
}
