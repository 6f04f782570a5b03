package io.jenkins.plugins.bakeami.testsupport;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.io.IOException;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.AssumptionViolatedException;
import org.junit.rules.TestRule;
import org.junit.runner.Description;
import org.junit.runner.JUnitCore;
import org.junit.runner.Request;
import org.junit.runner.Result;
import org.junit.runners.model.Statement;

/**
 * Runs the tests marked {@link MakesFilesUnreadable} where a file of mode 000 is unreadable to the code under test.
 * A process running as root (as CI does) reads such a file anyway: CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH bypass
 * the permission bits. There the test runs in a child JVM (this class's {@link #main}) started through
 * {@code setpriv} without those two capabilities: still root, so it owns and reads the build's files (the class path
 * under /root/.m2 included), but the permission bits of a mode-000 file now apply to it as to any user. A process
 * without them runs the test in place. Declare the rule outermost, so that nothing of the test runs in the parent.
 */
public final class UnreadableFilesRule implements TestRule {
    /** A test that makes files unreadable (mode 000) and needs the code under test to be refused them. */
    @Retention(RUNTIME)
    @Target(METHOD)
    public @interface MakesFilesUnreadable {
    }

    private static final String IN_CHILD = "bakeami.test.withoutReadOverride";
    private static final int SKIPPED = 3;

    @Override
    public Statement apply(Statement base, Description test) {
        if (test.getAnnotation(MakesFilesUnreadable.class) == null || Boolean.getBoolean(IN_CHILD)) {
            return base;
        }
        return new Statement() {
            @Override
            public void evaluate() throws Throwable {
                if (readsUnreadableFiles()) {
                    runInChildWithoutReadOverride(test);
                } else {
                    base.evaluate();
                }
            }
        };
    }

    /** Whether this JVM reads a file of mode 000 (root, or the DAC capabilities). */
    private static boolean readsUnreadableFiles() throws IOException {
        Path probe = Files.createTempFile("bake-ami-unreadable", ".probe");
        try {
            Files.setPosixFilePermissions(probe, Set.of());
            return Files.isReadable(probe);
        } finally {
            Files.delete(probe);
        }
    }

    private static void runInChildWithoutReadOverride(Description test) throws Exception {
        List<String> withoutReadOverride = List.of(RequiredTools.require("setpriv").toString(),
                "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all");
        RequiredTools.requireThat(succeeds(withoutReadOverride, "true"),
                "setpriv cannot drop CAP_DAC_OVERRIDE here (it needs CAP_SETPCAP)");
        List<String> command = new ArrayList<>(withoutReadOverride);
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-D" + IN_CHILD + "=true", "-cp", System.getProperty("java.class.path"),
                UnreadableFilesRule.class.getName(), test.getClassName(), test.getMethodName()));
        Path output = Files.createTempFile("bake-ami-unreadable", ".out");
        try {
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!child.waitFor(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new AssertionError("the test without read override did not end in " + Await.DEADLINE.toSeconds()
                        + " s:\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            System.out.print(printed);
            if (child.exitValue() == SKIPPED) {
                throw new AssumptionViolatedException("skipped without read override:\n" + printed);
            }
            if (child.exitValue() != 0) {
                throw new AssertionError("failed without read override (" + String.join(" ", withoutReadOverride)
                        + ", exit " + child.exitValue() + "):\n" + printed);
            }
        } finally {
            Files.delete(output);
        }
    }

    private static boolean succeeds(List<String> prefix, String command) throws Exception {
        List<String> line = new ArrayList<>(prefix);
        line.add(command);
        Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return process.waitFor(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    /** In the child: runs one test method; exit 0 passed, {@value #SKIPPED} skipped, 1 failed. */
    public static void main(String[] args) throws ClassNotFoundException {
        Result result = new JUnitCore().run(Request.method(Class.forName(args[0]), args[1]));
        result.getFailures().forEach(failure -> System.out.println(failure.getTrace()));
        System.exit(!result.wasSuccessful() ? 1 : result.getAssumptionFailureCount() > 0 ? SKIPPED : 0);
    }
}
