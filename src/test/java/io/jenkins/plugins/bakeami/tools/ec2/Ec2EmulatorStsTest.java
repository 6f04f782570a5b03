package io.jenkins.plugins.bakeami.tools.ec2;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.testsupport.AdjustableClock;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The emulator's STS, through the real SDK v2 clients (2.33.4) and the real packer (1.6.6, through
 * {@link StsTlsFront}): sessions of the role's account, GetCallerIdentity, an external id the trust policy asks for,
 * and EC2 calls with an expired session token refused with {@code ExpiredToken}.
 */
public class Ec2EmulatorStsTest {
    private static final String KEY = "AKIASTSSOURCE0000001";
    private static final String SOURCE_ACCOUNT = "111111111111";
    private static final String ROLE = "arn:aws:iam::222222222222:role/ami-baker";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final AdjustableClock clock = new AdjustableClock();
    private Ec2Emulator emulator;
    private StsClient sts;

    @Before
    public void start() {
        emulator = Ec2Emulator.builder().clock(clock).delays(Delays.uniform(Duration.ofMillis(200))).start();
        emulator.accounts().map(KEY, SOURCE_ACCOUNT);
        sts = StsClient.builder().region(Region.US_EAST_1).endpointOverride(emulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, "source-secret")))
                .build();
    }

    @After
    public void stop() {
        sts.close();
        emulator.close();
    }

    @Test
    public void assumeRoleGivesASessionOfTheRolesAccount() {
        AssumeRoleResponse assumed = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("bake-1").durationSeconds(900));
        Credentials session = assumed.credentials();
        assertTrue(session.accessKeyId(), session.accessKeyId().startsWith("ASIA"));
        assertEquals("arn:aws:sts::222222222222:assumed-role/ami-baker/bake-1", assumed.assumedRoleUser().arn());
        Sts.Session issued = emulator.sts().sessions().get(0);
        assertEquals(session.expiration(), issued.expiresAt());
        assertEquals(Duration.ofSeconds(900), Duration.between(issued.issuedAt(), issued.expiresAt()));
        assertEquals(KEY, issued.sourceAccessKeyId());
        assertEquals("222222222222", emulator.accountFor(session.accessKeyId()));

        try (StsClient asRole = sessionSts(session)) {
            GetCallerIdentityResponse who = asRole.getCallerIdentity();
            assertEquals("222222222222", who.account());
            assertEquals("arn:aws:sts::222222222222:assumed-role/ami-baker/bake-1", who.arn());
        }
        assertEquals(SOURCE_ACCOUNT, sts.getCallerIdentity().account());
        assertEquals(List.of("AssumeRole", "GetCallerIdentity", "GetCallerIdentity"), emulator.callLog().actions());
    }

    @Test
    public void aSessionLengthSetByTheTestWinsOverTheOneAsked() {
        emulator.sts().sessionLength(Duration.ofSeconds(30));
        sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("short").durationSeconds(3600));
        Sts.Session issued = emulator.sts().sessions().get(0);
        assertEquals(Duration.ofSeconds(30), Duration.between(issued.issuedAt(), issued.expiresAt()));
    }

    @Test
    public void ec2CallsWithAnExpiredSessionTokenAreRefusedWithExpiredToken() {
        emulator.sts().sessionLength(Duration.ofSeconds(60));
        Credentials session = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("bake-2")).credentials();
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.US_EAST_1).endpointOverride(emulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))
                .build()) {
            assertEquals(1, ec2.describeImages(r -> r.owners("amazon")).images().size());
            clock.advance(Duration.ofSeconds(61));
            Ec2Exception expired = assertThrows(Ec2Exception.class, () -> ec2.describeImages(r -> r.owners("self")));
            assertEquals("ExpiredToken", expired.awsErrorDetails().errorCode());
            assertEquals("The security token included in the request is expired",
                    expired.awsErrorDetails().errorMessage());
            assertEquals(400, expired.statusCode());
        }
        try (StsClient asRole = sessionSts(session)) {
            StsException expired = assertThrows(StsException.class, asRole::getCallerIdentity);
            assertEquals("ExpiredToken", expired.awsErrorDetails().errorCode());
        }
        // a new session is good again, and a long-term key never expires
        Credentials fresh = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("bake-2")).credentials();
        assertNotEquals(session.accessKeyId(), fresh.accessKeyId());
        assertEquals(SOURCE_ACCOUNT, sts.getCallerIdentity().account());
    }

    @Test
    public void aRoleThatAsksForAnExternalIdRefusesACallerWithoutIt() {
        emulator.sts().requireExternalId(ROLE, "tenant-42");
        StsException denied = assertThrows(StsException.class,
                () -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("no-id")));
        assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
        assertEquals(403, denied.statusCode());
        assertTrue(denied.getMessage(), denied.getMessage().contains("is not authorized to perform: sts:AssumeRole on"
                + " resource: " + ROLE));
        assertThrows(StsException.class,
                () -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("wrong-id").externalId("tenant-41")));
        sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("right-id").externalId("tenant-42"));
        assertEquals(List.of("right-id"), emulator.sts().sessions().stream().map(Sts.Session::sessionName).toList());
    }

    @Test
    public void badAssumeRoleParametersAreValidationErrors() {
        StsException tooShort = assertThrows(StsException.class,
                () -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("s").durationSeconds(600)));
        assertEquals("ValidationError", tooShort.awsErrorDetails().errorCode());
        StsException notARole = assertThrows(StsException.class,
                () -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::222222222222:user/x").roleSessionName("ok")));
        assertEquals("ValidationError", notARole.awsErrorDetails().errorCode());
        assertTrue(emulator.sts().sessions().isEmpty());
        assertNull(emulator.sts().sessionOf(KEY));
    }

    /** Packer 1.6.6 assumes a profile's role at sts.amazonaws.com: through the TLS front it reaches the emulator. */
    @Test
    public void packerAssumesAProfilesRoleThroughTheTlsFront() throws Exception {
        RequiredTools.requirePacker();
        Path dir = tmp.newFolder("packer").toPath();
        Path config = write(dir.resolve("config"), """
                [profile baker]
                role_arn = %s
                source_profile = source
                role_session_name = packer-through-front
                """.formatted(ROLE));
        Path credentials = write(dir.resolve("credentials"), """
                [source]
                aws_access_key_id = %s
                aws_secret_access_key = source-secret
                """.formatted(KEY));
        Path template = write(dir.resolve("template.json"), """
                {"builders": [{"type": "amazon-ebs", "region": "us-east-1", "source_ami": "%s",
                  "instance_type": "t3.micro", "ami_name": "front-{{timestamp}}", "communicator": "none",
                  "custom_endpoint_ec2": "%s", "skip_credential_validation": true,
                  "skip_region_validation": true, "skip_metadata_api_check": true}]}
                """.formatted(Ec2Emulator.BASE_IMAGE_ID, emulator.endpoint()));
        try (StsTlsFront front = StsTlsFront.start(emulator, tmp.newFolder("front").toPath())) {
            ProcessBuilder packer = new ProcessBuilder("packer", "build", template.toString()).redirectErrorStream(true)
                    .directory(dir.toFile());
            Map<String, String> env = packer.environment();
            env.clear();
            env.putAll(PackerTestEnvironment.forPacker(dir));
            env.putAll(front.packerEnvironment());
            env.putAll(Map.of("AWS_PROFILE", "baker", "AWS_CONFIG_FILE", config.toString(),
                    "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(), "AWS_SDK_LOAD_CONFIG", "1",
                    "CHECKPOINT_DISABLE", "1"));
            Process process = packer.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue("packer did not end within 3 minutes", process.waitFor(3, TimeUnit.MINUTES));
            assertEquals(output, 0, process.exitValue());
            assertEquals(List.of("sts.amazonaws.com:443"), front.tunnels().subList(0, 1));
        }
        Sts.Session session = emulator.sts().sessions().get(0);
        assertEquals("packer-through-front", session.sessionName());
        assertEquals(KEY, session.sourceAccessKeyId());
        // every EC2 call of Packer's was made as the role: its image belongs to the role's account
        assertTrue(emulator.callLog().calls("RunInstances").stream()
                .allMatch(c -> c.accessKeyId().equals(session.accessKeyId()) && c.account().equals("222222222222")));
        assertEquals(1, emulator.images("us-east-1").stream().filter(i -> i.ownerId().equals("222222222222")).count());
        assertTrue(emulator.leakReport().toString(), emulator.leakReport().isEmpty());
    }

    private StsClient sessionSts(Credentials session) {
        return StsClient.builder().region(Region.US_EAST_1).endpointOverride(emulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))
                .build();
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
