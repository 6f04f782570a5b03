package io.jenkins.plugins.bakeami.engine.packer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.AwsRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Packer's private AWS profile for a role: what the files say, their modes, and what Packer's environment gets
 * (no key anywhere in it).
 */
public class PackerAwsProfileTest {
    private static final AwsRole ROLE = new AwsRole("arn:aws:iam::123456789012:role/ami-baker", "bakeAmi-job-7",
            "tenant-42", 1800);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void theRoleAndItsSourceKeysGoIntoPrivateFilesAndTheEnvironmentOnlyNamesThem() throws Exception {
        Path directory = tmp.getRoot().toPath().resolve("control/aws");
        Map<String, String> environment = PackerAwsProfile.write(directory, ROLE,
                new AwsKeys("AKIASOURCE0000000001", "source/secret+key", "source-session-token"), "eu-west-1",
                Map.of());
        assertEquals(Map.of("AWS_PROFILE", "bakeami", "AWS_CONFIG_FILE", directory.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", directory.resolve("credentials").toString(), "AWS_SDK_LOAD_CONFIG", "1"),
                environment);
        assertEquals("""
                # Written by bakeAmi for one bake; removed when it ends.
                [profile bakeami]
                role_arn = arn:aws:iam::123456789012:role/ami-baker
                role_session_name = bakeAmi-job-7
                duration_seconds = 1800
                external_id = tenant-42
                source_profile = bakeami-source
                region = eu-west-1
                sts_regional_endpoints = regional
                """, Files.readString(directory.resolve("config"), StandardCharsets.UTF_8));
        assertEquals("""
                # Written by bakeAmi for one bake; removed when it ends.
                [bakeami-source]
                aws_access_key_id = AKIASOURCE0000000001
                aws_secret_access_key = source/secret+key
                aws_session_token = source-session-token
                """, Files.readString(directory.resolve("credentials"), StandardCharsets.UTF_8));
        assertEquals("rw-------", mode(directory.resolve("config")));
        assertEquals("rw-------", mode(directory.resolve("credentials")));
        assertEquals("rwx------", mode(directory));
        assertFalse(environment.toString().contains("source/secret+key"));
    }

    @Test
    public void withoutKeysTheSourceIsTheMachinesOwnRole() throws Exception {
        Path directory = tmp.getRoot().toPath().resolve("aws");
        PackerAwsProfile.write(directory, ROLE, null, "us-east-1", Map.of());
        assertTrue(Files.readString(directory.resolve("config")).contains("\ncredential_source = Ec2InstanceMetadata\n"));
        assertEquals("# Written by bakeAmi for one bake; removed when it ends.\n",
                Files.readString(directory.resolve("credentials")));
        PackerAwsProfile.write(directory, ROLE, null, "us-east-1",
                Map.of("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x"));
        assertTrue(Files.readString(directory.resolve("config")).contains("\ncredential_source = EcsContainer\n"));
    }

    @Test
    public void aNamedProfileCannotBeTheSourceOfARole() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> PackerAwsProfile.requireUsableSource(ROLE, null, Map.of("AWS_PROFILE", "ci")));
        assertEquals("role arn:aws:iam::123456789012:role/ami-baker over the AWS profile 'ci' of the environment:"
                + " name the role in that profile instead (role_arn and source_profile in its AWS config file) and"
                + " leave the role option empty; the AWS SDK and Packer then both assume it from there",
                refused.getMessage());
        // with keys, or without a role, a profile in the environment is simply not used
        PackerAwsProfile.requireUsableSource(ROLE, new AwsKeys("AKIA1", "s", null), Map.of("AWS_PROFILE", "ci"));
        PackerAwsProfile.requireUsableSource(null, null, Map.of("AWS_PROFILE", "ci"));
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
