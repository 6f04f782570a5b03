package io.jenkins.plugins.bakeami.engine.aws;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Builds the SDK's EC2 client the engine uses: explicit region, endpoint and credentials (never the JVM's
 * global settings; with a role, {@link RoleCredentials}), the SDK's standard retry strategy with backoff (throttling
 * backs off longer), and bounded timeouts so an unreachable endpoint fails in seconds, not minutes.
 */
public final class Ec2Clients {

    /** Retry and time limits; {@link #DEFAULT} for real use, tests may shorten them. */
    public record Limits(int maxAttempts, Duration baseDelay, Duration throttlingBaseDelay, Duration maxDelay,
            Duration connectTimeout, Duration attemptTimeout, Duration callTimeout) {
        public static final Limits DEFAULT = new Limits(8, Duration.ofMillis(200), Duration.ofMillis(500),
                Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2));
    }

    /**
     * The SDK HTTP client the EC2 client sends its calls with. {@link #APACHE} in Jenkins: the aws-java-sdk2-core
     * plugin bundles {@code apache-client} and not {@code url-connection-client}, so the plugin must never select
     * {@link #URL_CONNECTION}. The command line bundles both and uses {@link #URL_CONNECTION}: the JDK's own HTTP
     * stack loads some 400 fewer classes, about 50 ms of a fresh JVM's no-op bake (docs/performance.md).
     */
    public enum Transport {
        APACHE, URL_CONNECTION;

        SdkHttpClient.Builder<?> builder(Limits limits) {
            if (this == URL_CONNECTION) {
                return UrlConnectionHttpClient.builder()
                        .connectionTimeout(limits.connectTimeout())
                        .socketTimeout(limits.attemptTimeout());
            }
            return ApacheHttpClient.builder()
                    .connectionTimeout(limits.connectTimeout())
                    .socketTimeout(limits.attemptTimeout());
        }
    }

    private Ec2Clients() {}

    public static Ec2Client open(Ec2Target target) {
        return open(target, Limits.DEFAULT);
    }

    public static Ec2Client open(Ec2Target target, Limits limits) {
        return open(target, limits, Transport.APACHE);
    }

    public static Ec2Client open(Ec2Target target, Limits limits, Transport transport) {
        var retry = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(limits.maxAttempts())
                .backoffStrategy(BackoffStrategy.exponentialDelay(limits.baseDelay(), limits.maxDelay()))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(limits.throttlingBaseDelay(), limits.maxDelay()))
                .build();
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(retry)
                .apiCallAttemptTimeout(limits.attemptTimeout())
                .apiCallTimeout(limits.callTimeout())
                .build();
        RoleCredentials role = target.role() == null ? null
                : new RoleCredentials(target.role(), credentials(target.keys()), target.region(), limits, transport,
                        overrides);
        var builder = Ec2Client.builder()
                .region(Region.of(target.region()))
                .credentialsProvider(role == null ? credentials(target.keys()) : role.provider())
                .httpClientBuilder(transport.builder(limits))
                .overrideConfiguration(overrides);
        if (target.endpoint() != null) {
            builder.endpointOverride(target.endpoint());
        }
        return role == null ? builder.build() : role.closingWith(builder.build());
    }

    static AwsCredentialsProvider credentials(AwsKeys keys) {
        if (keys == null) {
            return new DefaultChainCredentials();
        }
        if (keys.sessionToken() != null) {
            return StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken()));
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()));
    }
}
