package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Real AWS SDK v2 EC2 clients pointed at an emulator, as the tests use them. */
final class EmulatorClients {
    static final String SECRET = "test-secret-not-real";

    private EmulatorClients() {}

    /** A client with the SDK's standard retries. */
    static Ec2Client client(Ec2Emulator emulator, String accessKeyId, String region) {
        return builder(emulator, accessKeyId, region)
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build())
                .build();
    }

    /** A client that makes every call once, so injected errors surface. */
    static Ec2Client noRetries(Ec2Emulator emulator, String accessKeyId, String region) {
        return builder(emulator, accessKeyId, region)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(b -> b.maxAttempts(1))
                        .build())
                .build();
    }

    /** SDK waiters that poll every 50 ms instead of every 15 s. */
    static software.amazon.awssdk.services.ec2.waiters.Ec2Waiter waiter(Ec2Client client) {
        return software.amazon.awssdk.services.ec2.waiters.Ec2Waiter.builder().client(client)
                .overrideConfiguration(o -> o.maxAttempts(200).backoffStrategyV2(
                        software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(Duration.ofMillis(50))))
                .build();
    }

    private static software.amazon.awssdk.services.ec2.Ec2ClientBuilder builder(Ec2Emulator emulator, String accessKeyId, String region) {
        return Ec2Client.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, SECRET)))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(10)));
    }
}
