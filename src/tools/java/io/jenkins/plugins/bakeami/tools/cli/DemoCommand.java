package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.bake.BakeException;
import io.jenkins.plugins.bakeami.engine.bake.BakeOutcome;
import io.jenkins.plugins.bakeami.engine.packer.PackerException;
import io.jenkins.plugins.bakeami.engine.packer.PackerExecutable;
import io.jenkins.plugins.bakeami.engine.packer.PackerLocator;
import io.jenkins.plugins.bakeami.tools.demo.DemoScenario;
import io.jenkins.plugins.bakeami.tools.demo.DemoStep;
import io.jenkins.plugins.bakeami.tools.demo.SampleDefinition;
import io.jenkins.plugins.bakeami.tools.ec2.Delays;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.tools.ec2.LeakReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bake-ami demo}, the README's main job: the EC2 emulator on 127.0.0.1, a sample AMI definition, and three
 * bakes with the real Packer: baked, reused by checksum, baked again after a change. Nothing leaves this machine.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Offline demo: starts the EC2 emulator on 127.0.0.1, writes a sample AMI definition and bakes it three"
                    + " times with the real packer (bake, reuse by checksum, rebake after a change), printing what"
                    + " happened at each step, the .ami_id.json, the EC2 calls and the leak report.",
            "Needs packer on PATH (sudo apt-get install packer). Takes well under a minute."
        },
        footer = {
            "",
            "Exit status:",
            "  0    the three bakes did what they should and nothing leaked",
            "  2    packer is missing or --dir is not a new or empty directory",
            "  3    a bake failed, did something else, or left resources behind",
            "  130  interrupted"
        })
final class DemoCommand implements Callable<Integer> {
    static final String NAME = "bake-ami demo";
    static final String INSTALL_COMMAND = "sudo apt-get install packer";

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private BakeAmiCli cli;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the sample definition: a new or"
            + " empty directory (default: a new temporary directory). It stays after the demo.")
    private Path dir;

    @Option(names = "--quiet", description = "Do not show Packer's output, only the steps' results.")
    private boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PackerExecutable packer;
        Path directory;
        try {
            packer = new PackerLocator(cli.environment(), false).locate(null);
            directory = demoDirectory();
        } catch (PackerException e) {
            err.println(NAME + ": " + Messages.oneLine(e.getMessage()));
            err.println("Install packer with: " + INSTALL_COMMAND);
            err.flush();
            return ExitCodes.BAD_INPUT;
        } catch (IllegalArgumentException | IOException e) {
            err.println(NAME + ": " + Messages.oneLine(e.getMessage()));
            err.flush();
            return ExitCodes.BAD_INPUT;
        } catch (InterruptedException e) {
            return ExitCodes.INTERRUPTED;
        }
        int status;
        try (ShutdownGuard guard = ShutdownGuard.install(NAME, Duration.ofSeconds(60), err)) {
            status = demo(packer, directory, out, err, guard);
            out.flush();
            err.flush();
            guard.finish(status);
        }
        return status;
    }

    private int demo(PackerExecutable packer, Path directory, PrintWriter out, PrintWriter err, ShutdownGuard guard) {
        long start = System.nanoTime();
        Ec2Emulator emulator = Ec2Emulator.builder().delays(Delays.uniform(Duration.ofMillis(200)))
                .diagnostics(line -> err.println("ec2 emulator: " + line)).start();
        try {
            DemoScenario.prepare(emulator);
            out.println(NAME + ": three bakes with the real Packer " + packer.version() + " (" + packer.path()
                    + ") against an EC2 endpoint on this machine; nothing leaves it.");
            out.println("EC2 emulator: " + emulator.endpoint() + " (region " + DemoScenario.REGION
                    + ", made-up demo keys, subnet " + DemoScenario.subnetId() + ")");
            List<String> files = SampleDefinition.write(directory);
            Files.createDirectories(directory.resolve(".packer-home"));
            out.println("Sample AMI definition written to " + directory + ":");
            files.forEach(file -> out.println("  " + file));
            out.flush();

            List<DemoStep> steps = new DemoScenario(emulator, directory, cli.environment(), this::bakeLine,
                    new StepPrinter(out)).run();
            LeakReport leaks = emulator.leakReport();
            printSummary(out, steps, emulator, leaks, directory, Duration.ofNanos(System.nanoTime() - start));
            return leaks.isEmpty() && asExpected(steps) ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (BakeException | IOException | RuntimeException e) {
            if (guard.stopRequested()) {
                err.println(NAME + ": stopped: " + e.getMessage());
                return ExitCodes.INTERRUPTED;
            }
            err.println(NAME + ": " + e.getMessage());
            err.println("Leak report: " + emulator.leakReport());
            return ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            err.println(NAME + ": stopped" + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            err.println("Leak report: " + emulator.leakReport());
            return ExitCodes.INTERRUPTED;
        } finally {
            emulator.close();
        }
    }

    private void bakeLine(String line) {
        if (!quiet) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("    | " + line);
            out.flush();
        }
    }

    /**
     * The expected story: baked, reused (the same AMI; two EC2 calls: the template's source_ami_filter and the
     * lookup), baked again (a new AMI).
     */
    static boolean asExpected(List<DemoStep> steps) {
        return steps.size() == 3
                && steps.get(0).result().outcome() == BakeOutcome.BAKED
                && steps.get(1).result().outcome() == BakeOutcome.REUSED
                && steps.get(1).result().amiId().equals(steps.get(0).result().amiId())
                && steps.get(1).ec2Calls().equals(List.of("DescribeImages", "DescribeImages"))
                && steps.get(2).result().outcome() == BakeOutcome.BAKED
                && !steps.get(2).result().amiId().equals(steps.get(0).result().amiId());
    }

    private Path demoDirectory() throws IOException {
        if (dir == null) {
            return Files.createTempDirectory("bake-ami-demo-").toAbsolutePath();
        }
        Path directory = WorkingDirectory.resolve(dir, cli.environment());
        if (Files.exists(directory)) {
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("--dir " + dir + " is a file, not a directory");
            }
            try (Stream<Path> entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--dir " + dir + " is not empty: the demo writes into a new or"
                            + " empty directory, never over files");
                }
            }
        }
        return Files.createDirectories(directory);
    }

    private static void printSummary(PrintWriter out, List<DemoStep> steps, Ec2Emulator emulator, LeakReport leaks,
            Path directory, Duration total) {
        out.println();
        out.println("Summary:");
        for (int i = 0; i < steps.size(); i++) {
            DemoStep step = steps.get(i);
            boolean packerRan = step.ec2Calls().contains("RunInstances");
            out.printf(java.util.Locale.ROOT, "  step %d  %-7s %s  %7s  %s%n", i + 1, step.result().outcome(),
                    step.result().amiId(), DurationOption.format(step.wallTime()),
                    packerRan ? "Packer ran, " + step.ec2Calls().size() + " EC2 calls"
                            : "Packer not run, " + callsText(step.ec2Calls()));
        }
        Map<String, Long> counts = new TreeMap<>(emulator.callLog().actions().stream()
                .collect(Collectors.groupingBy(a -> a, Collectors.counting())));
        out.println("EC2 calls by action: " + counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
        out.println("Leak report: " + (leaks.isEmpty()
                ? "no leaks (no instance, security group, key pair, volume or pending image left behind)"
                : leaks.toString()));
        out.println("Done in " + DurationOption.format(total) + ". The sample definition and .ami_id.json stay in "
                + directory + " (remove with: rm -r " + directory + ")");
    }

    private static String callsText(List<String> calls) {
        return calls.size() + " EC2 call" + (calls.size() == 1 ? "" : "s") + " (" + String.join(", ", calls) + ")";
    }

    /** Prints each step's title, then its result. */
    private static final class StepPrinter implements DemoScenario.Listener {
        private final PrintWriter out;

        StepPrinter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void stepStarted(int number, String title) {
            out.println();
            out.println("Step " + number + "/3: " + title);
            out.flush();
        }

        @Override
        public void stepFinished(int number, DemoStep step) {
            var result = step.result();
            out.println("  outcome:      " + result.outcome() + " " + result.amiId() + " in "
                    + DurationOption.format(step.wallTime()) + " (" + result.timings().entrySet().stream()
                            .map(e -> e.getKey() + " " + DurationOption.format(e.getValue()))
                            .collect(Collectors.joining(", ")) + ")");
            out.println("  checksum:     " + result.checksum() + " (" + result.checksumMode() + ")");
            out.println("  EC2 calls:    " + (step.ec2Calls().contains("RunInstances") ? step.ec2Calls().size()
                    + " (Packer's build, then tagging and the confirming lookup)" : callsText(step.ec2Calls())));
            out.println("  .ami_id.json: " + step.amiIdJson());
            out.flush();
        }
    }
}
