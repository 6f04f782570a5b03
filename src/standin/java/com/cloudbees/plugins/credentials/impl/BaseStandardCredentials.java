// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/credentials-plugin
// src/main/java/com/cloudbees/plugins/credentials/impl/BaseStandardCredentials.java. Its @ExportedBean/@Exported
// and its equals/hashCode by id are left out. Behaviour for the default build's tests: id and description kept (a
// null id is not replaced by a random one here).
package com.cloudbees.plugins.credentials.impl;

import com.cloudbees.plugins.credentials.BaseCredentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;

public abstract class BaseStandardCredentials extends BaseCredentials implements StandardCredentials {
    @NonNull
    private final String id;
    @NonNull
    private final String description;

    public BaseStandardCredentials(@CheckForNull CredentialsScope scope, @CheckForNull String id,
            @CheckForNull String description) {
        super(scope);
        this.id = id == null ? "" : id;
        this.description = description == null ? "" : description;
    }

    @NonNull
    public String getDescription() {
        return description;
    }

    @NonNull
    public String getId() {
        return id;
    }

    private static final long serialVersionUID = 1L;
}
