package io.jenkins.plugins.bakeami;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.AbortException;
import hudson.model.Run;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Finds the AWS credentials entry a build names, on the controller, as credentials-binding does: look the id up
 * among all credentials first, so that an unknown id and an id of another type give different messages; then
 * record the use ({@code track}) and take what the agent needs. An aws-credentials entry with an IAM role gives its
 * base keys and the role, never a session: the role is assumed on the agent, and assumed again there before its
 * session ends ({@link CredentialsEntry}). An entry that needs an MFA code is refused (nobody can type one in a
 * build). Any other entry is resolved here, as before.
 */
final class AwsCredentialsLookup {
    private AwsCredentialsLookup() {
    }

    /** @return the keys (null for an entry without keys: the instance-profile case) and the entry's role */
    static CredentialsEntry resolve(String credentialsId, Run<?, ?> run) throws AbortException {
        return resolve(credentialsId, run, "bakeAmi");
    }

    /** The same for another step, whose name its messages start with. */
    static CredentialsEntry resolve(String credentialsId, Run<?, ?> run, String step) throws AbortException {
        IdCredentials any = CredentialsProvider.findCredentialById(credentialsId, IdCredentials.class, run);
        if (any == null) {
            throw new AbortException(Messages.Credentials_NotFound(step, credentialsId));
        }
        if (!(any instanceof AmazonWebServicesCredentials)) {
            throw new AbortException(Messages.Credentials_WrongType(step, credentialsId, any.getClass().getSimpleName()));
        }
        AmazonWebServicesCredentials aws = CredentialsProvider.track(run, (AmazonWebServicesCredentials) any);
        return read(aws, credentialsId, step);
    }

    /** What the tracked entry gives; an entry with a role is not resolved here (that would assume it here). */
    static CredentialsEntry read(AmazonWebServicesCredentials aws, String credentialsId, String step)
            throws AbortException {
        if (aws instanceof AWSCredentialsImpl entry && !InputRules.isBlank(entry.getIamRoleArn())) {
            if (!InputRules.isBlank(entry.getIamMfaSerialNumber())) {
                throw new AbortException(Messages.Credentials_MfaNotSupported(step, credentialsId));
            }
            String secret = entry.getSecretKey().getPlainText();
            if (InputRules.isBlank(entry.getAccessKey()) != InputRules.isBlank(secret)) {
                throw new AbortException(Messages.Credentials_ResolveFailed(step, credentialsId,
                        "it has an access key id or a secret access key, not both"));
            }
            AwsBasicCredentials keys = InputRules.isBlank(secret) ? null
                    : AwsBasicCredentials.create(entry.getAccessKey().trim(), secret.trim());
            return new CredentialsEntry(keys, entry.getIamRoleArn().trim(),
                    InputRules.trimToNull(entry.getIamExternalId()), entry.getStsTokenDuration());
        }
        try {
            return CredentialsEntry.keysOnly(aws.resolveCredentials());
        } catch (SdkException e) {
            throw new AbortException(Messages.Credentials_ResolveFailed(step, credentialsId, e.getMessage()));
        }
    }
}
