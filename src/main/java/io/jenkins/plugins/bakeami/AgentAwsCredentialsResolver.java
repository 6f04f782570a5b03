package io.jenkins.plugins.bakeami;

import io.jenkins.plugins.bakeami.engine.aws.AwsRole;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Which AWS access a bake uses, in this order:
 * <ol>
 * <li>a {@code credentialsId}: the keys of that Jenkins credentials entry, resolved on the controller (an entry with
 * an IAM role gives its base keys: the role is assumed on the agent, below); an entry without keys (the
 * instance-profile case) means the agent's default provider chain;</li>
 * <li>else {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}) in the step's
 * environment, as {@code withCredentials} or {@code withAWS} bind them;</li>
 * <li>else the global default credentials id (Manage Jenkins → System), resolved as in 1;</li>
 * <li>else the agent's default provider chain (with the step's {@code AWS_PROFILE}, if set).</li>
 * </ol>
 * Then the role, if any ({@link #withRole}): the entry's IAM role (the global default entry's too) or the step's
 * {@code role} option, assumed on the agent with that access. The environment is the step's (the build's), never the
 * agent JVM's. Jenkins-free: the Jenkins lookup of the id happens before, in {@link AwsCredentialsLookup}.
 */
public final class AgentAwsCredentialsResolver {
    static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";
    static final String PROFILE = "AWS_PROFILE";

    private AgentAwsCredentialsResolver() {
    }

    /**
     * The credentials id that applies ({@link #resolve} then gets its keys): the option; else, unless the step's
     * environment binds AWS keys, the global default.
     */
    public static String credentialsId(String option, String globalDefault, Map<String, String> env) {
        String id = InputRules.trimToNull(option);
        return id != null || bindsKeys(env) ? id : InputRules.trimToNull(globalDefault);
    }

    /** True when the step's environment has an AWS key variable (both, or a half-bound pair: {@link #resolve} says). */
    private static boolean bindsKeys(Map<String, String> env) {
        return !InputRules.isBlank(env.get(ACCESS_KEY_ID)) || !InputRules.isBlank(env.get(SECRET_ACCESS_KEY));
    }

    /** {@link #resolve(String, boolean, AwsCredentials, Map)} of an id given as an option. */
    public static AgentAwsCredentials resolve(String credentialsId, AwsCredentials fromCredentialsId, Map<String, String> env) {
        return resolve(credentialsId, false, fromCredentialsId, env);
    }

    /**
     * @param credentialsId the configured id, or null
     * @param globalDefault the id is the global default (the log line says so)
     * @param fromCredentialsId what that entry resolved to; null for an entry without keys (instance profile)
     * @param env the step's environment
     * @throws IllegalArgumentException when the environment has only one of the two key variables
     */
    public static AgentAwsCredentials resolve(String credentialsId, boolean globalDefault, AwsCredentials fromCredentialsId,
            Map<String, String> env) {
        if (!InputRules.isBlank(credentialsId)) {
            String source = "Jenkins credentials '" + credentialsId.trim() + "'"
                    + (globalDefault ? " (" + BakeAmiParameters.GLOBAL_DEFAULT + ")" : "");
            if (fromCredentialsId == null) {
                return AgentAwsCredentials.defaultChain(source + " (no keys: the agent's default provider chain)", null);
            }
            String token = fromCredentialsId instanceof AwsSessionCredentials session ? session.sessionToken() : null;
            return AgentAwsCredentials.keys(source, fromCredentialsId.accessKeyId(), fromCredentialsId.secretAccessKey(), token);
        }
        String keyId = env.get(ACCESS_KEY_ID);
        String secret = env.get(SECRET_ACCESS_KEY);
        if (!InputRules.isBlank(keyId) && !InputRules.isBlank(secret)) {
            return AgentAwsCredentials.keys(ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY + " of the step's environment",
                    keyId.trim(), secret.trim(), env.get(SESSION_TOKEN));
        }
        if (bindsKeys(env)) {
            String missing = InputRules.isBlank(keyId) ? ACCESS_KEY_ID : SECRET_ACCESS_KEY;
            String present = InputRules.isBlank(keyId) ? SECRET_ACCESS_KEY : ACCESS_KEY_ID;
            throw new IllegalArgumentException("the step's environment has " + present + " but no " + missing
                    + ": bind both (withCredentials, withAWS) or neither");
        }
        String profile = env.get(PROFILE);
        return AgentAwsCredentials.defaultChain("the agent's default provider chain"
                + (InputRules.isBlank(profile) ? "" : " (profile '" + profile.trim() + "')"), profile);
    }

    /**
     * Adds the role to assume on the agent: the entry's IAM role, or the step's {@code role} option (not both); its
     * session name, external id and duration from the step's options when set, else from the entry, else defaults.
     *
     * @param entry             what the credentials id gave, or null without one
     * @param defaultSessionName when the step gives none (the build's name; asked only then)
     * @throws IllegalArgumentException for a role named twice, or a value STS would refuse
     */
    public static AgentAwsCredentials withRole(AgentAwsCredentials access, String credentialsId,
            CredentialsEntry entry, BakeAmiSettings settings, Supplier<String> defaultSessionName) {
        String entryRole = entry == null ? null : entry.roleArn();
        String optionRole = InputRules.trimToNull(settings.getRole());
        if (entryRole != null && optionRole != null) {
            throw new IllegalArgumentException(Messages.Credentials_RoleTwice(credentialsId, entryRole, optionRole));
        }
        String arn = entryRole != null ? entryRole : optionRole;
        if (arn == null) {
            return access;
        }
        String sessionName = InputRules.trimToNull(settings.getRoleSessionName());
        String externalId = InputRules.trimToNull(settings.getExternalId());
        int duration = settings.getSessionDuration();
        if (entryRole != null) {
            externalId = externalId != null ? externalId : entry.externalId();
            duration = duration != 0 ? duration : entry.durationSeconds();
        }
        return access.withRole(new AwsRole(arn, sessionName != null ? sessionName : defaultSessionName.get(),
                externalId, duration));
    }
}
