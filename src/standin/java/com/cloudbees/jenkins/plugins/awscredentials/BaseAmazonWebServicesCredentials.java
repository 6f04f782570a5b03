// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/aws-credentials-plugin
// src/main/java/com/cloudbees/jenkins/plugins/awscredentials/BaseAmazonWebServicesCredentials.java
// (254.v978a_5e206a_d7).
package com.cloudbees.jenkins.plugins.awscredentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;

public abstract class BaseAmazonWebServicesCredentials extends BaseStandardCredentials
        implements AmazonWebServicesCredentials {
    public BaseAmazonWebServicesCredentials(@CheckForNull CredentialsScope scope, @CheckForNull String id,
            @CheckForNull String description) {
        super(scope, id, description);
    }

    private static final long serialVersionUID = 1L;
}
