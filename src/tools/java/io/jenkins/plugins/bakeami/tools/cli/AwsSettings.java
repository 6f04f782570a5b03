package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.EndpointResolver;
import io.jenkins.plugins.bakeami.engine.aws.RegionNames;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where and as whom the CLI calls EC2, from its options and the environment, the way the AWS CLI and SDKs read
 * them. Each error names the option or variable the bad value came from.
 */
final class AwsSettings {
    static final String REGION_VARIABLE = "AWS_REGION";
    static final String DEFAULT_REGION_VARIABLE = "AWS_DEFAULT_REGION";
    static final String ACCESS_KEY_VARIABLE = "AWS_ACCESS_KEY_ID";
    static final String SECRET_KEY_VARIABLE = "AWS_SECRET_ACCESS_KEY";
    static final String SESSION_TOKEN_VARIABLE = "AWS_SESSION_TOKEN";
    static final int DEFAULT_MAX_ATTEMPTS = Ec2Clients.Limits.DEFAULT.maxAttempts();

    private AwsSettings() {}

    /** {@code --region}, else {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION} (the seed's). */
    static String region(String option, Map<String, String> environment) {
        if (option != null) {
            return RegionNames.requireValid(option, "--region", environment);
        }
        for (String variable : List.of(REGION_VARIABLE, DEFAULT_REGION_VARIABLE)) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return RegionNames.requireValid(value, variable, environment);
            }
        }
        throw new IllegalArgumentException("no AWS region: give --region or set " + REGION_VARIABLE + " or "
                + DEFAULT_REGION_VARIABLE);
    }

    /** {@code --endpoint}, else {@code AWS_ENDPOINT_URL_EC2}, else {@code AWS_ENDPOINT_URL}; null: the public one. */
    static URI endpoint(String option, Map<String, String> environment) {
        if (option != null) {
            return EndpointResolver.parse(option, "--endpoint");
        }
        return EndpointResolver.resolve(null, environment);
    }

    /**
     * Keys from {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}) when both
     * are set; otherwise null, which means the SDK's default chain (profiles, SSO, instance or container roles).
     */
    static AwsKeys keys(Map<String, String> environment) {
        String id = environment.get(ACCESS_KEY_VARIABLE);
        String secret = environment.get(SECRET_KEY_VARIABLE);
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            return null;
        }
        return new AwsKeys(id, secret, environment.get(SESSION_TOKEN_VARIABLE));
    }

    /** The command line's HTTP client: the JDK's, which starts faster than Apache's (both are in the CLI jar). */
    static final Ec2Clients.Transport TRANSPORT = Ec2Clients.Transport.URL_CONNECTION;

    /** The engine's limits with another number of attempts per EC2 call. */
    static Ec2Clients.Limits limits(int maxAttempts) {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("--max-attempts must be between 1 and 100, got " + maxAttempts);
        }
        Ec2Clients.Limits d = Ec2Clients.Limits.DEFAULT;
        return new Ec2Clients.Limits(maxAttempts, d.baseDelay(), d.throttlingBaseDelay(), d.maxDelay(),
                d.connectTimeout(), d.attemptTimeout(), d.callTimeout());
    }

    /** Account ids or aliases ({@code self}, {@code amazon}); blank entries are an error, not "anyone". */
    static List<String> owners(List<String> given) {
        List<String> owners = new ArrayList<>();
        for (String owner : given) {
            String trimmed = owner.strip();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("--owners has an empty entry: give account ids or self, e.g."
                        + " --owners self,123456789012");
            }
            owners.add(trimmed);
        }
        if (owners.isEmpty()) {
            throw new IllegalArgumentException("--owners names no owner: give account ids or self");
        }
        return owners;
    }
}
