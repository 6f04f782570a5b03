package io.jenkins.plugins.bakeami;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.AbortException;
import hudson.model.Run;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * A secret-text credentials entry (plain-credentials' {@link StringCredentials}) a build names, found on the
 * controller as {@link AwsCredentialsLookup} finds AWS entries: unknown and wrong-type ids get their own messages,
 * the use is tracked. The secret travels to the agent with the bake's parameters and is masked in every output.
 */
final class SecretTextLookup {
    private SecretTextLookup() {
    }

    static String resolve(String credentialsId, Run<?, ?> run, String step) throws AbortException {
        IdCredentials any = CredentialsProvider.findCredentialById(credentialsId, IdCredentials.class, run);
        if (any == null) {
            throw new AbortException(Messages.Credentials_NotFound(step, credentialsId));
        }
        if (!(any instanceof StringCredentials)) {
            throw new AbortException(Messages.Credentials_NotSecretText(step, credentialsId,
                    any.getClass().getSimpleName()));
        }
        return CredentialsProvider.track(run, (StringCredentials) any).getSecret().getPlainText();
    }
}
