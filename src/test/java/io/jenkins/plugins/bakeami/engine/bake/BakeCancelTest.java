package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.PackerTestEnvironment;
import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.ACCOUNT;
import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.REGION;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.tools.ec2.CallLog;
import io.jenkins.plugins.bakeami.tools.ec2.Delays;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.tools.ec2.ImageInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Cancels a real bake (interrupts its thread, as a Jenkins abort does) at many points of a Packer run against the
 * emulator, and checks after each that nothing is left: no instance, key pair, security group or volume, no image
 * (in the build region or the {@code ami_regions} copy region) and no snapshot of the cancelled build, and no
 * {@code .ami_id.json}. A cancel after Packer finished lets the tagging complete (see {@link Bakery}): then the
 * AMIs stay, tagged, for the next run. One emulator is shared by all cases; the leak check is per case.
 */
@RunWith(Parameterized.class)
public class BakeCancelTest {
    private static final String COPY_REGION = "us-west-2";
    private static final List<String> REGIONS = List.of(REGION, COPY_REGION);

    /** Where the cancel lands: before the bake, on a log line, or on the n-th matching EC2 call. */
    private record Point(String name, boolean before, String logText, Predicate<CallLog.Call> call, int nth,
            boolean afterPacker) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Point before(String name) {
        return new Point(name, true, null, null, 0, false);
    }

    private static Point onLog(String name, String text) {
        return new Point(name, false, text, null, 0, false);
    }

    private static Point onCall(String name, String action, int nth) {
        return onCall(name, c -> c.action().equals(action), nth);
    }

    private static Point onCall(String name, Predicate<CallLog.Call> call, int nth) {
        return new Point(name, false, null, call, nth, false);
    }

    private static Point afterPacker(String name, Predicate<CallLog.Call> call) {
        return new Point(name, false, null, call, 1, true);
    }

    private static Predicate<CallLog.Call> action(String action, String param, String value) {
        return c -> c.action().equals(action) && value.equals(c.param(param));
    }

    @Parameters(name = "{0}")
    public static List<Object[]> points() {
        List<Point> points = List.of(
                before("checksum (interrupted before the bake starts)"),
                onCall("lookup (DescribeImages by tag)", action("DescribeImages", "Filter.1.Name", "tag:ami_config_checksum"), 1),
                onLog("packer validate", "Using "),
                onCall("packer: name collision check", action("DescribeImages", "Filter.1.Name", "name"), 1),
                onCall("packer: source AMI", action("DescribeImages", "ImageId.1", Ec2Emulator.BASE_IMAGE_ID), 1),
                onCall("packer: CreateKeyPair", "CreateKeyPair", 1),
                onCall("packer: CreateSecurityGroup", "CreateSecurityGroup", 1),
                onCall("packer: AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupIngress", 1),
                onCall("packer: RunInstances", "RunInstances", 1),
                onCall("packer: instance wait, 1st poll", "DescribeInstances", 1),
                onCall("packer: instance wait, 2nd poll", "DescribeInstances", 2),
                onLog("packer: shell-local provisioner running", "provisioning"),
                onCall("packer: StopInstances", "StopInstances", 1),
                onCall("packer: CreateImage", "CreateImage", 1),
                onCall("packer: image wait, 1st poll", c -> c.action().equals("DescribeImages")
                        && c.region().equals(REGION) && String.valueOf(c.param("ImageId.1")).startsWith("ami-")
                        && !Ec2Emulator.BASE_IMAGE_ID.equals(c.param("ImageId.1")), 1),
                onCall("packer: image wait, 2nd poll", c -> c.action().equals("DescribeImages")
                        && c.region().equals(REGION) && String.valueOf(c.param("ImageId.1")).startsWith("ami-")
                        && !Ec2Emulator.BASE_IMAGE_ID.equals(c.param("ImageId.1")), 2),
                onCall("packer: region copy, CopyImage", "CopyImage", 1),
                onCall("packer: region copy wait, 1st poll", c -> c.action().equals("DescribeImages")
                        && c.region().equals(COPY_REGION), 1),
                onCall("packer: region copy wait, 2nd poll", c -> c.action().equals("DescribeImages")
                        && c.region().equals(COPY_REGION), 2),
                onCall("packer: tagging the AMI (CreateTags Name)", action("CreateTags", "Tag.1.Key", "Name"), 1),
                onCall("packer cleanup: TerminateInstances", "TerminateInstances", 1),
                onCall("packer cleanup: DeleteSecurityGroup", "DeleteSecurityGroup", 1),
                onCall("packer cleanup: DeleteKeyPair", "DeleteKeyPair", 1),
                afterPacker("our tagging: CreateTags in the build region",
                        action("CreateTags", "Tag.1.Key", "ami_config_checksum").and(c -> c.region().equals(REGION))),
                afterPacker("our tagging: CreateTags in the copy region",
                        action("CreateTags", "Tag.1.Key", "ami_config_checksum").and(c -> c.region().equals(COPY_REGION))),
                afterPacker("our confirming lookup", c -> c.action().equals("DescribeImages")
                        && "tag:ami_config_checksum".equals(c.param("Filter.1.Name"))
                        && seenOurTagging.get()));
        List<Object[]> out = new ArrayList<>();
        points.forEach(p -> out.add(new Object[] {p}));
        return out;
    }

    private static final BakeFixture fx = new BakeFixture();
    private static final AtomicReference<Runnable> onEveryCall = new AtomicReference<>(() -> { });
    private static final AtomicReference<CallLog.Call> lastCall = new AtomicReference<>();
    private static final AtomicReference<Boolean> seenOurTagging = new AtomicReference<>(false);
    private static final AtomicInteger caseNumber = new AtomicInteger();
    private static final List<String> summary = new ArrayList<>();

    private final Point point;

    public BakeCancelTest(Point point) {
        this.point = point;
    }

    @BeforeClass
    public static void startEmulator() throws Throwable {
        fx.before();
        fx.emulator.close();
        fx.emulator = Ec2Emulator.builder()
                .delays(new Delays(Duration.ofMillis(1200), Duration.ofMillis(200), Duration.ofMillis(200),
                        Duration.ofMillis(1500), Duration.ofMillis(1500)))
                .callListener(call -> {
                    lastCall.set(call);
                    onEveryCall.get().run();
                })
                .start();
        fx.emulator.accounts().map(BakeFixture.ACCESS_KEY, ACCOUNT);
        fx.emulator.faults().latency(Duration.ofMillis(30));
    }

    @AfterClass
    public static void stopEmulator() {
        fx.after();
        System.out.println("Cancel points:\n" + String.join("\n", summary));
    }

    @Test
    public void cancelLeavesNothingBehind() throws Exception {
        Path workspace = fx.tmp.newFolder("case" + caseNumber.incrementAndGet()).toPath();
        fx.workspace = workspace;
        fx.writeJsonDefinition("echo provisioning && sleep 1", ",\n\"ami_regions\": [\"" + COPY_REGION + "\"]");
        // A definition of its own per case: a case never reuses the AMI another case tagged.
        BakeFixture.write(workspace.resolve("ami/files/case"), point.name() + "\n");
        Set<String> imagesBefore = images();
        Set<String> snapshotsBefore = snapshots();
        fx.log.clear();
        seenOurTagging.set(false);

        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicReference<BakeResult> result = new AtomicReference<>();
        Thread bake = new Thread(() -> {
            try {
                if (point.before()) {
                    Thread.currentThread().interrupt();
                }
                result.set(fx.bakery().bake(fx.request("ami/packer.json").build()));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "bake");
        AtomicInteger matches = new AtomicInteger();
        AtomicReference<Boolean> fired = new AtomicReference<>(point.before());
        if (point.call() != null) {
            onEveryCall.set(() -> {
                CallLog.Call call = lastCall.get();
                if (call != null && action("CreateTags", "Tag.1.Key", "ami_config_checksum").test(call)) {
                    seenOurTagging.set(true);
                }
                if (call != null && point.call().test(call) && matches.incrementAndGet() == point.nth()
                        && !fired.get()) {
                    fired.set(true);
                    bake.interrupt();
                }
            });
        }
        if (point.logText() != null) {
            fx.log.clear();
        }
        bake.start();
        if (point.logText() != null) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!fired.get() && bake.isAlive() && System.nanoTime() < deadline) {
                if (fx.logText().contains(point.logText())) {
                    fired.set(true);
                    bake.interrupt();
                }
                Thread.sleep(5);
            }
        }
        bake.join(Duration.ofSeconds(120).toMillis());
        onEveryCall.set(() -> { });
        assertFalse("the bake did not stop", bake.isAlive());
        assertTrue("the cancel point was never reached:\n" + fx.logText(), fired.get());
        assertEquals("the cancelled bake returned a result", null, result.get());
        Throwable thrown = outcome.get();
        assertNotNull(thrown);
        assertTrue(thrown + "\n" + fx.logText(), thrown instanceof InterruptedException);

        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertFalse(Files.exists(workspace.resolve(AmiIdFile.DEFAULT_NAME)));
        Set<String> newImages = new HashSet<>(images());
        newImages.removeAll(imagesBefore);
        Set<String> newSnapshots = new HashSet<>(snapshots());
        newSnapshots.removeAll(snapshotsBefore);
        String cleanup = fx.log.stream().filter(l -> l.startsWith("Cleanup after the stopped build")).findFirst()
                .orElse("(no Packer run to clean up)");
        if (point.afterPacker()) {
            // Tagging completed before the cancel was honoured: one AMI per region, tagged, kept for the next run.
            assertEquals(newImages.toString(), 2, newImages.size());
            for (String regionAndId : newImages) {
                String[] parts = regionAndId.split(" ");
                ImageInfo image = fx.emulator.image(parts[0], parts[1]).orElseThrow();
                assertEquals("available", image.state());
                assertNotNull(image.ownerTags().get(BakeRequest.DEFAULT_TAG_KEY));
            }
            assertTrue(thrown.getMessage(), thrown.getMessage().contains("the next bake reuses it"));
            fx.emulator.callLog().clear();
            BakeResult next = fx.bakery().bake(fx.request("ami/packer.json").build());
            assertEquals(BakeOutcome.REUSED, next.outcome());
            assertTrue(newImages.contains(REGION + " " + next.amiId()));
            Files.delete(workspace.resolve(AmiIdFile.DEFAULT_NAME));
        } else {
            assertEquals("images of the cancelled build are left", Set.of(), newImages);
            assertEquals("snapshots of the cancelled build are left", Set.of(), newSnapshots);
            assertFalse(cleanup, cleanup.contains("COULD NOT REMOVE"));
            if (fx.logText().contains("Using ")) {
                assertTrue(fx.logText(), fx.logText().contains("Cleanup after the stopped build"));
            }
        }
        synchronized (summary) {
            summary.add("| " + point.name() + " | " + oneLine(thrown.getMessage()) + " | " + cleanup + " |");
        }
    }

    private static String oneLine(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }

    /** Every image of our account in both regions, as "region id". */
    private static Set<String> images() {
        Set<String> out = new HashSet<>();
        for (String region : REGIONS) {
            for (ImageInfo image : fx.emulator.images(region)) {
                if (ACCOUNT.equals(image.ownerId())) {
                    out.add(region + " " + image.imageId());
                }
            }
        }
        return out;
    }

    /** Every snapshot of our account in both regions, through the EC2 API. */
    private static Set<String> snapshots() {
        Set<String> out = new HashSet<>();
        for (String region : REGIONS) {
            Ec2Target target = new Ec2Target(region, fx.emulator.endpoint(),
                    new AwsKeys(BakeFixture.ACCESS_KEY, BakeFixture.SECRET_KEY, null));
            onEveryCall.set(() -> { });
            try (Ec2Client ec2 = Ec2Clients.open(target, PackerTestEnvironment.fastEc2Limits())) {
                ec2.describeSnapshots(b -> b.ownerIds("self")).snapshots()
                        .forEach(s -> out.add(region + " " + s.snapshotId()));
            }
        }
        return out.stream().collect(Collectors.toSet());
    }

    static String read(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    static void unused() {
        fail();
    }
}
