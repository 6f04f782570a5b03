// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/remoting
// src/main/java/org/jenkinsci/remoting/SerializableOnlyOverRemoting.java (its default method
// getChannelForSerialization is not used by bakeAmi and left out).
package org.jenkinsci.remoting;

import java.io.Serializable;

public interface SerializableOnlyOverRemoting extends Serializable {
}
