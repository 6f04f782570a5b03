package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import hudson.AbortException;
import hudson.EnvVars;
import io.jenkins.plugins.bakeami.engine.bake.BakeException;
import io.jenkins.plugins.bakeami.engine.bake.BakeOutcome;
import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.bake.Bakery;
import io.jenkins.plugins.bakeami.tools.ec2.CallLog;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import io.jenkins.plugins.bakeami.tools.ec2.Sts;
import io.jenkins.plugins.bakeami.tools.ec2.StsTlsFront;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * A bake that outlives its first role session, through the Jenkins layer's calls with the real packer (1.6.6) and the
 * emulator's STS. The sessions last 30 s of the emulator's clock, which jumps 31 s when an EC2 call the test names
 * arrives: no waiting, and the jump lands exactly where the test wants it.
 * <ul>
 * <li>Without the refresh (the keys of one session bound around the step, what a role assumed on the controller
 * gives): a jump in the middle of Packer's build fails Packer's calls; a jump after Packer's last call fails the
 * engine's tagging. Both with {@code ExpiredToken}.</li>
 * <li>With the step's {@code role}: the engine assumes it again before each session ends, and Packer's own SDK does
 * (through its private profile; its STS calls reach the emulator through {@link StsTlsFront}, as Packer 1.6.6 asks
 * {@code sts.amazonaws.com}): the same bake with both jumps is baked. Packer's process environment holds no key.</li>
 * </ul>
 */
public class BakeRoleTest {
    private static final String ROLE = "arn:aws:iam::222222222222:role/ami-baker";
    private static final String ROLE_ACCOUNT = "222222222222";

    @Rule
    public CallableBakeFixture fx = new CallableBakeFixture();

    /** The step, with a deadline: a Packer that keeps being refused is stopped (and cleans up) after it. */
    private BakeAmiStep step;
    /** The actions after whose (successful) arrival the emulator's clock jumps past a session. */
    private final Set<String> jumpAt = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** When each jump happened, by the emulator's clock. */
    private final List<Instant> jumps = new CopyOnWriteArrayList<>();
    private final List<String> packerEnvironments = new CopyOnWriteArrayList<>();
    private final List<String> profileModes = new CopyOnWriteArrayList<>();
    private StsTlsFront front;

    @Before
    public void emulatorWithShortSessions() throws Exception {
        fx.restartEmulator(builder -> builder.callListener(this::onCall));
        fx.emulator.sts().sessionLength(Duration.ofSeconds(30));
        front = StsTlsFront.start(fx.emulator, fx.tmp.newFolder("sts-front").toPath());
        fx.writeDefinition("echo provisioning", "");
        step = fx.step();
        step.setTimeoutMinutes(3);
    }

    @After
    public void closeFront() throws Exception {
        if (front != null) {
            front.close();
        }
    }

    private void onCall(CallLog.Call call) {
        if (call.action().equals("RunInstances") && call.succeeded()) {
            inspectPacker();
        }
        if (call.succeeded() && jumpAt.remove(call.action())) {
            fx.clock.advance(Duration.ofSeconds(31));
            jumps.add(fx.clock.instant());
        }
    }

    /** While Packer runs: its process environment, and the mode of its profile's files. */
    private void inspectPacker() {
        try (Stream<Path> controls = Files.list(fx.workspace.resolveSibling("workspace@tmp"))) {
            Path control = controls.filter(p -> p.getFileName().toString().startsWith("bakeAmi-")).findFirst()
                    .orElseThrow();
            String pid = Files.readString(control.resolve("build/pid")).trim().split(" ")[1];
            packerEnvironments.add(Arrays.stream(Files.readString(Path.of("/proc", pid, "environ"),
                    StandardCharsets.UTF_8).split("\0")).filter(v -> v.startsWith("AWS_")).sorted()
                    .collect(Collectors.joining(" ")));
            if (Files.exists(control.resolve("aws/credentials"))) {
                profileModes.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        control.resolve("aws/credentials"))));
            }
        } catch (Exception e) {
            packerEnvironments.add("could not inspect Packer: " + e);
        }
    }

    /** The step's environment on an agent: the source keys bound, STS for the engine and (through the front) Packer. */
    private EnvVars environment(Map<String, String> keys) {
        EnvVars env = fx.stepEnvironment();
        env.putAll(keys);
        env.put("AWS_ENDPOINT_URL_STS", fx.emulator.endpoint().toString());
        env.putAll(front.packerEnvironment());
        env.put("AWS_MAX_ATTEMPTS", "3"); // Packer's refused calls fail soon instead of backing off for minutes
        return env;
    }

    private Map<String, String> sourceKeys() {
        return Map.of("AWS_ACCESS_KEY_ID", CallableBakeFixture.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
                CallableBakeFixture.SECRET_KEY);
    }

    /** What a role assumed once (on the controller, or by withAWS) gives: one session's keys. */
    private Map<String, String> oneSessionsKeys() {
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1).endpointOverride(fx.emulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        CallableBakeFixture.ACCESS_KEY, CallableBakeFixture.SECRET_KEY)))
                .build()) {
            Credentials session = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("once")).credentials();
            Map<String, String> keys = new HashMap<>();
            keys.put("AWS_ACCESS_KEY_ID", session.accessKeyId());
            keys.put("AWS_SECRET_ACCESS_KEY", session.secretAccessKey());
            keys.put("AWS_SESSION_TOKEN", session.sessionToken());
            return keys;
        }
    }

    /**
     * The session ends just before Packer launches its instance: Packer 1.6.6, refused with ExpiredToken, keeps trying
     * and never gets further. The engine's request (a bake of these parameters, as the agent makes it) has a short
     * timeout and grace period here, so that the test ends in seconds: the bake fails, timed out.
     */
    @Test
    public void withoutTheRefreshPackersCallsFailOnceTheSessionEnded() throws Exception {
        jumpAt.add("AuthorizeSecurityGroupIngress");
        EnvVars env = environment(oneSessionsKeys());
        BakeRequest request = BakeAmiCallable.engineRequest(fx.parameters(step, env,
                AgentAwsCredentialsResolver.resolve(null, null, env)), fx.workspace)
                .timeout(Duration.ofSeconds(20)).gracePeriod(Duration.ofSeconds(3)).build();
        BakeException failed = assertThrows(BakeException.class,
                () -> new Bakery(line -> { }, PackerTestEnvironment.fastEc2Limits()).bake(request));
        assertTrue(failed.getMessage(), failed.getMessage().startsWith("packer build of ")
                && failed.getMessage().contains(" timed out: "));
        List<CallLog.Call> launches = fx.emulator.callLog().calls("RunInstances");
        assertFalse(launches.isEmpty());
        assertTrue(launches.toString(), launches.stream().allMatch(c -> "ExpiredToken".equals(c.errorCode())));
        assertEquals(0, fx.emulator.callLog().count("CreateImage"));
    }

    @Test
    public void withoutTheRefreshTheEnginesTaggingFailsOnceTheSessionEnded() throws Exception {
        jumpAt.add("DeleteKeyPair"); // Packer's last call: Packer is done, the engine's tagging is not
        AbortException failed = assertThrows(AbortException.class,
                () -> fx.bake(step, environment(oneSessionsKeys()), fx.run("job#1")));
        assertTrue(failed.getMessage(), failed.getMessage().startsWith("bakeAmi: Packer built {us-east-1=ami-"));
        assertTrue(failed.getMessage(), failed.getMessage().contains(" but tagging or confirming it failed: EC2 "));
        assertTrue(failed.getMessage(), failed.getMessage().contains(" in us-east-1 (" + fx.emulator.endpoint()
                + ") failed: ExpiredToken: The security token included in the request is expired"));
        assertEquals(0, taggedWithChecksum());
    }

    @Test
    public void withTheRoleOnTheAgentABakeOutlivesItsSessions() throws Exception {
        jumpAt.addAll(List.of("AuthorizeSecurityGroupIngress", "CreateImage", "DeleteKeyPair"));
        step.setRole(ROLE);
        step.setRoleSessionName("bake-role-test");
        BakeAmiSummary baked = fx.bake(step, environment(sourceKeys()), fx.run("job#1"));

        assertEquals(BakeOutcome.BAKED, baked.getOutcome());
        assertEquals(3, jumps.size());
        assertEquals(ROLE_ACCOUNT, fx.emulator.image("us-east-1", baked.getAmiId()).orElseThrow().ownerId());
        assertEquals(baked.getChecksum(), fx.emulator.image("us-east-1", baked.getAmiId()).orElseThrow().ownerTags()
                .get("ami_config_checksum"));
        assertFalse("sessions did expire", expiredCalls().isEmpty());
        // Packer, refused once its session ended, took a new one itself (through the front) and went on
        assertPackerCalledWithASessionFrom(jumps.get(0), "RunInstances");
        assertPackerCalledWithASessionFrom(jumps.get(1), "TerminateInstances", "DeleteSecurityGroup");
        // Packer asked the region's STS (the profile's sts_regional_endpoints), in one kept-alive tunnel
        assertEquals(List.of("sts.us-east-1.amazonaws.com:443"), front.tunnels());
        // and so did the engine, for its tagging after Packer's last call
        CallLog.Call tagging = fx.emulator.callLog().calls("CreateTags").stream()
                .filter(c -> c.params().containsValue("ami_config_checksum")).findFirst().orElseThrow();
        assertTrue(tagging.succeeded());
        assertFalse(fx.emulator.sts().sessionOf(tagging.accessKeyId()).issuedAt().isBefore(
                jumps.get(2).minusSeconds(1)));
        assertTrue(fx.emulator.sts().sessions().stream().allMatch(s -> s.roleArn().equals(ROLE)
                && s.sessionName().equals("bake-role-test") && s.sourceAccessKeyId().equals(CallableBakeFixture.ACCESS_KEY)));

        // Packer ran with its profile, the keys in no environment; the profile's files were private
        assertEquals(1, packerEnvironments.size());
        String packerEnvironment = packerEnvironments.get(0);
        assertTrue(packerEnvironment, packerEnvironment.contains("AWS_PROFILE=bakeami")
                && packerEnvironment.contains("AWS_SDK_LOAD_CONFIG=1"));
        assertFalse(packerEnvironment, packerEnvironment.contains("AWS_ACCESS_KEY_ID")
                || packerEnvironment.contains("AWS_SECRET_ACCESS_KEY") || packerEnvironment.contains("AWS_SESSION_TOKEN"));
        assertEquals(List.of("rw-------"), profileModes);
        // and removed when the bake ended
        assertFalse(Files.exists(fx.workspace.resolveSibling("workspace@tmp"))
                && Files.list(fx.workspace.resolveSibling("workspace@tmp")).findAny().isPresent());
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        String log = fx.logText();
        assertTrue(log, log.contains(ROLE + " (session bake-role-test, 3600 s) assumed on the agent"));
        assertFalse(log, log.contains(CallableBakeFixture.SECRET_KEY));
        assertNotNull(baked.getAmiId());
    }

    /** Packer's successful calls of these actions were made with sessions issued after {@code jump}. */
    private void assertPackerCalledWithASessionFrom(Instant jump, String... actions) {
        List<CallLog.Call> calls = fx.emulator.callLog().calls().stream()
                .filter(c -> List.of(actions).contains(c.action()) && c.succeeded()).toList();
        assertFalse(List.of(actions).toString(), calls.isEmpty());
        for (CallLog.Call call : calls) {
            Sts.Session session = fx.emulator.sts().sessionOf(call.accessKeyId());
            // STS's times have whole seconds
            assertTrue(call + " with " + session, !session.issuedAt().isBefore(jump.minusSeconds(1)));
        }
    }

    private List<CallLog.Call> expiredCalls() {
        return fx.emulator.callLog().calls().stream().filter(c -> "ExpiredToken".equals(c.errorCode())).toList();
    }

    /** How many CreateTags put the checksum tag on (the engine's tagging: Packer's own tags are Name=app). */
    private long taggedWithChecksum() {
        return fx.emulator.callLog().calls("CreateTags").stream()
                .filter(c -> c.succeeded() && c.params().containsValue("ami_config_checksum")).count();
    }
}
