package io.jenkins.plugins.bakeami.bench;

import io.jenkins.plugins.bakeami.engine.checksum.ChecksumCalculator;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumMode;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumRequest;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checksum in one warm JVM (a Jenkins agent's case): runs {@link ChecksumCalculator} on the same directories
 * {@code warmup} times, then {@code runs} times, and prints each measured time and the median. Bench-only: compiled
 * by bench/run against target/bake-ami-cli.jar, never shipped.
 *
 * <pre>ChecksumBench MODE WARMUP RUNS THREADS DIR [DIR...]      THREADS 0 = the engine's default</pre>
 *
 * Output (one "key value" per line): {@code first_ms} (the first call, in a fresh JVM), {@code run_ms} per measured
 * run, {@code median_ms}, {@code median_cpu_ms} (process CPU time, all threads), {@code value} (the checksum, the same in every run or the harness fails).
 */
public final class ChecksumBench {
    private ChecksumBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: ChecksumBench MODE WARMUP RUNS THREADS DIR [DIR...]");
            System.exit(2);
        }
        ChecksumMode mode = ChecksumMode.fromName(args[0]);
        int warmup = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        List<String> dirs = List.of(args).subList(4, args.length);
        ChecksumRequest.Builder builder = ChecksumRequest.builder(Path.of("").toAbsolutePath()).directories(dirs).mode(mode);
        if (threads > 0) {
            builder.threads(threads);
        }
        ChecksumRequest request = builder.build();
        ChecksumCalculator calculator = new ChecksumCalculator();
        String value = null;
        List<Double> times = new ArrayList<>();
        List<Double> cpuTimes = new ArrayList<>();
        // process CPU time (all threads): less sensitive than wall time to other processes on a shared machine
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < warmup + runs; i++) {
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            String v = calculator.calculate(request).getValue();
            double ms = (System.nanoTime() - start) / 1e6;
            double cpuMs = (os.getProcessCpuTime() - cpuStart) / 1e6;
            if (value != null && !value.equals(v)) {
                throw new IllegalStateException("checksum changed between runs: " + value + " then " + v);
            }
            value = v;
            if (i == 0) {
                System.out.printf("first_ms %.2f%n", ms);
            }
            if (i >= warmup) {
                times.add(ms);
                cpuTimes.add(cpuMs);
                System.out.printf("run_ms %.2f%n", ms);
            }
        }
        System.out.printf("median_ms %.2f%n", Median.of(times));
        System.out.printf("median_cpu_ms %.2f%n", Median.of(cpuTimes));
        System.out.println("value " + value);
    }
}
