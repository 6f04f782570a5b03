package io.jenkins.plugins.bakeami.engine.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * Which EC2 endpoint to talk to: an explicit setting, else {@code AWS_ENDPOINT_URL_EC2}, else
 * {@code AWS_ENDPOINT_URL} (the AWS SDKs' own convention), else none (the region's public endpoint).
 * The environment is passed in rather than read from the JVM, because in Jenkins it is the step's
 * environment ({@code withEnv}) that counts, not the agent process'.
 */
public final class EndpointResolver {
    public static final String EC2_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_EC2";
    public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL";
    public static final String STS_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_STS";

    private EndpointResolver() {}

    /** @return the endpoint, or null for the region's public endpoint */
    public static URI resolve(String explicit, Map<String, String> environment) {
        if (explicit != null && !explicit.isBlank()) {
            return parse(explicit, "endpoint");
        }
        for (String variable : new String[] {EC2_ENDPOINT_VARIABLE, ENDPOINT_VARIABLE}) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return parse(value, variable);
            }
        }
        return null;
    }

    /**
     * The STS endpoint a role is assumed at: {@code AWS_ENDPOINT_URL_STS}, else {@code AWS_ENDPOINT_URL}, else null
     * (the SDK's regional endpoint, {@code sts.REGION.amazonaws.com}). Packer 1.6.6 reads neither variable
     * (docs/credentials.md).
     */
    public static URI resolveSts(Map<String, String> environment) {
        for (String variable : new String[] {STS_ENDPOINT_VARIABLE, ENDPOINT_VARIABLE}) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return parse("STS", value, variable);
            }
        }
        return null;
    }

    /** Parses an endpoint URL; the message names where it came from, so a typo is easy to find. */
    public static URI parse(String value, String source) {
        return parse("EC2", value, source);
    }

    private static URI parse(String service, String value, String source) {
        String trimmed = value.trim();
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException(service + " endpoint from " + source + " is not an http(s) URL with a"
                        + " host: '" + trimmed + "' (example: https://" + service.toLowerCase(Locale.ROOT)
                        + ".us-east-1.amazonaws.com)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(service + " endpoint from " + source + " is not a valid URL: '" + trimmed
                    + "' (" + e.getReason() + ")", e);
        }
    }
}
