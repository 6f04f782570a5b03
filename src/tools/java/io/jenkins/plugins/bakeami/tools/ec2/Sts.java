package io.jenkins.plugins.bakeami.tools.ec2;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator's STS: {@code AssumeRole} and {@code GetCallerIdentity} on the same loopback server as EC2 (a request
 * signed for the service {@code sts}), as the SDK v2 2.33.4 STS model and aws-sdk-go 1.44 (Packer 1.6.6) shape them.
 * A session's keys belong to the role's account; their session token expires after the session length, measured
 * by the emulator's clock, and an EC2 or STS call made with an expired one is refused with {@code ExpiredToken}, as
 * AWS refuses it. Unknown session tokens (a test's made-up ones) are let through: the emulator checks no signature.
 *
 * <p>No IAM: any caller may assume any role, unless the test asked for an external id ({@link #requireExternalId}),
 * which is what a trust policy's {@code sts:ExternalId} condition checks. Thread-safe.
 */
public final class Sts {
    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::([0-9]{12}):role/([\\w+=,.@/-]{1,512})");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final String KEY_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /**
     * One session STS handed out.
     *
     * @param sourceAccessKeyId the key that asked for it
     * @param expiresAt         by the emulator's clock
     */
    public record Session(String accessKeyId, String roleArn, String sessionName, String externalId,
            String sourceAccessKeyId, Instant issuedAt, Instant expiresAt) {
        @Override
        public String toString() {
            return accessKeyId + " (" + roleArn + "/" + sessionName + ", " + issuedAt + " to " + expiresAt + ")";
        }
    }

    private final Clock clock;
    private final Accounts accounts;
    private final SecureRandom rng = new SecureRandom();
    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final Map<String, String> tokenByKey = new ConcurrentHashMap<>();
    private final Map<String, String> externalIds = new ConcurrentHashMap<>();
    private final List<Session> issued = new ArrayList<>();
    private volatile Duration sessionLength;

    Sts(Clock clock, Accounts accounts) {
        this.clock = clock;
        this.accounts = accounts;
    }

    /**
     * Every session lasts exactly this long from now on, whatever {@code DurationSeconds} asked (a test's short
     * session); null: what was asked (default 3600 s), as STS does.
     */
    public Sts sessionLength(Duration length) {
        this.sessionLength = length;
        return this;
    }

    /** {@code AssumeRole} of this role succeeds only with this external id (its trust policy's condition). */
    public Sts requireExternalId(String roleArn, String externalId) {
        externalIds.put(roleArn, Objects.requireNonNull(externalId, "externalId"));
        return this;
    }

    /** The sessions handed out so far, oldest first. */
    public synchronized List<Session> sessions() {
        return List.copyOf(issued);
    }

    /** The session whose access key this is, or null (a long-term key, or one STS never issued). */
    public Session sessionOf(String accessKeyId) {
        String token = tokenByKey.get(accessKeyId);
        return token == null ? null : byToken.get(token);
    }

    /**
     * Refuses a call made with an expired session token ({@code ExpiredToken}, 400, as EC2 and STS answer it).
     *
     * @param token the request's {@code X-Amz-Security-Token}, or null
     */
    void requireUnexpired(String token) {
        Session session = token == null ? null : byToken.get(token);
        if (session != null && !clock.instant().isBefore(session.expiresAt())) {
            throw new Ec2Error("ExpiredToken", "The security token included in the request is expired", 400);
        }
    }

    /** Answers one STS call: the response document. */
    String handle(String action, QueryParams params, String callerKey, String callerAccount, String requestId) {
        XmlWriter xml = XmlWriter.document(action + "Response", NAMESPACE).start(action + "Result");
        switch (action) {
            case "AssumeRole" -> assumeRole(params, callerKey, xml);
            case "GetCallerIdentity" -> callerIdentity(callerKey, callerAccount, xml);
            default -> throw new Ec2Error("InvalidAction", "Could not find operation " + action + " for version "
                    + params.get("Version", "2011-06-15"), 400);
        }
        return xml.end().start("ResponseMetadata").element("RequestId", requestId).finish();
    }

    private void assumeRole(QueryParams params, String callerKey, XmlWriter xml) {
        String roleArn = params.get("RoleArn");
        String sessionName = params.get("RoleSessionName");
        if (roleArn == null || sessionName == null) {
            throw validation(roleArn == null ? "roleArn" : "roleSessionName", "null", "Member must not be null");
        }
        Matcher role = ROLE_ARN.matcher(roleArn);
        if (!role.matches()) {
            throw validation("roleArn", roleArn, "Member must satisfy the ARN of an IAM role");
        }
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw validation("roleSessionName", sessionName, "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        int asked = Integer.parseInt(params.get("DurationSeconds", "3600"));
        if (asked < 900 || asked > 43_200) {
            throw validation("durationSeconds", Integer.toString(asked), "Member must have value between 900 and 43200");
        }
        String externalId = params.get("ExternalId");
        String required = externalIds.get(roleArn);
        if (required != null && !required.equals(externalId)) {
            throw new Ec2Error("AccessDenied", "User: " + callerArn(callerKey, accounts.accountFor(callerKey))
                    + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn, 403);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS); // STS's times have whole seconds
        Duration length = sessionLength != null ? sessionLength : Duration.ofSeconds(asked);
        Session session = new Session("ASIA" + random(KEY_CHARACTERS, 16), roleArn, sessionName, externalId, callerKey,
                now, now.plus(length));
        String secret = random(SECRET_CHARACTERS, 40);
        String token = "IQoJb3JpZ2luX2VtdWxhdGVk" + random(SECRET_CHARACTERS, 160);
        accounts.map(session.accessKeyId(), role.group(1));
        byToken.put(token, session);
        tokenByKey.put(session.accessKeyId(), token);
        synchronized (this) {
            issued.add(session);
        }
        String roleName = role.group(2).substring(role.group(2).lastIndexOf('/') + 1);
        xml.start("AssumedRoleUser")
                .element("AssumedRoleId", "AROA" + random(KEY_CHARACTERS, 17) + ":" + sessionName)
                .element("Arn", "arn:aws:sts::" + role.group(1) + ":assumed-role/" + roleName + "/" + sessionName)
                .end();
        xml.start("Credentials")
                .element("AccessKeyId", session.accessKeyId())
                .element("SecretAccessKey", secret)
                .element("SessionToken", token)
                .element("Expiration", session.expiresAt())
                .end();
    }

    private void callerIdentity(String callerKey, String callerAccount, XmlWriter xml) {
        Session session = sessionOf(callerKey);
        xml.element("Arn", callerArn(callerKey, callerAccount))
                .element("UserId", session == null ? callerKey : callerKey + ":" + session.sessionName())
                .element("Account", callerAccount);
    }

    private String callerArn(String key, String account) {
        Session session = sessionOf(key);
        if (session == null) {
            return "arn:aws:iam::" + account + ":user/emulated";
        }
        String roleName = session.roleArn().substring(session.roleArn().lastIndexOf('/') + 1);
        return "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + session.sessionName();
    }

    private static Ec2Error validation(String member, String value, String constraint) {
        return new Ec2Error("ValidationError", "1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: " + constraint, 400);
    }

    private String random(String characters, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(characters.charAt(rng.nextInt(characters.length())));
        }
        return text.toString();
    }

    /** STS's error document (not EC2's): {@code <ErrorResponse><Error><Type>...}. */
    static String error(Ec2Error e, String requestId) {
        return XmlWriter.document("ErrorResponse", NAMESPACE).start("Error")
                .element("Type", e.httpStatus() >= 500 ? "Receiver" : "Sender")
                .element("Code", e.code()).element("Message", e.getMessage()).end()
                .element("RequestId", requestId).finish();
    }
}
