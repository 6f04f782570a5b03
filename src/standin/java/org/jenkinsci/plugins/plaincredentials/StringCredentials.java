// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/plain-credentials-plugin
// src/main/java/org/jenkinsci/plugins/plaincredentials/StringCredentials.java (plain-credentials 199.v9f8e1f741799,
// a dependency of credentials-binding 702). Its @NameWith annotation and nested NameProvider are not used by bakeAmi
// and left out.
package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;

public interface StringCredentials extends StandardCredentials {
    @NonNull
    Secret getSecret();
}
