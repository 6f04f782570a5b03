package io.jenkins.plugins.bakeami.engine.packer;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.AwsRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A role for Packer that Packer's own SDK assumes, and assumes again when its session ends: a private AWS config and
 * credentials file holding one profile with {@code role_arn} and its source (the bake's keys as a
 * {@code source_profile}, or, without keys, the machine's instance or container role as {@code credential_source}),
 * selected through {@code AWS_PROFILE}, {@code AWS_CONFIG_FILE}, {@code AWS_SHARED_CREDENTIALS_FILE} and
 * {@code AWS_SDK_LOAD_CONFIG=1}. The source keys are then in no process environment, only in the credentials file:
 * mode 0600 in a directory of mode 0700 beside Packer's control files (never in a definition directory), removed with
 * them when the bake ends. Packer 1.6.6 (aws-sdk-go 1.44) asks the public STS endpoint for the role: global, or the
 * region's with {@code sts_regional_endpoints = regional}, which the profile sets (docs/credentials.md).
 */
public final class PackerAwsProfile {
    static final String PROFILE = "bakeami";
    static final String SOURCE_PROFILE = "bakeami-source";
    static final String CONFIG = "config";
    static final String CREDENTIALS = "credentials";
    /** What in an environment would make Packer's SDK take other credentials than the profile's. */
    public static final List<String> OTHER_CREDENTIALS = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE",
            "AWS_SHARED_CREDENTIALS_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_WEB_IDENTITY_TOKEN_FILE");

    private PackerAwsProfile() {
    }

    /**
     * Without keys the source is the machine's own role; a named profile cannot be the source (Packer would need the
     * machine's own config file, which this profile replaces).
     *
     * @throws IllegalArgumentException for a role over the default chain of a named profile
     */
    public static void requireUsableSource(AwsRole role, AwsKeys keys, Map<String, String> environment) {
        String profile = environment.get("AWS_PROFILE");
        if (role != null && keys == null && profile != null && !profile.isBlank()) {
            throw new IllegalArgumentException("role " + role.arn() + " over the AWS profile '" + profile.strip()
                    + "' of the environment: name the role in that profile instead (role_arn and source_profile in"
                    + " its AWS config file) and leave the role option empty; the AWS SDK and Packer then both"
                    + " assume it from there");
        }
    }

    /**
     * Writes the files into {@code directory} (replacing earlier ones) and returns what Packer's environment gets.
     * Remove the credential variables of {@link #OTHER_CREDENTIALS} from it first.
     */
    public static Map<String, String> write(Path directory, AwsRole role, AwsKeys keys, String region,
            Map<String, String> environment) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        StringBuilder config = new StringBuilder("# Written by bakeAmi for one bake; removed when it ends.\n")
                .append("[profile ").append(PROFILE).append("]\n");
        line(config, "role_arn", role.arn());
        line(config, "role_session_name", role.sessionName());
        line(config, "duration_seconds", Integer.toString(role.durationSeconds()));
        if (role.externalId() != null) {
            line(config, "external_id", role.externalId());
        }
        if (keys != null) {
            line(config, "source_profile", SOURCE_PROFILE);
        } else {
            boolean container = environment.containsKey("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
                    || environment.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI");
            line(config, "credential_source", container ? "EcsContainer" : "Ec2InstanceMetadata");
        }
        line(config, "region", region);
        line(config, "sts_regional_endpoints", "regional");
        StringBuilder credentials = new StringBuilder("# Written by bakeAmi for one bake; removed when it ends.\n");
        if (keys != null) {
            credentials.append('[').append(SOURCE_PROFILE).append("]\n");
            line(credentials, "aws_access_key_id", keys.accessKeyId());
            line(credentials, "aws_secret_access_key", keys.secretAccessKey());
            if (keys.sessionToken() != null) {
                line(credentials, "aws_session_token", keys.sessionToken());
            }
        }
        Path configFile = writePrivate(directory.resolve(CONFIG), config);
        Path credentialsFile = writePrivate(directory.resolve(CREDENTIALS), credentials);
        Map<String, String> packerEnvironment = new LinkedHashMap<>();
        packerEnvironment.put("AWS_PROFILE", PROFILE);
        packerEnvironment.put("AWS_CONFIG_FILE", configFile.toString());
        packerEnvironment.put("AWS_SHARED_CREDENTIALS_FILE", credentialsFile.toString());
        packerEnvironment.put("AWS_SDK_LOAD_CONFIG", "1");
        return packerEnvironment;
    }

    private static void line(StringBuilder file, String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("the AWS " + key + " holds a line break");
        }
        file.append(key).append(" = ").append(value).append('\n');
    }

    /** Created with mode 0600 from the start: the secret is never readable by others, not even for a moment. */
    private static Path writePrivate(Path file, CharSequence text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
