package io.jenkins.plugins.bakeami;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * What a Jenkins AWS credentials entry gives a bake, read on the controller ({@link AwsCredentialsLookup}): its keys,
 * and the IAM role it names, which the agent assumes (and keeps assuming while the bake runs). Jenkins-free.
 *
 * @param keys            the entry's keys; null when it has none (the instance-profile case: the agent's own chain)
 * @param roleArn         the entry's IAM role, or null
 * @param externalId      the role's external id, or null
 * @param durationSeconds of each role session; 0: the default
 */
record CredentialsEntry(@CheckForNull AwsCredentials keys, @CheckForNull String roleArn,
        @CheckForNull String externalId, int durationSeconds) {
    /** An entry that resolved to keys (or none), without a role of its own. */
    static CredentialsEntry keysOnly(@CheckForNull AwsCredentials keys) {
        return new CredentialsEntry(keys, null, null, 0);
    }
}
