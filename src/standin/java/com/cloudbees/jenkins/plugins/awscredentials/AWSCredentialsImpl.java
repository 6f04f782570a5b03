// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/aws-credentials-plugin
// src/main/java/com/cloudbees/jenkins/plugins/awscredentials/AWSCredentialsImpl.java (254.v978a_5e206a_d7, SDK v2):
// the 8-argument @DataBoundConstructor (…, iamRoleArn, iamMfaSerialNumber, iamExternalId), the getters bakeAmi reads
// and the @DataBoundSetter of stsTokenDuration (DescriptorImpl.DEFAULT_STS_TOKEN_DURATION = 3600). The older
// constructors and the nested DescriptorImpl are not used by bakeAmi and left out. Behaviour for the default build's
// tests: the values are kept as the real class keeps them (null strings as ""); resolving credentials needs STS and
// throws here (bakeAmi never calls it for an entry with a role: the agent assumes the role).
package com.cloudbees.jenkins.plugins.awscredentials;

import com.amazonaws.auth.AWSCredentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

public class AWSCredentialsImpl extends BaseAmazonWebServicesCredentials {
    public static final int STS_CREDENTIALS_DURATION_SECONDS = 3600;

    private final String accessKey;
    private final Secret secretKey;
    private final String iamRoleArn;
    private final String iamExternalId;
    private final String iamMfaSerialNumber;
    private volatile Integer stsTokenDuration;

    @DataBoundConstructor
    public AWSCredentialsImpl(@CheckForNull CredentialsScope scope, @CheckForNull String id,
            @CheckForNull String accessKey, @CheckForNull String secretKey, @CheckForNull String description,
            @CheckForNull String iamRoleArn, @CheckForNull String iamMfaSerialNumber, String iamExternalId) {
        super(scope, id, description);
        this.accessKey = accessKey == null ? "" : accessKey;
        this.secretKey = Secret.fromString(secretKey);
        this.iamRoleArn = iamRoleArn == null ? "" : iamRoleArn;
        this.iamExternalId = iamExternalId == null ? "" : iamExternalId;
        this.iamMfaSerialNumber = iamMfaSerialNumber == null ? "" : iamMfaSerialNumber;
    }

    public String getAccessKey() {
        return accessKey;
    }

    public Secret getSecretKey() {
        return secretKey;
    }

    public String getIamRoleArn() {
        return iamRoleArn;
    }

    public String getIamExternalId() {
        return iamExternalId;
    }

    public String getIamMfaSerialNumber() {
        return iamMfaSerialNumber;
    }

    @NonNull
    public Integer getStsTokenDuration() {
        return stsTokenDuration == null ? STS_CREDENTIALS_DURATION_SECONDS : stsTokenDuration;
    }

    @DataBoundSetter
    public void setStsTokenDuration(Integer stsTokenDuration) {
        this.stsTokenDuration = stsTokenDuration == null || stsTokenDuration == STS_CREDENTIALS_DURATION_SECONDS
                ? null : stsTokenDuration;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    @Override
    public AwsCredentials resolveCredentials(String mfaToken) {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    @Override
    public AWSCredentials getCredentials() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    @Override
    public AWSCredentials getCredentials(String mfaToken) {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    @Override
    public void refresh() {
    }

    @Override
    public String getDisplayName() {
        return iamRoleArn.isBlank() ? accessKey : accessKey + ":" + iamRoleArn;
    }

    private static final long serialVersionUID = 1L;
}
