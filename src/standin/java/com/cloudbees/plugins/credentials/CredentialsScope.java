// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/credentials-plugin
// src/main/java/com/cloudbees/plugins/credentials/CredentialsScope.java (1447.v4cb_b_539b_5321): the constants;
// their display names and isVisible are not used by bakeAmi and left out.
package com.cloudbees.plugins.credentials;

public enum CredentialsScope {
    SYSTEM, GLOBAL, USER
}
