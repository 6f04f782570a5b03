package io.jenkins.plugins.bakeami.engine.aws;

import static io.jenkins.plugins.bakeami.TroubleshootingTable.assertDocumented;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.testsupport.AdjustableClock;
import io.jenkins.plugins.bakeami.tools.ec2.Sts;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The engine's EC2 client with a role ({@link RoleCredentials}): against the emulator's STS, whose sessions last 30 s
 * of the emulator's clock, which the test moves on (no waiting). The role's client takes a new session when the old
 * one is about to end, so its calls keep working; a client given one session's keys fails with ExpiredToken.
 */
public class RoleCredentialsTest {
    private static final String REGION = "us-east-1";
    private static final String SOURCE_KEY = "AKIAROLESOURCE000001";
    private static final String ROLE = "arn:aws:iam::333333333333:role/ami-baker";

    private final AdjustableClock clock = new AdjustableClock();
    private Ec2Emulator emulator;

    @Before
    public void start() {
        emulator = Ec2Emulator.builder().clock(clock).start();
        emulator.accounts().map(SOURCE_KEY, "111111111111");
        emulator.sts().sessionLength(Duration.ofSeconds(30));
    }

    @After
    public void stop() {
        emulator.close();
    }

    private Ec2Target target(AwsRole role) {
        return new Ec2Target(REGION, emulator.endpoint(), new AwsKeys(SOURCE_KEY, "source-secret", null),
                role == null ? null : role.withStsEndpoint(emulator.endpoint()));
    }

    @Test
    public void theRolesClientOutlivesItsFirstSession() {
        AwsRole role = new AwsRole(ROLE, "bake-7", null, 900);
        try (Ec2Client ec2 = Ec2Clients.open(target(role))) {
            ec2.describeImages(r -> r.owners("self"));
            clock.advance(Duration.ofSeconds(31)); // the first session has ended
            ec2.describeImages(r -> r.owners("self"));
            clock.advance(Duration.ofSeconds(31));
            ec2.describeImages(r -> r.owners("self"));
        }
        List<Sts.Session> sessions = emulator.sts().sessions();
        assertTrue(sessions.toString(), sessions.size() >= 3);
        assertTrue(sessions.stream().allMatch(s -> s.roleArn().equals(ROLE) && s.sessionName().equals("bake-7")
                && s.sourceAccessKeyId().equals(SOURCE_KEY)));
        // every EC2 call was made as the role, with a session that was valid when it arrived
        emulator.callLog().calls("DescribeImages").forEach(call -> {
            assertTrue(call.toString(), call.succeeded());
            assertEquals("333333333333", call.account());
            Sts.Session used = emulator.sts().sessionOf(call.accessKeyId());
            assertTrue(call.time().isBefore(used.expiresAt()));
        });
    }

    @Test
    public void oneSessionsKeysFailOnceItEnded() {
        Credentials session;
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1).endpointOverride(emulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(SOURCE_KEY, "s")))
                .build()) {
            session = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("once")).credentials();
        }
        Ec2Target once = new Ec2Target(REGION, emulator.endpoint(),
                new AwsKeys(session.accessKeyId(), session.secretAccessKey(), session.sessionToken()));
        try (Ec2Client ec2 = Ec2Clients.open(once, Ec2Clients.Limits.DEFAULT)) {
            ec2.describeImages(r -> r.owners("self"));
            clock.advance(Duration.ofSeconds(31));
            AwsServiceException expired = assertThrows(AwsServiceException.class,
                    () -> ec2.describeImages(r -> r.owners("self")));
            assertEquals("ExpiredToken", expired.awsErrorDetails().errorCode());
        }
    }

    @Test
    public void aRoleThatCannotBeAssumedSaysSoInTheEc2CallsMessage() {
        emulator.sts().requireExternalId(ROLE, "tenant-9");
        Ec2Target target = target(new AwsRole(ROLE, "no-id", null, 0));
        try (Ec2Client ec2 = Ec2Clients.open(target)) {
            SdkException e = assertThrows(SdkException.class, () -> ec2.describeImages(r -> r.owners("self")));
            Ec2CallException call = Ec2CallException.of("DescribeImages", target, e);
            assertEquals("EC2 DescribeImages in us-east-1 (" + emulator.endpoint() + ") failed: cannot assume role "
                    + ROLE + " at STS " + emulator.endpoint() + ": AccessDenied: User: arn:aws:iam::111111111111:user"
                    + "/emulated is not authorized to perform: sts:AssumeRole on resource: " + ROLE, call.getMessage());
            assertDocumented("a role the trust policy refuses (here: a wrong external id)", call.getMessage());
        }
        assertEquals(List.of(), emulator.callLog().calls("DescribeImages"));
    }

    /** The SDK never closes a provider it was given: the EC2 client's close() closes the role's STS client too. */
    @Test
    public void closingTheEc2ClientClosesTheRolesStsClient() {
        RoleCredentials role = new RoleCredentials(new AwsRole(ROLE, "closed", null, 0).withStsEndpoint(
                emulator.endpoint()), StaticCredentialsProvider.create(AwsBasicCredentials.create(SOURCE_KEY, "s")),
                REGION, Ec2Clients.Limits.DEFAULT, Ec2Clients.Transport.APACHE,
                ClientOverrideConfiguration.builder().build());
        assertTrue(role.provider().resolveCredentials().accessKeyId().startsWith("ASIA"));
        Ec2Client closing = role.closingWith(Ec2Client.builder().region(Region.US_EAST_1)
                .endpointOverride(emulator.endpoint()).credentialsProvider(role.provider()).build());
        assertEquals(1, closing.describeImages(r -> r.owners("amazon")).images().size());
        closing.close();
        assertThrows(IllegalStateException.class, () -> role.stsClient().getCallerIdentity());
    }

    @Test
    public void rolesAreCheckedAsStsChecksThem() {
        assertEquals("role 'arn:aws:iam::333333333333:user/x' is not an IAM role ARN like"
                + " arn:aws:iam::123456789012:role/ami-baker",
                assertThrows(IllegalArgumentException.class, () -> new AwsRole("arn:aws:iam::333333333333:user/x",
                        "s1", null, 0)).getMessage());
        assertEquals("role session name 'a b' must be 2 to 64 letters, digits or _ + = , . @ -",
                assertThrows(IllegalArgumentException.class, () -> new AwsRole(ROLE, "a b", null, 0)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AwsRole(ROLE, "ok", null, 600))
                .getMessage().startsWith("role session duration 600 s is outside what STS allows: 900 to 43200"));
        assertEquals(3600, new AwsRole(ROLE, "ok", null, 0).durationSeconds());
        assertEquals(URI.create("http://sts.test"), new AwsRole(ROLE, "ok", "x-1", 0)
                .withStsEndpoint(URI.create("http://sts.test")).stsEndpoint());
    }
}
