package io.jenkins.plugins.bakeami.engine.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;

/**
 * The AWS SDK's default credentials chain (environment, system properties, web identity, profile, container, instance
 * role) of the machine the engine runs on. When the chain finds nothing, the SDK reports it in a 1.5 KB dump of every
 * provider, and as a client error that reads like an unreachable endpoint; this says "no AWS credentials" and where
 * they were looked for, in one short line ({@link NoCredentials}, which {@link Ec2CallException} recognises).
 */
final class DefaultChainCredentials implements AwsCredentialsProvider {
    private final DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();

    @Override
    public AwsCredentials resolveCredentials() {
        try {
            return chain.resolveCredentials();
        } catch (SdkClientException e) {
            NoCredentials none = new NoCredentials(e);
            throw SdkClientException.create(none.getMessage(), none);
        }
    }

    /** The chain found no credentials; the message lists where it looked. */
    static final class NoCredentials extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoCredentials(Throwable cause) {
            super("no AWS credentials: none in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or Java"
                    + " system properties, no web identity token, no profile '" + profile() + "' in "
                    + ProfileFileLocation.credentialsFilePath() + " or " + ProfileFileLocation.configurationFilePath()
                    + ", no container or instance role", cause);
        }

        private static String profile() {
            return ProfileFileSystemSetting.AWS_PROFILE.getStringValue().orElse("default");
        }
    }
}
