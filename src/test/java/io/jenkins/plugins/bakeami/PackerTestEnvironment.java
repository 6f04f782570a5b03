package io.jenkins.plugins.bakeami;

import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** What every test that runs the real packer against the emulator needs: the same set-up in one place. */
public final class PackerTestEnvironment {
    private PackerTestEnvironment() {}

    /** Whether {@code packer} is on the PATH (bin/setup installs it; tests without it are skipped). */
    public static boolean packerInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, "packer").canExecute()) {
                return true;
            }
        }
        return false;
    }

    /**
     * This machine's environment without its AWS and Packer settings, with Packer polling fast and keeping its
     * home and cache in {@code scratch}, so no test reads the developer's ~/.aws or cache.
     */
    public static Map<String, String> forPacker(Path scratch) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("PACKER_"));
        env.put("AWS_POLL_DELAY_SECONDS", "1");
        env.put("AWS_MAX_ATTEMPTS", "120");
        env.put("HOME", scratch.toString());
        env.put("PACKER_CACHE_DIR", scratch.resolve("packer_cache").toString());
        return env;
    }

    /** EC2 client limits for tests: few attempts, short backoff and timeouts. */
    public static Ec2Clients.Limits fastEc2Limits() {
        return new Ec2Clients.Limits(6, Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(500),
                Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }
}
