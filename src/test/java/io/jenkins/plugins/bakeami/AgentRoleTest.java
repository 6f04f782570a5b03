package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.AbortException;
import hudson.util.FormValidation;
import io.jenkins.plugins.bakeami.engine.aws.AwsRole;
import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * Roles on the agent, on the controller's side: an aws-credentials entry with an IAM role gives its base keys and the
 * role (resolving it here would assume it here: the stand-in's resolveCredentials throws, so this test would fail if
 * it were called), an entry that needs MFA is refused, the step's role options, and a role named twice.
 */
public class AgentRoleTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/ami-baker";
    private static final String KEY = "AKIAENTRYENTRYENTRY1";
    private static final String SECRET = "entry-secret-wJalrXUtnFEMI";

    private static AWSCredentialsImpl entry(String key, String secret, String role, String mfa, String externalId) {
        return new AWSCredentialsImpl(CredentialsScope.GLOBAL, "aws-role", key, secret, "test", role, mfa, externalId);
    }

    @Test
    public void anEntryWithARoleGivesItsBaseKeysAndTheRoleNeverASession() throws Exception {
        AWSCredentialsImpl aws = entry(KEY, SECRET, ROLE, "", "tenant-42");
        aws.setStsTokenDuration(7200);
        CredentialsEntry read = AwsCredentialsLookup.read(aws, "aws-role", "bakeAmi");
        assertEquals(AwsBasicCredentials.create(KEY, SECRET), read.keys());
        assertEquals(ROLE, read.roleArn());
        assertEquals("tenant-42", read.externalId());
        assertEquals(7200, read.durationSeconds());
    }

    @Test
    public void anEntryWithARoleAndNoKeysIsTheInstanceProfileCase() throws Exception {
        CredentialsEntry read = AwsCredentialsLookup.read(entry("", "", ROLE, null, null), "aws-role", "bakeAmi");
        assertNull(read.keys());
        assertEquals(ROLE, read.roleArn());
        assertNull(read.externalId());
        assertEquals(3600, read.durationSeconds());
        AgentAwsCredentials access = AgentAwsCredentialsResolver.withRole(
                AgentAwsCredentialsResolver.resolve("aws-role", read.keys(), Map.of()), "aws-role", read,
                new BakeAmiStep("ami/packer.json"), () -> "bakeAmi-job-1");
        assertTrue(access.usesDefaultChain());
        assertEquals(ROLE, access.getRole().arn());
    }

    @Test
    public void anEntryThatNeedsAnMfaCodeIsRefused() {
        AbortException refused = assertThrows(AbortException.class, () -> AwsCredentialsLookup.read(
                entry(KEY, SECRET, ROLE, "arn:aws:iam::123456789012:mfa/me", null), "aws-mfa", "bakeAmi"));
        assertEquals(Messages.Credentials_MfaNotSupported("bakeAmi", "aws-mfa"), refused.getMessage());
    }

    @Test
    public void anEntryWithHalfItsKeysIsRefused() {
        AbortException refused = assertThrows(AbortException.class, () -> AwsCredentialsLookup.read(
                entry(KEY, "", ROLE, null, null), "aws-half", "bakeAmi"));
        assertEquals("bakeAmi: could not get keys from AWS credentials 'aws-half': it has an access key id or a secret"
                + " access key, not both", refused.getMessage());
    }

    @Test
    public void theEntrysRoleTakesTheStepsSessionOptionsWhenSet() throws Exception {
        CredentialsEntry read = AwsCredentialsLookup.read(entry(KEY, SECRET, ROLE, null, "tenant-42"), "aws-role",
                "bakeAmi");
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        AgentAwsCredentials base = AgentAwsCredentialsResolver.resolve("aws-role", read.keys(), Map.of());
        AwsRole defaults = AgentAwsCredentialsResolver.withRole(base, "aws-role", read, step, () -> "bakeAmi-job-1").getRole();
        assertEquals("bakeAmi-job-1", defaults.sessionName());
        assertEquals("tenant-42", defaults.externalId());
        assertEquals(3600, defaults.durationSeconds());

        step.setRoleSessionName("nightly");
        step.setExternalId("tenant-43");
        step.setSessionDuration(5400);
        AgentAwsCredentials access = AgentAwsCredentialsResolver.withRole(base, "aws-role", read, step, () -> "unused");
        assertEquals(new AwsRole(ROLE, "nightly", "tenant-43", 5400), access.getRole());
        assertEquals(KEY, access.getAccessKeyId());
        assertEquals("AWS credentials from Jenkins credentials 'aws-role', role " + ROLE + " (session nightly, 5400 s,"
                + " with an external id) assumed on the agent", access.toString());
        assertFalse(access.toString().contains("tenant-43"));
    }

    @Test
    public void theStepsRoleIsAssumedWithTheBoundKeys() {
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        step.setRole(ROLE);
        AgentAwsCredentials access = AgentAwsCredentialsResolver.withRole(AgentAwsCredentialsResolver.resolve(null,
                null, Map.of("AWS_ACCESS_KEY_ID", KEY, "AWS_SECRET_ACCESS_KEY", SECRET)), null, null, step,
                () -> BakeAmiRunner.roleSessionName("folder/job#42"));
        assertEquals("bakeAmi-folder-job-42", access.getRole().sessionName());
        BakeRequest request = BakeAmiCallable.engineRequest(BakeAmiParameters.from(step, Map.of("AWS_REGION",
                "us-east-1"), access), Path.of("/ws")).build();
        assertEquals(ROLE, request.role().arn());
        assertEquals(KEY, request.keys().accessKeyId());
    }

    @Test
    public void aRoleNamedByTheEntryAndByTheStepIsRefused() throws Exception {
        CredentialsEntry read = AwsCredentialsLookup.read(entry(KEY, SECRET, ROLE, null, null), "aws-role", "bakeAmi");
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        step.setRole("arn:aws:iam::123456789012:role/other");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> AgentAwsCredentialsResolver.withRole(AgentAwsCredentialsResolver.resolve("aws-role",
                        read.keys(), Map.of()), "aws-role", read, step, () -> "s1"));
        assertEquals(Messages.Credentials_RoleTwice("aws-role", ROLE, "arn:aws:iam::123456789012:role/other"),
                refused.getMessage());
    }

    @Test
    public void longRoleSessionNamesAreCutToWhatStsTakes() {
        String name = BakeAmiRunner.roleSessionName("a very long folder name/with a job whose name goes on and on#1234");
        assertEquals(64, name.length());
        assertNull(AwsRole.sessionNameProblem(name));
    }

    @Test
    public void theFormsCheckRolesAsStsDoes() {
        assertEquals(FormValidation.Kind.OK, BakeAmiForms.checkRole(ROLE).kind);
        assertEquals(FormValidation.Kind.OK, BakeAmiForms.checkRole("").kind);
        assertEquals(FormValidation.Kind.ERROR, BakeAmiForms.checkRole("ami-baker").kind);
        assertEquals(FormValidation.Kind.ERROR, BakeAmiForms.checkRoleSessionName("has space").kind);
        assertEquals(FormValidation.Kind.ERROR, BakeAmiForms.checkExternalId("x").kind);
        assertEquals(FormValidation.Kind.OK, BakeAmiForms.checkSessionDuration("0").kind);
        assertEquals(FormValidation.Kind.ERROR, BakeAmiForms.checkSessionDuration("600").kind);
        assertEquals(FormValidation.Kind.ERROR, BakeAmiForms.checkSessionDuration("1h").kind);
    }
}
