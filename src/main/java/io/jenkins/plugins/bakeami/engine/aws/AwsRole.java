package io.jenkins.plugins.bakeami.engine.aws;

import java.io.Serializable;
import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IAM role that a bake assumes on the machine it runs on, and keeps assuming while it runs: the engine's own EC2
 * calls through the SDK's refreshing {@code StsAssumeRoleCredentialsProvider} ({@link Ec2Clients}), Packer through a
 * profile of its own ({@link io.jenkins.plugins.bakeami.engine.packer.PackerAwsProfile}). The source credentials
 * are the bake's keys, else the machine's default chain. Plain values, no secret: it travels to a Jenkins agent.
 *
 * <p>{@link #problem} and its siblings are the rules AWS STS applies to {@code AssumeRole}'s parameters, so that a
 * mistake fails before the bake with a message naming the option, instead of as an STS error in the middle of it.
 */
public final class AwsRole implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What STS gives a session when nothing is asked: one hour (also aws-credentials' default). */
    public static final int DEFAULT_DURATION_SECONDS = 3600;
    /** STS's limits of {@code DurationSeconds}; a role's own maximum may be lower than 12 h. */
    public static final int MIN_DURATION_SECONDS = 900;
    public static final int MAX_DURATION_SECONDS = 43_200;

    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

    private final String arn;
    private final String sessionName;
    private final String externalId;
    private final int durationSeconds;
    private final URI stsEndpoint;

    /**
     * @param externalId      the trust policy's {@code sts:ExternalId}, or null
     * @param durationSeconds of each session; 0: {@value #DEFAULT_DURATION_SECONDS}
     * @throws IllegalArgumentException naming the bad value
     */
    public AwsRole(String arn, String sessionName, String externalId, int durationSeconds) {
        this(arn, sessionName, externalId, durationSeconds, null);
    }

    private AwsRole(String arn, String sessionName, String externalId, int durationSeconds, URI stsEndpoint) {
        this.arn = arn == null ? null : arn.trim();
        this.sessionName = sessionName == null ? null : sessionName.trim();
        this.externalId = externalId == null || externalId.isBlank() ? null : externalId.trim();
        this.durationSeconds = durationSeconds == 0 ? DEFAULT_DURATION_SECONDS : durationSeconds;
        this.stsEndpoint = stsEndpoint;
        require(problem(this.arn));
        require(sessionNameProblem(this.sessionName));
        require(externalIdProblem(this.externalId));
        require(durationProblem(this.durationSeconds));
    }

    /** The same role, its sessions asked of this STS endpoint (null: the SDK's regional endpoint). */
    public AwsRole withStsEndpoint(URI endpoint) {
        return new AwsRole(arn, sessionName, externalId, durationSeconds, endpoint);
    }

    /** Null when {@code arn} is a role ARN, else what is wrong with it. */
    public static String problem(String arn) {
        if (arn == null || !ARN.matcher(arn).matches()) {
            return "role '" + arn + "' is not an IAM role ARN like arn:aws:iam::123456789012:role/ami-baker";
        }
        return null;
    }

    public static String sessionNameProblem(String name) {
        if (name == null || !SESSION_NAME.matcher(name).matches()) {
            return "role session name '" + name + "' must be 2 to 64 letters, digits or _ + = , . @ -";
        }
        return null;
    }

    public static String externalIdProblem(String externalId) {
        if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            return "the role's external id must be 2 to 1224 letters, digits or _ + = , . @ : / - (its value is not shown)";
        }
        return null;
    }

    public static String durationProblem(int seconds) {
        if (seconds < MIN_DURATION_SECONDS || seconds > MAX_DURATION_SECONDS) {
            return "role session duration " + seconds + " s is outside what STS allows: " + MIN_DURATION_SECONDS + " to "
                    + MAX_DURATION_SECONDS + " seconds (and at most the role's own maximum session duration)";
        }
        return null;
    }

    private static void require(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public String arn() {
        return arn;
    }

    public String sessionName() {
        return sessionName;
    }

    /** Null when the trust policy asks for none. It is not a secret, but it is never logged either. */
    public String externalId() {
        return externalId;
    }

    public int durationSeconds() {
        return durationSeconds;
    }

    /** Null: the SDK's own (regional) STS endpoint. */
    public URI stsEndpoint() {
        return stsEndpoint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AwsRole r && arn.equals(r.arn) && sessionName.equals(r.sessionName)
                && Objects.equals(externalId, r.externalId) && durationSeconds == r.durationSeconds
                && Objects.equals(stsEndpoint, r.stsEndpoint);
    }

    @Override
    public int hashCode() {
        return arn.hashCode();
    }

    @Override
    public String toString() {
        return "role " + arn + " (session " + sessionName + ", " + durationSeconds + " s"
                + (externalId == null ? "" : ", with an external id") + ")";
    }
}
