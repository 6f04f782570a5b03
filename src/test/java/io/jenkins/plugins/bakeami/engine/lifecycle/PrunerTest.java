package io.jenkins.plugins.bakeami.engine.lifecycle;

import static io.jenkins.plugins.bakeami.engine.lifecycle.LifecycleFixture.OTHER_ACCOUNT;
import static io.jenkins.plugins.bakeami.engine.lifecycle.LifecycleFixture.REGION;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.lifecycle.PruneReport.Decision;
import io.jenkins.plugins.bakeami.engine.lifecycle.PruneReport.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;

/** Retention against the EC2 emulator, with AMIs planted in it and a fixed "now". */
public class PrunerTest {
    private static final String FAMILY = "ami/packer.json";
    private static final Duration DAYS_10 = Duration.ofDays(10);

    @Rule
    public LifecycleFixture fx = new LifecycleFixture();

    @Test
    public void keepOneWithMinAgeZeroDeletesExactlyTheUnusedOlderAmiAndItsSnapshot() throws Exception {
        String byInstance = fx.amiOf(FAMILY, "c1", Duration.ofDays(50));
        String byDefaultVersion = fx.amiOf(FAMILY, "c2", Duration.ofDays(40));
        String byLatestVersion = fx.amiOf(FAMILY, "c3", Duration.ofDays(30));
        String unused = fx.amiOf(FAMILY, "c4", Duration.ofDays(20));
        String current = fx.amiOf(FAMILY, "c5", DAYS_10);
        String instance = fx.launch(byInstance);
        String template = fx.launchTemplate("web", byDefaultVersion, byLatestVersion);
        // an instance that is terminated does not keep its AMI
        String gone = fx.launch(unused);
        fx.ec2.terminateInstances(b -> b.instanceIds(gone));
        String unusedSnapshot = fx.snapshotOf(unused);

        PruneReport report = fx.prune(fx.request(FAMILY, "c5", 1, Duration.ZERO, false, false));

        assertEquals(List.of(unused), ids(report.deleted()));
        assertFalse(fx.exists(unused));
        assertTrue("its snapshot is deleted too", fx.emulator.snapshot(REGION, unusedSnapshot).isEmpty());
        assertEquals(List.of(unused), fx.called("DeregisterImage", "ImageId"));
        assertEquals(List.of(unusedSnapshot), fx.called("DeleteSnapshot", "SnapshotId"));
        assertEquals(List.of(current, byLatestVersion, byDefaultVersion, byInstance), ids(report.kept()));
        Map<String, String> reasons = reasons(report);
        assertEquals("newest 1; current checksum", reasons.get(current));
        assertEquals("in use by instance " + instance, reasons.get(byInstance));
        assertEquals("in launch template web (" + template + ") version 1 ($Default)", reasons.get(byDefaultVersion));
        assertEquals("in launch template web (" + template + ") version 2", reasons.get(byLatestVersion));
        Decision deleted = report.deleted().get(0);
        assertEquals(List.of(unusedSnapshot), deleted.snapshots().stream().map(PruneReport.Snapshot::snapshotId).toList());
        assertEquals("the seeded root volume is 8 GiB", 8, report.gibFreed());
        assertTrue(report.failures().isEmpty());
        String table = String.join("\n", report.table());
        assertTrue(table, table.contains(unused) && table.contains("deleted") && table.contains(unusedSnapshot));
        assertTrue(table, table.endsWith("Deleted 1 AMI(s) and 1 snapshot(s), 8 GiB freed; kept 4; failed 0"));
    }

    @Test
    public void minAgeKeepsAYoungAmi() throws Exception {
        String old = fx.amiOf(FAMILY, "c1", DAYS_10);
        String young = fx.amiOf(FAMILY, "c2", Duration.ofDays(3));
        fx.amiOf(FAMILY, "c3", Duration.ofDays(1));

        PruneReport report = fx.prune(fx.request(FAMILY, "c3", 1, Duration.ofDays(7), false, false));

        assertEquals(List.of(old), ids(report.deleted()));
        assertEquals("younger than 7d", reasons(report).get(young));
        assertTrue(fx.exists(young));
    }

    @Test
    public void aDryRunDeletesNothingAndSaysWhatItWould() throws Exception {
        String old = fx.amiOf(FAMILY, "c1", DAYS_10);
        fx.amiOf(FAMILY, "c2", Duration.ofDays(1));

        PruneReport report = fx.prune(fx.request(FAMILY, "c2", 1, Duration.ZERO, false, true));

        assertEquals(List.of(old), ids(report.deleted()));
        assertEquals(Verdict.WOULD_DELETE, report.deleted().get(0).verdict());
        assertEquals(8, report.gibFreed());
        assertTrue(fx.exists(old));
        assertTrue(fx.emulator.snapshot(REGION, fx.snapshotOf(old)).isPresent());
        assertEquals(0, fx.emulator.callLog().count("DeregisterImage") + fx.emulator.callLog().count("DeleteSnapshot"));
        String table = String.join("\n", report.table());
        assertTrue(table, table.contains("would delete") && table.contains("dry run: nothing is deleted"));
        assertEquals(Boolean.TRUE, report.toMap().get("dryRun"));
    }

    @Test
    public void theCurrentChecksumsAmiSurvivesAnySetting() throws Exception {
        String current = fx.amiOf(FAMILY, "reverted", Duration.ofDays(30), seed -> seed.publicImage(true));
        String middle = fx.amiOf(FAMILY, "c2", Duration.ofDays(20));
        String newest = fx.amiOf(FAMILY, "c3", DAYS_10);

        PruneReport report = fx.prune(fx.request(FAMILY, "reverted", 1, Duration.ZERO, true, false));

        assertEquals(List.of(middle), ids(report.deleted()));
        assertEquals(List.of(newest, current), ids(report.kept()));
        assertEquals("current checksum", reasons(report).get(current));
    }

    @Test
    public void twoFamiliesNeverTouchEachOther() throws Exception {
        String a1 = fx.amiOf("a/packer.json", "a1", Duration.ofDays(30));
        fx.amiOf("a/packer.json", "a2", DAYS_10);
        String b1 = fx.amiOf("b/packer.json", "b1", Duration.ofDays(30));
        String b2 = fx.amiOf("b/packer.json", "b2", Duration.ofDays(20));
        String noFamily = fx.emulator.seedImage(io.jenkins.plugins.bakeami.tools.ec2.ImageSeed.named("before-families")
                .owner(LifecycleFixture.ACCOUNT).tag("ami_config_checksum", "old")
                .creationDate(fx.ago(Duration.ofDays(90))));

        PruneReport report = fx.prune(fx.request("a/packer.json", "a2", 1, Duration.ZERO, true, false));

        assertEquals(List.of(a1), ids(report.deleted()));
        assertEquals("only family a was seen", 2, report.decisions().size());
        assertTrue(fx.exists(b1) && fx.exists(b2) && fx.exists(noFamily));
        assertEquals(List.of(a1), fx.called("DeregisterImage", "ImageId"));
    }

    @Test
    public void publicAndSharedAmisAreKeptUnlessIncludeShared() throws Exception {
        String publicAmi = fx.amiOf(FAMILY, "c1", Duration.ofDays(30), seed -> seed.publicImage(true));
        String shared = fx.amiOf(FAMILY, "c2", Duration.ofDays(25), seed -> seed.sharedWith(OTHER_ACCOUNT));
        String privateAmi = fx.amiOf(FAMILY, "c3", Duration.ofDays(20));
        fx.amiOf(FAMILY, "c4", DAYS_10);

        PruneReport kept = fx.prune(fx.request(FAMILY, "c4", 1, Duration.ZERO, false, false));

        assertEquals(List.of(privateAmi), ids(kept.deleted()));
        assertEquals("public", reasons(kept).get(publicAmi));
        assertEquals("shared with account " + OTHER_ACCOUNT, reasons(kept).get(shared));

        PruneReport included = fx.prune(fx.request(FAMILY, "c4", 1, Duration.ZERO, true, false));

        assertEquals(List.of(shared, publicAmi), ids(included.deleted()));
        assertFalse(fx.exists(publicAmi) || fx.exists(shared));
    }

    @Test
    public void oneFailingDeregistrationIsReportedAndTheOthersAreDeleted() throws Exception {
        String first = fx.amiOf(FAMILY, "c1", Duration.ofDays(30));
        String second = fx.amiOf(FAMILY, "c2", Duration.ofDays(25));
        String third = fx.amiOf(FAMILY, "c3", Duration.ofDays(20));
        fx.amiOf(FAMILY, "c4", DAYS_10);
        fx.emulator.faults().failAction("DeregisterImage", "UnauthorizedOperation",
                "You are not authorized to perform this operation.", 1);

        PruneReport report = fx.prune(fx.request(FAMILY, "c4", 1, Duration.ZERO, false, false));

        // newest first: the first deregistration is the third AMI's
        assertEquals(List.of(third), ids(report.failed()));
        assertTrue(report.failed().get(0).error(), report.failed().get(0).error().contains("UnauthorizedOperation"));
        assertTrue("a failed AMI keeps its snapshots", fx.emulator.snapshot(REGION, fx.snapshotOf(third)).isPresent());
        assertEquals(List.of(second, first), ids(report.deleted()));
        assertFalse(fx.exists(first) || fx.exists(second));
        assertEquals(1, report.failures().size());
        assertTrue(String.join("\n", report.table()).contains("FAILED: " + REGION + " " + third));
        List<?> failed = (List<?>) report.toMap().get("failed");
        assertEquals(third, ((Map<?, ?>) failed.get(0)).get("imageId"));
    }

    @Test
    public void everyRegionWhereTheFamilyHasAmisIsPruned() throws Exception {
        String east = fx.amiOf(FAMILY, "c1", Duration.ofDays(30));
        fx.amiOf(FAMILY, "c2", DAYS_10);
        String west = fx.emulator.seedImage(io.jenkins.plugins.bakeami.tools.ec2.ImageSeed.named("copy-c1")
                .region("eu-west-1").owner(LifecycleFixture.ACCOUNT).tag("ami_family", FAMILY)
                .tag("ami_config_checksum", "c1").creationDate(fx.ago(Duration.ofDays(30))));
        String westCurrent = fx.emulator.seedImage(io.jenkins.plugins.bakeami.tools.ec2.ImageSeed.named("copy-c2")
                .region("eu-west-1").owner(LifecycleFixture.ACCOUNT).tag("ami_family", FAMILY)
                .tag("ami_config_checksum", "c2").creationDate(fx.ago(DAYS_10)));

        PruneReport report = fx.prune(fx.request(FAMILY, "c2", 1, Duration.ZERO, false, false));

        assertEquals(List.of(west, east), ids(report.deleted()));
        assertEquals(List.of("eu-west-1", REGION), report.deleted().stream().map(Decision::region).toList());
        assertTrue(fx.emulator.image("eu-west-1", westCurrent).isPresent());
        assertTrue(fx.emulator.image("eu-west-1", west).isEmpty());
    }

    @Test
    public void aRegionWhoseUseCannotBeCheckedIsSkippedAndNothingIsDeletedThere() throws Exception {
        String old = fx.amiOf(FAMILY, "c1", Duration.ofDays(30));
        fx.amiOf(FAMILY, "c2", DAYS_10);
        fx.emulator.faults().failAction("DescribeLaunchTemplateVersions", "UnauthorizedOperation");

        PruneReport report = fx.prune(fx.request(FAMILY, "c2", 1, Duration.ZERO, false, false));

        assertTrue(fx.exists(old));
        assertTrue(report.deleted().isEmpty());
        assertEquals(1, report.regionFailures().size());
        assertEquals(REGION, report.regionFailures().get(0).region());
        assertTrue(report.regionFailures().get(0).error(),
                report.regionFailures().get(0).error().contains("DescribeLaunchTemplateVersions"));
    }

    @Test
    public void anAmiThatIsNotAvailableIsKept() throws Exception {
        String pending = fx.amiOf(FAMILY, "c1", Duration.ofDays(30), seed -> seed.state("pending"));
        fx.amiOf(FAMILY, "c2", DAYS_10);

        PruneReport report = fx.prune(fx.request(FAMILY, "c2", 1, Duration.ZERO, true, false));

        assertEquals("state pending", reasons(report).get(pending));
        assertTrue(report.deleted().isEmpty());
    }

    @Test
    public void aStopFinishesTheAmiBeingDeletedAndEndsThePruneBeforeTheNext() throws Exception {
        String first = fx.amiOf(FAMILY, "c1", Duration.ofDays(30));
        String second = fx.amiOf(FAMILY, "c2", Duration.ofDays(20));
        fx.amiOf(FAMILY, "c3", DAYS_10);
        Thread pruning = Thread.currentThread();
        fx.onCall = call -> {
            if (call.action().equals("DeregisterImage")) {
                pruning.interrupt(); // the stop arrives while the first AMI is being deleted
            }
        };

        InterruptedException stopped = assertThrows(InterruptedException.class,
                () -> fx.prune(fx.request(FAMILY, "c3", 1, Duration.ZERO, false, false)));

        assertTrue(stopped.getMessage(), stopped.getMessage().contains("before " + first));
        assertFalse("the AMI being deleted was finished", fx.exists(second));
        assertEquals("with its snapshot", 1, fx.emulator.callLog().count("DeleteSnapshot"));
        assertTrue("the next one was not started", fx.exists(first));
        assertEquals(List.of(second), fx.called("DeregisterImage", "ImageId"));
    }

    @Test
    public void aStopBeforeAnythingIsAskedDeletesNothing() {
        String old = fx.amiOf(FAMILY, "c1", Duration.ofDays(30));
        fx.amiOf(FAMILY, "c2", DAYS_10);
        Thread.currentThread().interrupt();

        InterruptedException stopped = assertThrows(InterruptedException.class,
                () -> fx.prune(fx.request(FAMILY, "c2", 1, Duration.ZERO, false, false)));

        assertFalse("the interrupt is taken", Thread.interrupted());
        assertEquals("Prune stopped before the first region", stopped.getMessage());
        assertTrue(fx.exists(old));
    }

    private static List<String> ids(List<Decision> decisions) {
        return decisions.stream().map(Decision::imageId).toList();
    }

    private static Map<String, String> reasons(PruneReport report) {
        return report.kept().stream().collect(Collectors.toMap(Decision::imageId, d -> String.join("; ", d.reasons())));
    }
}
