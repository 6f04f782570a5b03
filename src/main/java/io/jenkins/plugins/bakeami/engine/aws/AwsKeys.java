package io.jenkins.plugins.bakeami.engine.aws;

import java.io.Serializable;
import java.util.Objects;

/**
 * AWS access keys resolved for one bake: plain values, so they can travel to a Jenkins agent and into the
 * Packer process' environment. {@link #toString()} never shows the secret or the session token.
 */
public final class AwsKeys implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;

    public AwsKeys(String accessKeyId, String secretAccessKey, String sessionToken) {
        if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("AWS credentials need both an access key id and a secret access key");
        }
        this.accessKeyId = accessKeyId.trim();
        this.secretAccessKey = secretAccessKey.trim();
        this.sessionToken = sessionToken == null || sessionToken.isBlank() ? null : sessionToken.trim();
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    /** Null for long-term keys. */
    public String sessionToken() {
        return sessionToken;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AwsKeys k
                && accessKeyId.equals(k.accessKeyId)
                && secretAccessKey.equals(k.secretAccessKey)
                && Objects.equals(sessionToken, k.sessionToken);
    }

    @Override
    public int hashCode() {
        return accessKeyId.hashCode();
    }

    @Override
    public String toString() {
        return "AwsKeys[accessKeyId=" + accessKeyId + ", secretAccessKey=****"
                + (sessionToken == null ? "" : ", sessionToken=****") + "]";
    }
}
