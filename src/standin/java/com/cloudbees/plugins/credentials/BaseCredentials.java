// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/credentials-plugin
// src/main/java/com/cloudbees/plugins/credentials/BaseCredentials.java. Its @ExportedBean is left out. Behaviour for
// the default build's tests: the scope is kept; getDescriptor needs a Jenkins and throws.
package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;

public class BaseCredentials implements Credentials {
    @CheckForNull
    private final CredentialsScope scope;

    protected BaseCredentials() {
        this.scope = null;
    }

    public BaseCredentials(@CheckForNull CredentialsScope scope) {
        this.scope = scope;
    }

    @CheckForNull
    public CredentialsScope getScope() {
        return scope;
    }

    @NonNull
    public CredentialsDescriptor getDescriptor() {
        throw new UnsupportedOperationException("compile-time stand-in");
    }

    private static final long serialVersionUID = 1L;
}
