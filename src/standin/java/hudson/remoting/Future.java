// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/remoting
// src/main/java/hudson/remoting/Future.java: an alias of java.util.concurrent.Future that remoting returns from
// callAsync (Request.callAsync, LocalChannel.callAsync), and FilePath.actAsync from it.
package hudson.remoting;

public interface Future<V> extends java.util.concurrent.Future<V> {
}
