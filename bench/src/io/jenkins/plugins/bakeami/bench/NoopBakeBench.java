package io.jenkins.plugins.bakeami.bench;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.bake.BakeOutcome;
import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.bake.BakeResult;
import io.jenkins.plugins.bakeami.engine.bake.Bakery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A no-op bake (the AMI exists) through the engine's {@link Bakery}, the way the CLI's {@code bake} and the Jenkins
 * step run it: checksum, one DescribeImages, {@code .ami_id.json}. Bench-only, never shipped.
 *
 * <pre>NoopBakeBench ENDPOINT REGION ACCESS_KEY WORK_DIR TEMPLATE AMI_ID_FILE WARMUP RUNS</pre>
 *
 * The secret key comes from the environment variable BENCH_SECRET_KEY (any value: the emulator does not check
 * signatures). Fails unless every bake reuses an AMI. Prints {@code first_ms}, {@code run_ms} per measured run,
 * {@code median_ms}, {@code checksum_ms}/{@code lookup_ms} (medians of the engine's own timings), {@code ami}.
 */
public final class NoopBakeBench {
    private NoopBakeBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: NoopBakeBench ENDPOINT REGION ACCESS_KEY WORK_DIR TEMPLATE AMI_ID_FILE WARMUP RUNS");
            System.exit(2);
        }
        String secret = System.getenv().getOrDefault("BENCH_SECRET_KEY", "bench-secret");
        BakeRequest request = BakeRequest.builder(args[3])
                .endpoint(args[0])
                .region(args[1])
                .keys(new AwsKeys(args[2], secret, null))
                .template(args[4])
                .amiIdFile(args[5])
                .environment(Map.of())
                .build();
        int warmup = Integer.parseInt(args[6]);
        int runs = Integer.parseInt(args[7]);
        Bakery bakery = new Bakery(line -> { });
        List<Double> times = new ArrayList<>();
        List<Double> checksums = new ArrayList<>();
        List<Double> lookups = new ArrayList<>();
        String ami = null;
        for (int i = 0; i < warmup + runs; i++) {
            long start = System.nanoTime();
            BakeResult result = bakery.bake(request);
            double ms = (System.nanoTime() - start) / 1e6;
            if (result.outcome() != BakeOutcome.REUSED) {
                throw new IllegalStateException("expected a no-op bake (REUSED), got " + result.outcome());
            }
            ami = result.amiId();
            if (i == 0) {
                System.out.printf("first_ms %.2f%n", ms);
            }
            if (i >= warmup) {
                times.add(ms);
                checksums.add(result.timings().get("checksum").toNanos() / 1e6);
                lookups.add(result.timings().get("lookup").toNanos() / 1e6);
                System.out.printf("run_ms %.2f%n", ms);
            }
        }
        System.out.printf("median_ms %.2f%n", Median.of(times));
        System.out.printf("checksum_ms %.2f%n", Median.of(checksums));
        System.out.printf("lookup_ms %.2f%n", Median.of(lookups));
        System.out.println("ami " + ami);
    }
}
