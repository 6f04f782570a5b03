package io.jenkins.plugins.bakeami.testsupport;

import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one place where a test finds out whether a tool it needs is on this machine ({@code packer}, {@code python3},
 * {@code setpriv}, {@code mkfifo}, and an SSH server for {@code LocalSshd}). Without the tool the test is skipped,
 * except under {@code CI=true} ({@code .ci/run} sets it): CI must run every case, so there a missing tool fails the
 * test. {@code bin/setup} installs them all.
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
     * What {@code LocalSshd} runs an SSH server with: sshd (Debian openssh-server), ssh-keygen (openssh-client),
     * nss_wrapper (libnss-wrapper) and setpriv (util-linux). Skips the test unless all are there (fails it under
     * {@code CI=true}), naming every one that is missing.
     */
    public static void requireSshServer() {
        List<String> missing = new ArrayList<>();
        if (sshd().isEmpty()) {
            missing.add("sshd (Debian openssh-server)");
        }
        if (onPath("ssh-keygen").isEmpty()) {
            missing.add("ssh-keygen (Debian openssh-client)");
        }
        if (nssWrapper().isEmpty()) {
            missing.add("libnss_wrapper.so (Debian libnss-wrapper)");
        }
        if (onPath("setpriv").isEmpty()) {
            missing.add("setpriv (Debian util-linux)");
        }
        requireThat(missing.isEmpty(), "not installed: " + String.join(", ", missing) + " (bin/setup installs them)");
    }

    /** The OpenSSH server: in /usr/sbin, which is not on every user's PATH, or on the PATH. */
    public static Optional<Path> sshd() {
        return Stream.of(Path.of("/usr/sbin/sshd"), Path.of("/usr/local/sbin/sshd")).filter(Files::isExecutable)
                .findFirst().or(() -> onPath("sshd"));
    }

    /** nss_wrapper's library, where Debian (any architecture) and other distributions put it. */
    public static Optional<Path> nssWrapper() {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/lib/libnss_wrapper.so"),
                Path.of("/usr/lib64/libnss_wrapper.so")));
        try (Stream<Path> multiarch = Files.list(Path.of("/usr/lib"))) {
            multiarch.map(d -> d.resolve("libnss_wrapper.so")).forEach(candidates::add);
        } catch (java.io.IOException e) {
            // no /usr/lib: only the fixed candidates
        }
        return candidates.stream().filter(Files::isReadable).findFirst();
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
