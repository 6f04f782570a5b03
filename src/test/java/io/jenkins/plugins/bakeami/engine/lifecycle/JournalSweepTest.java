package io.jenkins.plugins.bakeami.engine.lifecycle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.packer.PackerResources;
import io.jenkins.plugins.bakeami.engine.packer.ProcessId;
import io.jenkins.plugins.bakeami.tools.ec2.Delays;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

/**
 * The sweep of the journal against the emulator, with the resources a Packer run creates made through the SDK and
 * entries planted in a journal: which entries it sweeps (only a dead Packer's, on this machine, for the same
 * endpoint and access), the pass that never waits (a Jenkins agent call), and the extra volumes.
 */
public class JournalSweepTest {
    private static final String ACCESS = "access key " + LifecycleFixture.ACCESS_KEY;
    private static final Duration TICK = Duration.ofMillis(50);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public LifecycleFixture fx = new LifecycleFixture();

    private BakeJournal journal;
    /** A process killed in the test (a "Packer" that is gone), and its start time, taken while it ran. */
    private Process gone;
    private long goneStart;

    @Before
    public void journal() throws Exception {
        journal = new BakeJournal(tmp.newFolder("journal").toPath());
        gone = new ProcessBuilder("sleep", "60").start();
        goneStart = gone.toHandle().info().startInstant().orElseThrow().toEpochMilli();
    }

    @After
    public void killTheSleeper() {
        gone.destroyForcibly();
    }

    private JournalEntry entry(String bakeId, long pid, long start, String host, String endpoint, String access,
            Leftovers leftovers) {
        return new JournalEntry(bakeId, host, ProcessId.recorded(pid, start), List.of(), Instant.now(),
                "/ws/ami/packer.json", endpoint, access, leftovers, Instant.now());
    }

    /** The entry of a bake whose Packer was the killed process. */
    private JournalEntry killed(String bakeId, String host, String endpoint, String access, Leftovers leftovers)
            throws InterruptedException {
        gone.destroyForcibly();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        return entry(bakeId, gone.pid(), goneStart, host, endpoint, access, leftovers);
    }

    /** A builder instance, its key pair and security group, as Packer makes them. */
    private Leftovers packerResources(String name, String imageId) {
        return packerResources(name, imageId, launch -> { });
    }

    private Leftovers packerResources(String name, String imageId, Consumer<RunInstancesRequest.Builder> more) {
        fx.ec2.createKeyPair(b -> b.keyName(name));
        String group = fx.ec2.createSecurityGroup(b -> b.groupName(name).description("Temporary group for Packer"))
                .groupId();
        String instance = fx.ec2.runInstances(b -> more.accept(b.imageId(imageId).minCount(1).maxCount(1)
                .instanceType("t3.micro").keyName(name).securityGroupIds(group).tagSpecifications(t -> t
                        .resourceType(ResourceType.INSTANCE).tags(g -> g.key("Name").value("Packer Builder")))))
                .instances().get(0).instanceId();
        return new Leftovers(LifecycleFixture.REGION, new PackerResources(List.of(instance), List.of(name),
                List.of(name), List.of(), List.of()));
    }

    private String endpoint() {
        return fx.emulator.endpoint().toString();
    }

    private JournalSweep sweep() {
        return new JournalSweep(journal, fx.log::add, Clock.systemUTC());
    }

    private List<LeftoverSweep.Result> sweepNow(boolean wait) throws Exception {
        return sweep().sweep(endpoint(), ACCESS, region -> Ec2Clients.open(fx.target(region),
                PackerTestEnvironment.fastEc2Limits()), wait);
    }

    private void awaitRunning(String instanceId) throws InterruptedException {
        Await.until(instanceId + " runs", () -> fx.ec2.describeInstances(b -> b.instanceIds(instanceId))
                .reservations().get(0).instances().get(0).state().name() == InstanceStateName.RUNNING);
    }

    @Test
    public void onlyADeadPackersEntryOfThisMachineEndpointAndAccessIsSwept() throws Exception {
        Leftovers none = new Leftovers(LifecycleFixture.REGION, PackerResources.none());
        ProcessHandle self = ProcessHandle.current();
        String host = BakeJournal.thisHost();
        long selfStart = self.info().startInstant().orElseThrow().toEpochMilli();
        journal.record(entry("live", self.pid(), selfStart, host, endpoint(), ACCESS, none));
        // the same pid, started at another time: the pid was reused by another process, the bake's Packer is gone
        journal.record(entry("reused", self.pid(), selfStart - 60_000, host, endpoint(), ACCESS, none));
        // the Packer launched is gone, the child process that runs its build is not (Packer 1.6 forks itself)
        journal.record(new JournalEntry("worker", host, ProcessId.recorded(self.pid(), selfStart - 60_000),
                List.of(ProcessId.recorded(self.pid(), selfStart)), Instant.now(), "/ws/ami/packer.json", endpoint(),
                ACCESS, none, Instant.now()));
        journal.record(killed("elsewhere", "another-machine", endpoint(), ACCESS, none));
        journal.record(killed("aws", host, null, ACCESS, none));
        journal.record(killed("other", host, endpoint(), "credentials aws-dev", none));
        journal.record(killed("killed", host, endpoint(), ACCESS, none));

        Map<String, String> verdicts = sweep().plan(endpoint(), ACCESS).stream().collect(Collectors.toMap(
                v -> v.entry().bakeId(), v -> v.swept() ? "sweep" : v.keptBecause()));

        assertEquals(Map.of("live", "its packer still runs (pid " + self.pid() + ")",
                "elsewhere", "recorded on another-machine",
                "aws", "recorded for endpoint AWS",
                "other", "recorded with credentials aws-dev",
                "reused", "sweep", "killed", "sweep", "worker", "its packer still runs (pid " + self.pid() + ")"),
                verdicts);
        assertTrue(sweep().anyToSweep(endpoint(), ACCESS));
        assertEquals("an entry with nothing left is cleared without any EC2 call", List.of(), sweepNow(false));
        assertEquals(0, fx.emulator.callLog().calls().size());
        assertEquals(List.of("aws", "elsewhere", "live", "other", "worker"), journal.read().entries().stream()
                .map(JournalEntry::bakeId).sorted().toList());
    }

    /**
     * The pass of a Jenkins agent call never waits: it terminates the instance and deletes the key pair, and leaves
     * the group, which the instance still uses, in the entry; a later pass, once the instance is gone, deletes it
     * and clears the entry.
     */
    @Test
    public void aPassThatNeverWaitsLeavesTheGroupToALaterPass() throws Exception {
        Leftovers leftovers = packerResources("packer_5f1a2b3c-0000-4000-8000-000000000001", Ec2Emulator.BASE_IMAGE_ID);
        String instance = leftovers.resources().instanceIds().get(0);
        journal.record(killed("killed", BakeJournal.thisHost(), endpoint(), ACCESS, leftovers));
        fx.emulator.delays(new Delays(TICK, TICK, Duration.ofMinutes(10), TICK, TICK)); // shutting down, for now

        LeftoverSweep.Result first = sweepNow(false).get(0);

        assertEquals(List.of("instance " + instance, "key pair " + leftovers.resources().keyPairNames().get(0)),
                first.removed());
        assertEquals(List.of(instance), first.terminating());
        assertEquals(List.of(), first.failures());
        JournalEntry rewritten = journal.read().entries().get(0);
        assertEquals(List.of(instance), rewritten.leftovers().resources().instanceIds());
        assertEquals(List.of(), rewritten.leftovers().resources().keyPairNames());
        assertEquals(leftovers.resources().securityGroupNames(), rewritten.leftovers().resources().securityGroupNames());
        assertEquals("no DeleteSecurityGroup while the instance uses it", 0,
                fx.emulator.callLog().count("DeleteSecurityGroup"));

        fx.emulator.delays(new Delays(TICK, TICK, Duration.ZERO, TICK, TICK)); // now it is terminated
        LeftoverSweep.Result second = sweepNow(false).get(0);

        assertEquals(List.of("security group " + leftovers.resources().securityGroupNames().get(0)), second.removed());
        assertEquals(1, fx.emulator.callLog().count("TerminateInstances"));
        assertEquals(List.of(), journal.read().entries());
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }

    /**
     * Extra volumes: a volume the source AMI maps to stay after termination is what Packer itself deletes after its
     * instance; the sweep deletes it too (it finds it, Packer never prints it). A volume the template's launch mapping
     * adds to stay is the template's wish, which Packer leaves to EC2; so does the sweep.
     */
    @Test
    public void extraVolumesAreThoseTheSourceAmiMapsToStayAfterTermination() throws Exception {
        // a source AMI whose root volume stays after termination: made from an instance launched that way
        String maker = fx.ec2.runInstances(b -> b.imageId(Ec2Emulator.BASE_IMAGE_ID).minCount(1).maxCount(1)
                .instanceType("t3.micro").blockDeviceMappings(m -> m.deviceName("/dev/xvda")
                        .ebs(e -> e.deleteOnTermination(false)))).instances().get(0).instanceId();
        awaitRunning(maker); // EC2 images only a running or stopped instance
        String source = fx.ec2.createImage(b -> b.instanceId(maker).name("lasting-root")).imageId();
        fx.ec2.terminateInstances(b -> b.instanceIds(maker));
        fx.ec2.describeVolumes(b -> b.filters(f -> f.name("status").values("available"))).volumes()
                .forEach(v -> fx.ec2.deleteVolume(d -> d.volumeId(v.volumeId())));
        Leftovers leftovers = packerResources("packer_5f1a2b3c-0000-4000-8000-000000000002", source,
                launch -> launch.blockDeviceMappings(m -> m.deviceName("/dev/sdf")
                        .ebs(e -> e.volumeSize(1).deleteOnTermination(false))));
        String instance = leftovers.resources().instanceIds().get(0);
        Map<String, String> volumes = fx.ec2.describeInstances(b -> b.instanceIds(instance)).reservations().get(0)
                .instances().get(0).blockDeviceMappings().stream()
                .collect(Collectors.toMap(m -> m.deviceName(), m -> m.ebs().volumeId()));
        assertEquals(volumes.toString(), 2, volumes.size());

        LeftoverSweep.Result result = new LeftoverSweep(fx.ec2, fx.log::add).remove(leftovers);

        assertEquals(result.summary(), List.of(), result.failures());
        assertTrue(result.summary(), result.removed().contains("volume " + volumes.get("/dev/xvda")));
        assertEquals(InstanceStateName.TERMINATED, fx.ec2.describeInstances(b -> b.instanceIds(instance))
                .reservations().get(0).instances().get(0).state().name());
        assertEquals("only the launch-mapped volume is left", List.of(volumes.get("/dev/sdf")),
                fx.emulator.leakReport().leaks("volume").stream().map(l -> l.id()).toList());
        assertEquals(fx.emulator.leakReport().toString(), 1, fx.emulator.leakReport().leaks().size());
    }
}
