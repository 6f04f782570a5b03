// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/credentials-plugin
// src/main/java/com/cloudbees/plugins/credentials/CredentialsDescriptor.java. The interface IconSpec and every
// member are not used by bakeAmi and left out.
package com.cloudbees.plugins.credentials;

import hudson.model.Descriptor;

public abstract class CredentialsDescriptor extends Descriptor<Credentials> {
}
