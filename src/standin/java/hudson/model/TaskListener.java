// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/model/TaskListener.java (2.528.1: extends SerializableOnlyOverRemoting).
// getLogger is the only abstract method, as in the real interface; error() is kept because bakeAmi's tests use it.
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

public interface TaskListener extends SerializableOnlyOverRemoting {
    @NonNull
    PrintStream getLogger();

    @NonNull
    default PrintWriter error(String msg) {
        PrintStream out = getLogger();
        out.print("ERROR: ");
        out.println(msg);
        return new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    }
}
