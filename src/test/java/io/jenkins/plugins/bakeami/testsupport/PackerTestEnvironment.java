package io.jenkins.plugins.bakeami.testsupport;

import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The one environment every test runs the real packer with, and the one set of fast EC2 client limits of the tests:
 * the same set-up in one place.
 */
public final class PackerTestEnvironment {
    private PackerTestEnvironment() {}

    /**
     * This machine's environment without its AWS and Packer settings, with Packer polling fast, never calling home,
     * and keeping its home, configuration and cache in {@code scratch}, so no test reads the developer's ~/.aws,
     * ~/.packer.d or cache.
     */
    public static Map<String, String> forPacker(Path scratch) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("PACKER_"));
        env.put("AWS_POLL_DELAY_SECONDS", "1");
        env.put("AWS_MAX_ATTEMPTS", "120");
        env.put("CHECKPOINT_DISABLE", "1");
        env.put("HOME", scratch.toString());
        env.put("PACKER_CONFIG_DIR", scratch.toString());
        env.put("PACKER_CACHE_DIR", scratch.resolve("packer_cache").toString());
        return env;
    }

    /** EC2 client limits for tests: few attempts, short backoff and timeouts. */
    public static Ec2Clients.Limits fastEc2Limits() {
        return new Ec2Clients.Limits(6, Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(500),
                Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }
}
