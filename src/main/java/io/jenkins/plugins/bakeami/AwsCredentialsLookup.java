package io.jenkins.plugins.bakeami;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.model.Run;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Finds the AWS credentials entry a build names, on the controller, as credentials-binding does: look the id up
 * among all credentials first, so that an unknown id and an id of another type give different messages; then
 * record the use ({@code track}) and resolve the keys (with the aws-credentials IAM role option, short-lived
 * session keys from STS).
 */
final class AwsCredentialsLookup {
    private AwsCredentialsLookup() {
    }

    /** @return the resolved keys, or null for an entry without keys (the instance-profile case) */
    @CheckForNull
    static AwsCredentials resolve(String credentialsId, Run<?, ?> run) throws AbortException {
        return resolve(credentialsId, run, "bakeAmi");
    }

    /** The same for another step, whose name its messages start with. */
    @CheckForNull
    static AwsCredentials resolve(String credentialsId, Run<?, ?> run, String step) throws AbortException {
        IdCredentials any = CredentialsProvider.findCredentialById(credentialsId, IdCredentials.class, run);
        if (any == null) {
            throw new AbortException(Messages.Credentials_NotFound(step, credentialsId));
        }
        if (!(any instanceof AmazonWebServicesCredentials)) {
            throw new AbortException(Messages.Credentials_WrongType(step, credentialsId, any.getClass().getSimpleName()));
        }
        AmazonWebServicesCredentials aws = CredentialsProvider.track(run, (AmazonWebServicesCredentials) any);
        try {
            return aws.resolveCredentials();
        } catch (SdkException e) {
            throw new AbortException(Messages.Credentials_ResolveFailed(step, credentialsId, e.getMessage()));
        }
    }
}
