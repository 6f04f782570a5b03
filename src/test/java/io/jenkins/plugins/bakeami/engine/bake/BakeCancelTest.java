package io.jenkins.plugins.bakeami.engine.bake;

import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.ACCOUNT;
import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.REGION;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.tools.ec2.CallLog;
import io.jenkins.plugins.bakeami.tools.ec2.Delays;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.tools.ec2.ImageInfo;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.AfterClass;
import org.junit.Rule;
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
 * AMIs stay, tagged, for the next run.
 *
 * <p>Each point is reached by construction, not by timing: the cancel comes from the emulator's call listener (on the
 * n-th matching call, before it is answered) or from the bake's log (as the line is written), and a point inside a
 * wait is reached because what Packer waits for stays pending until the cancel ({@link Point#pending}). Each case has
 * an emulator of its own, so a leak of one case cannot fail another.
 */
@RunWith(Parameterized.class)
public class BakeCancelTest {
    private static final String COPY_REGION = "us-west-2";
    private static final List<String> REGIONS = List.of(REGION, COPY_REGION);
    /** Longer than any case: a state that lasts this long is still pending when the cancel comes. */
    private static final Duration UNTIL_CANCELLED = Duration.ofMinutes(30);
    private static final Predicate<CallLog.Call> OUR_TAGGING = action("CreateTags", "Tag.1.Key", "ami_config_checksum");
    private static final Predicate<CallLog.Call> IMAGE_WAIT = c -> c.action().equals("DescribeImages")
            && c.region().equals(REGION) && String.valueOf(c.param("ImageId.1")).startsWith("ami-")
            && !Ec2Emulator.BASE_IMAGE_ID.equals(c.param("ImageId.1"));
    private static final Predicate<CallLog.Call> COPY_WAIT = c -> c.action().equals("DescribeImages")
            && c.region().equals(COPY_REGION);

    /** What stays pending until the cancel, so that Packer is surely waiting for it at the point. */
    private enum Pending {
        NOTHING, INSTANCE, IMAGE, COPY, PROVISIONER
    }

    /**
     * Where the cancel lands: before the bake, as a log line is written, or as the n-th matching EC2 call arrives; and
     * whether Packer runs at all before it (the checksum and the lookup come first).
     */
    private record Point(String name, boolean before, Predicate<String> logLine, Predicate<CallLog.Call> call, int nth,
            boolean afterPacker, boolean runsPacker, Pending pending) {
        @Override
        public String toString() {
            return name;
        }

        Delays delays() {
            Delays fast = BakeFixture.DELAYS;
            return switch (pending) {
                case INSTANCE -> fast.withInstancePending(UNTIL_CANCELLED);
                case IMAGE -> fast.withImagePending(UNTIL_CANCELLED);
                case COPY -> fast.withImageCopy(UNTIL_CANCELLED);
                default -> fast;
            };
        }

        /** The provisioner: at the provisioner point it runs until the cancel stops it. */
        String provisioner() {
            return pending == Pending.PROVISIONER ? "echo provisioning && sleep " + UNTIL_CANCELLED.toSeconds()
                    : "echo provisioning";
        }
    }

    private static Point before(String name) {
        return new Point(name, true, null, null, 0, false, false, Pending.NOTHING);
    }

    private static Point onLog(String name, Predicate<String> line, Pending pending) {
        return new Point(name, false, line, null, 0, false, true, pending);
    }

    private static Point onCall(String name, Predicate<CallLog.Call> call, int nth, boolean runsPacker,
            Pending pending) {
        return new Point(name, false, null, call, nth, false, runsPacker, pending);
    }

    private static Point onPackerCall(String name, String action, int nth) {
        return onCall(name, c -> c.action().equals(action), nth, true, Pending.NOTHING);
    }

    private static Point afterPacker(String name, Predicate<CallLog.Call> call) {
        return new Point(name, false, null, call, 1, true, true, Pending.NOTHING);
    }

    private static Predicate<CallLog.Call> action(String action, String param, String value) {
        return c -> c.action().equals(action) && value.equals(c.param(param));
    }

    @Parameters(name = "{0}")
    public static List<Object[]> points() {
        List<Point> points = List.of(
                before("checksum (interrupted before the bake starts)"),
                onCall("lookup (DescribeImages by tag)", action("DescribeImages", "Filter.1.Name",
                        "tag:ami_config_checksum"), 1, false, Pending.NOTHING),
                onLog("packer validate", line -> line.startsWith("$ ") && line.contains(" validate "), Pending.NOTHING),
                onCall("packer: name collision check", action("DescribeImages", "Filter.1.Name", "name"), 1, true,
                        Pending.NOTHING),
                onCall("packer: source AMI", action("DescribeImages", "ImageId.1", Ec2Emulator.BASE_IMAGE_ID), 1, true,
                        Pending.NOTHING),
                onPackerCall("packer: CreateKeyPair", "CreateKeyPair", 1),
                onPackerCall("packer: CreateSecurityGroup", "CreateSecurityGroup", 1),
                onPackerCall("packer: AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupIngress", 1),
                onPackerCall("packer: RunInstances", "RunInstances", 1),
                onCall("packer: instance wait, 1st poll", c -> c.action().equals("DescribeInstances"), 1, true,
                        Pending.INSTANCE),
                onCall("packer: instance wait, 2nd poll", c -> c.action().equals("DescribeInstances"), 2, true,
                        Pending.INSTANCE),
                onLog("packer: shell-local provisioner running", line -> line.contains("provisioning"),
                        Pending.PROVISIONER),
                onPackerCall("packer: StopInstances", "StopInstances", 1),
                onPackerCall("packer: CreateImage", "CreateImage", 1),
                onCall("packer: image wait, 1st poll", IMAGE_WAIT, 1, true, Pending.IMAGE),
                onCall("packer: image wait, 2nd poll", IMAGE_WAIT, 2, true, Pending.IMAGE),
                onPackerCall("packer: region copy, CopyImage", "CopyImage", 1),
                onCall("packer: region copy wait, 1st poll", COPY_WAIT, 1, true, Pending.COPY),
                onCall("packer: region copy wait, 2nd poll", COPY_WAIT, 2, true, Pending.COPY),
                onCall("packer: tagging the AMI (CreateTags Name)", action("CreateTags", "Tag.1.Key", "Name"), 1, true,
                        Pending.NOTHING),
                onPackerCall("packer cleanup: TerminateInstances", "TerminateInstances", 1),
                onPackerCall("packer cleanup: DeleteSecurityGroup", "DeleteSecurityGroup", 1),
                onPackerCall("packer cleanup: DeleteKeyPair", "DeleteKeyPair", 1),
                afterPacker("our tagging: CreateTags in the build region",
                        OUR_TAGGING.and(c -> c.region().equals(REGION))),
                afterPacker("our tagging: CreateTags in the copy region",
                        OUR_TAGGING.and(c -> c.region().equals(COPY_REGION))),
                afterPacker("our confirming lookup", new Predicate<>() {
                    private final AtomicBoolean tagged = new AtomicBoolean();

                    @Override
                    public boolean test(CallLog.Call c) {
                        if (OUR_TAGGING.test(c)) {
                            tagged.set(true);
                        }
                        return tagged.get() && action("DescribeImages", "Filter.1.Name", "tag:ami_config_checksum")
                                .test(c);
                    }
                }));
        List<Object[]> out = new ArrayList<>();
        points.forEach(p -> out.add(new Object[] {p}));
        return out;
    }

    private static final List<String> summary = new ArrayList<>();

    @Rule
    public BakeFixture fx = new BakeFixture();

    private final Point point;
    private final AtomicBoolean fired = new AtomicBoolean();
    private Thread bake;

    public BakeCancelTest(Point point) {
        this.point = point;
    }

    @AfterClass
    public static void printSummary() {
        System.out.println("Cancel points:\n" + String.join("\n", summary));
    }

    /** Interrupts the bake once, when the point is reached. */
    private void cancel() {
        if (fired.compareAndSet(false, true)) {
            bake.interrupt();
        }
    }

    @Test
    public void cancelLeavesNothingBehind() throws Exception {
        RequiredTools.requirePacker(); // also before the checksum and the lookup: the preflight checks packer first
        AtomicInteger matches = new AtomicInteger();
        fx.restartEmulator(builder -> builder.delays(point.delays()).callListener(call -> {
            if (point.call() != null && point.call().test(call) && matches.incrementAndGet() == point.nth()) {
                cancel();
            }
        }));
        if (point.logLine() != null) {
            fx.onLogLine = line -> {
                if (point.logLine().test(line)) {
                    cancel();
                }
            };
        }
        fx.writeJsonDefinition(point.provisioner(), ",\n\"ami_regions\": [\"" + COPY_REGION + "\"]");
        assertTrue("a clean emulator to start from", fx.emulator.leakReport().isEmpty() && images().isEmpty()
                && snapshots().isEmpty());

        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicReference<BakeResult> result = new AtomicReference<>();
        bake = new Thread(() -> {
            try {
                if (point.before()) {
                    cancel();
                }
                result.set(fx.bakery().bake(fx.request("ami/packer.json").build()));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "bake");
        bake.start();
        Await.ended(bake);
        assertTrue("the cancel point was never reached:\n" + fx.logText(), fired.get());
        assertEquals("the cancelled bake returned a result", null, result.get());
        Throwable thrown = outcome.get();
        assertNotNull(thrown);
        assertTrue(thrown + "\n" + fx.logText(), thrown instanceof InterruptedException);

        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertFalse(Files.exists(fx.workspace.resolve(AmiIdFile.DEFAULT_NAME)));
        Set<String> images = images();
        String cleanup = fx.log.stream().filter(l -> l.startsWith("Cleanup after the stopped build")).findFirst()
                .orElse("(no Packer run to clean up)");
        if (point.afterPacker()) {
            // Tagging completed before the cancel was honoured: one AMI per region, tagged, kept for the next run.
            assertEquals(images.toString(), 2, images.size());
            for (String regionAndId : images) {
                String[] parts = regionAndId.split(" ");
                ImageInfo image = fx.emulator.image(parts[0], parts[1]).orElseThrow();
                assertEquals("available", image.state());
                assertNotNull(image.ownerTags().get(BakeRequest.DEFAULT_TAG_KEY));
            }
            assertTrue(thrown.getMessage(), thrown.getMessage().contains("the next bake reuses it"));
            BakeResult next = fx.bakery().bake(fx.request("ami/packer.json").build());
            assertEquals(BakeOutcome.REUSED, next.outcome());
            assertTrue(images.contains(REGION + " " + next.amiId()));
        } else {
            assertEquals("images of the cancelled build are left", Set.of(), images);
            assertEquals("snapshots of the cancelled build are left", Set.of(), snapshots());
            assertFalse(cleanup, cleanup.contains("COULD NOT REMOVE"));
            if (point.runsPacker()) {
                assertTrue(fx.logText(), fx.logText().contains("Cleanup after the stopped build"));
            }
        }
        synchronized (summary) {
            summary.add("| " + point.name() + " | " + oneLine(thrown.getMessage()) + " | " + cleanup + " |");
        }
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "(no message)";
        }
        String line = text.replace('\n', ' ');
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }

    /** Every image of our account in both regions, as "region id". */
    private Set<String> images() {
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

    /** Every snapshot of our account in both regions, through the EC2 API (after the cancel: no listener fires). */
    private Set<String> snapshots() {
        Set<String> out = new HashSet<>();
        for (String region : REGIONS) {
            Ec2Target target = new Ec2Target(region, fx.emulator.endpoint(),
                    new AwsKeys(BakeFixture.ACCESS_KEY, BakeFixture.SECRET_KEY, null));
            try (Ec2Client ec2 = Ec2Clients.open(target, PackerTestEnvironment.fastEc2Limits())) {
                ec2.describeSnapshots(b -> b.ownerIds("self")).snapshots()
                        .forEach(s -> out.add(region + " " + s.snapshotId()));
            }
        }
        return out;
    }
}
