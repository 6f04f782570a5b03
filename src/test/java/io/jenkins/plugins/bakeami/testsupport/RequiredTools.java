package io.jenkins.plugins.bakeami.testsupport;

import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one place where a test finds out whether a tool it needs is on this machine ({@code packer}, {@code python3},
 * {@code setpriv}, {@code mkfifo}). Without the tool the test is skipped, except under {@code CI=true} ({@code .ci/run}
 * sets it): CI must run every case, so there a missing tool fails the test. {@code bin/setup} installs them all.
 */
public final class RequiredTools {
    private RequiredTools() {
    }

    /** Whether this run is CI's, where nothing may be skipped for a missing tool. */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The first executable {@code tool} on this JVM's PATH. */
    public static Optional<Path> onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, tool);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code tool} on the PATH; skips the test without it (fails it under {@code CI=true}). */
    public static Path require(String tool) {
        Optional<Path> found = onPath(tool);
        requireThat(found.isPresent(), tool + " is not on the PATH (bin/setup installs it)");
        return found.orElseThrow();
    }

    /** The {@code packer} a test runs; skips the test when there is none (fails it under {@code CI=true}). */
    public static Path requirePacker() {
        return require("packer");
    }

    /**
     * Skips the test unless {@code available}; under {@code CI=true} fails it instead, naming what is missing.
     */
    public static void requireThat(boolean available, String missing) {
        if (!available && isCi()) {
            throw new AssertionError("CI=true: every test must run, but " + missing);
        }
        assumeTrue(missing, available);
    }
}
