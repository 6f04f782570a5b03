package io.jenkins.plugins.bakeami.tools.cli;

import static io.jenkins.plugins.bakeami.tools.cli.CliFixture.REGION;
import static io.jenkins.plugins.bakeami.tools.cli.LookupCommandTest.assertOneLine;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.AwsRole;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.lifecycle.BakeJournal;
import io.jenkins.plugins.bakeami.engine.lifecycle.JournalEntry;
import io.jenkins.plugins.bakeami.engine.lifecycle.Leftovers;
import io.jenkins.plugins.bakeami.engine.packer.PackerResources;
import io.jenkins.plugins.bakeami.engine.packer.ProcessId;
import io.jenkins.plugins.bakeami.tools.ec2.CallLog;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.tools.ec2.LeakReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * {@code bake-ami sweep --older-than} in-process against an emulator whose clock the test sets back (the fixture's
 * {@code AdjustableClock}; the command reads the system clock), so resources are
 * created "three hours ago" without waiting: it lists Packer-shaped resources, removes only with {@code --delete},
 * and never touches what is younger, or what a younger builder instance uses.
 */
public class SweepCommandTest {
    @Rule
    public CliFixture fx = new CliFixture();

    private Ec2Emulator emulator;
    private Ec2Client ec2;
    private Map<String, String> env;

    @Before
    public void start() {
        emulator = fx.restartEmulator(builder -> builder.delays(CliFixture.TERMINATING_AT_ONCE)
                .diagnostics(line -> { }));
        ec2 = Ec2Clients.open(new Ec2Target(REGION, emulator.endpoint(),
                new AwsKeys(CliFixture.ACCESS_KEY, CliFixture.SECRET_KEY, null)));
        env = fx.environment();
        env.put("AWS_REGION", REGION);
        env.put("AWS_ENDPOINT_URL_EC2", emulator.endpoint().toString());
    }

    @After
    public void stop() {
        ec2.close();
    }

    /** A name as Packer makes them: {@code packer_} and a uuid whose first 8 hex digits are the Unix time. */
    private static String packerName(Instant time) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format(Locale.ROOT, "packer_%08x-%04x-%04x-%04x-%012x", time.getEpochSecond(),
                random.nextInt(0x10000), random.nextInt(0x10000), random.nextInt(0x10000),
                random.nextLong() & 0xffffffffffffL);
    }

    private String keyPair(String name) {
        ec2.createKeyPair(b -> b.keyName(name));
        return name;
    }

    private String group(String name) {
        return ec2.createSecurityGroup(b -> b.groupName(name).description("Temporary group for Packer")).groupId();
    }

    private String builder(String keyName, String... groupIds) {
        return ec2.runInstances(b -> b.imageId(Ec2Emulator.BASE_IMAGE_ID).minCount(1).maxCount(1)
                .instanceType("t3.micro").keyName(keyName).securityGroupIds(groupIds)
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE)
                        .tags(g -> g.key("Name").value("Packer Builder")))).instances().get(0).instanceId();
    }

    @Test
    public void listsByDefaultRemovesWithDeleteAndNeverTouchesWhatIsYounger() {
        fx.clock.setBack(Duration.ofHours(3));
        Instant threeHoursAgo = fx.clock.instant();
        String oldKey = keyPair(packerName(threeHoursAgo));
        String oldGroup = group(packerName(threeHoursAgo));
        String oldInstance = builder(oldKey, oldGroup);
        String oldGroupOfAYoungBuilder = group(packerName(threeHoursAgo));
        String deployKey = keyPair("deploy");
        String webGroup = group("web");
        fx.clock.advance(Duration.ofHours(3));
        String youngKey = keyPair(packerName(fx.clock.instant()));
        String youngGroup = group(packerName(fx.clock.instant()));
        String youngInstance = builder(youngKey, youngGroup, oldGroupOfAYoungBuilder);
        CliFixture.Run listed = fx.run(env, "sweep", "--older-than", "1h");

        assertEquals(listed.toString(), ExitCodes.OK, listed.exitCode);
        Map<String, String> actions = actions(listed.out);
        assertEquals(listed.out, Map.of(oldInstance, "remove", oldGroup, "remove", oldKey, "remove",
                youngInstance, "keep: younger than 1h", youngGroup, "keep: younger than 1h",
                youngKey, "keep: younger than 1h",
                oldGroupOfAYoungBuilder, "keep: used by " + youngInstance + " (younger than 1h)"), actions);
        assertTrue(listed.out, listed.out.contains("Dry run: nothing removed; run again with --delete to remove the 3"));
        for (String action : List.of("TerminateInstances", "DeleteKeyPair", "DeleteSecurityGroup")) {
            assertEquals("a listing changes nothing: " + action, 0, emulator.callLog().count(action));
        }
        CliFixture.Run swept = fx.run(env, "sweep", "--older-than", "1h", "--delete");

        assertEquals(swept.toString(), ExitCodes.OK, swept.exitCode);
        assertTrue(swept.out, swept.out.contains("Sweep of us-east-1: removed instance " + oldInstance));
        assertEquals(List.of(oldInstance), emulator.callLog().calls("TerminateInstances").stream()
                .map(c -> c.param("InstanceId.1")).toList());
        Set<String> left = emulator.leakReport().leaks().stream().filter(l -> !l.kind().equals("volume"))
                .map(LeakReport.Leak::id).collect(Collectors.toSet());
        assertEquals(Set.of(youngInstance, youngKey, youngGroup, oldGroupOfAYoungBuilder, deployKey, webGroup),
                left.stream().map(id -> id.startsWith("key-") ? keyName(id) : id).collect(Collectors.toSet()));
    }

    @Test
    public void olderThanIsCheckedAndAnEmptyJournalAsksNothingOfEc2() {
        for (String[] args : List.of(new String[] {"sweep", "--older-than", "0"},
                new String[] {"sweep", "--older-than", "soon"})) {
            CliFixture.Run run = fx.run(env, args);
            assertEquals(run.toString(), ExitCodes.BAD_INPUT, run.exitCode);
            assertOneLine(run.err);
            assertTrue(run.err, run.err.startsWith("bake-ami sweep: ") && run.err.contains("older-than"));
        }
        CliFixture.Run journalOnly = fx.run(env, "sweep", "--delete");
        assertEquals(journalOnly.toString(), ExitCodes.OK, journalOnly.exitCode);
        assertTrue(journalOnly.out, journalOnly.out.startsWith("Journal of the bakes on this machine ("
                + fx.workspace.getParent().resolve(".cache/bake-ami/journal") + "): 0 of 0 to sweep"));
        assertEquals("nothing was asked of EC2", 0, emulator.callLog().calls().size());
    }

    /** The ACTION column of each row of the table, by resource id (the key pair's name for a key pair). */
    /**
     * A killed bake that acted as a role made its key pair in the role's account. A sweep with the same --role removes
     * it, as the role; one without --role acts as other access and leaves the bake's entry alone.
     */
    @Test
    public void aKilledBakeOfARoleIsSweptWithTheSameRole() throws Exception {
        String roleArn = "arn:aws:iam::222222222222:role/ami-baker";
        env.put("AWS_ENDPOINT_URL_STS", emulator.endpoint().toString());
        AwsKeys keys = new AwsKeys(CliFixture.ACCESS_KEY, CliFixture.SECRET_KEY, null);
        AwsRole role = new AwsRole(roleArn, "bake-ami-cli", null, 0).withStsEndpoint(emulator.endpoint());
        String keyName = packerName(Instant.now());
        try (Ec2Client asRole = Ec2Clients.open(new Ec2Target(REGION, emulator.endpoint(), keys, role))) {
            asRole.createKeyPair(b -> b.keyName(keyName));
        }
        Process packer = new ProcessBuilder("sleep", "60").start();
        long started = packer.toHandle().info().startInstant().orElseThrow().toEpochMilli();
        packer.destroyForcibly();
        assertTrue(packer.waitFor(30, TimeUnit.SECONDS));
        BakeJournal.of(env).record(new JournalEntry("killed-as-role", BakeJournal.thisHost(),
                ProcessId.recorded(packer.pid(), started), List.of(), Instant.now(), "/ws/ami/packer.json",
                emulator.endpoint().toString(), BakeRequest.accessName(keys, role, env), new Leftovers(REGION,
                        new PackerResources(List.of(), List.of(keyName), List.of(), List.of(), List.of())),
                Instant.now()));

        CliFixture.Run withoutRole = fx.run(env, "sweep", "--delete");
        assertEquals(withoutRole.toString(), ExitCodes.OK, withoutRole.exitCode);
        assertEquals(0, emulator.callLog().count("DeleteKeyPair"));

        CliFixture.Run withRole = fx.run(env, "sweep", "--delete", "--role", roleArn);
        assertEquals(withRole.toString(), ExitCodes.OK, withRole.exitCode);
        assertTrue(withRole.out, withRole.out.contains("1 of 1 to sweep"));
        List<CallLog.Call> deleted = emulator.callLog().calls("DeleteKeyPair");
        assertEquals(1, deleted.size());
        assertEquals(keyName, deleted.get(0).param("KeyName"));
        assertEquals("222222222222", deleted.get(0).account());
        assertTrue(deleted.get(0).succeeded());
    }

    private static Map<String, String> actions(String out) {
        return out.lines().filter(l -> l.startsWith("instance ") || l.startsWith("security group ")
                        || l.startsWith("key pair "))
                .collect(Collectors.toMap(l -> {
                    String[] cells = l.split("\\s{2,}");
                    return cells[0].equals("key pair") ? cells[2] : cells[1];
                }, l -> l.split("\\s{2,}")[5]));
    }

    private String keyName(String keyPairId) {
        return ec2.describeKeyPairs(b -> b.keyPairIds(keyPairId)).keyPairs().get(0).keyName();
    }
}
