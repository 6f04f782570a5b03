package io.jenkins.plugins.bakeami;

import io.jenkins.plugins.bakeami.engine.aws.AwsRole;
import java.io.Serializable;

/**
 * The AWS access a bake gets on the agent: either plain key values resolved on the controller (from a Jenkins
 * credentials entry or from the AWS variables bound around the step), or "use the agent's own default provider
 * chain"; and, optionally, an IAM role that the agent assumes with them, and assumes again while the bake runs
 * (never a session from the controller). Plain values only, so it crosses the remoting channel without any Jenkins
 * object.
 *
 * <p>{@link #toString()} names only where the access comes from; the secret key and the session token never appear
 * in it, and nothing here logs them. Callers must not print the getters' values either.
 */
public final class AgentAwsCredentials implements Serializable {
    private final String source;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final String profile;
    private final AwsRole role;

    private AgentAwsCredentials(String source, String accessKeyId, String secretAccessKey, String sessionToken,
            String profile, AwsRole role) {
        this.source = source;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.profile = profile;
        this.role = role;
    }

    /** Key values; {@code sessionToken} may be null (long-lived keys). */
    public static AgentAwsCredentials keys(String source, String accessKeyId, String secretAccessKey, String sessionToken) {
        if (InputRules.isBlank(accessKeyId) || InputRules.isBlank(secretAccessKey)) {
            throw new IllegalArgumentException("AWS credentials from " + source + " have no access key id or no secret key");
        }
        return new AgentAwsCredentials(source, accessKeyId, secretAccessKey, InputRules.trimToNull(sessionToken), null,
                null);
    }

    /** The agent's default provider chain, optionally with a named profile (AWS_PROFILE of the step). */
    public static AgentAwsCredentials defaultChain(String source, String profile) {
        return new AgentAwsCredentials(source, null, null, null, InputRules.trimToNull(profile), null);
    }

    /** The same source, with a role the agent assumes with it. */
    public AgentAwsCredentials withRole(AwsRole assumed) {
        return new AgentAwsCredentials(source, accessKeyId, secretAccessKey, sessionToken, profile, assumed);
    }

    /** The role the agent assumes with these credentials, or null. */
    public AwsRole getRole() {
        return role;
    }

    public boolean usesDefaultChain() {
        return accessKeyId == null;
    }

    /** Where the access comes from, in words fit for the build log. */
    public String getSource() {
        return source;
    }

    public String getAccessKeyId() {
        return accessKeyId;
    }

    public String getSecretAccessKey() {
        return secretAccessKey;
    }

    public String getSessionToken() {
        return sessionToken;
    }

    /** The named profile for the default chain, or null. */
    public String getProfile() {
        return profile;
    }

    /**
     * Who a bake acts as, in words, never a secret: the Jenkins credentials id (its keys may change, the id does
     * not), else the access key id bound in the environment, else the agent's default chain with its profile; then,
     * with a role, its ARN (the agent's sessions of it get new keys every time). The controller's lock and the agent's
     * journal key on it.
     */
    static String identity(AgentAwsCredentials credentials, String credentialsId) {
        String source;
        if (credentialsId != null) {
            source = "credentials " + credentialsId;
        } else if (credentials != null && !credentials.usesDefaultChain()) {
            source = "access key " + credentials.getAccessKeyId();
        } else {
            source = "default chain" + (credentials == null || credentials.getProfile() == null ? ""
                    : " profile " + credentials.getProfile());
        }
        return credentials == null || credentials.role == null ? source : source + " as role " + credentials.role.arn();
    }

    @Override
    public String toString() {
        return "AWS credentials from " + source + (role == null ? "" : ", " + role + " assumed on the agent");
    }

    private static final long serialVersionUID = 1L;
}
