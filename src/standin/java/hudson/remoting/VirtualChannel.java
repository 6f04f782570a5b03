// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/remoting
// src/main/java/hudson/remoting/VirtualChannel.java. bakeAmi only receives it in FileCallable.invoke.
package hudson.remoting;

public interface VirtualChannel {
}
