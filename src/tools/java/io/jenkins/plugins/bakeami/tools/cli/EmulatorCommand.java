package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.tools.ec2.Delays;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the local EC2 endpoint until stopped; prints its URL on a line of its own as soon as it listens. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = "Run the local EC2 endpoint (EC2 Query API subset for the AMI registry and Packer's amazon-ebs builder) on 127.0.0.1.")
final class EmulatorCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "0", description = "Port on 127.0.0.1; 0 picks a free one (default).")
    int port;

    @Option(names = "--delay-ms", description = "Every lifecycle delay (instance and image states), in milliseconds.")
    Long delayMs;

    @Option(names = "--trace", description = "Print every call (action, region, account, outcome, parameters) to standard error.")
    boolean trace;

    @Option(names = "--subnet", paramLabel = "REGION:SUBNET_ID", description = "Add a subnet with this id to the region's default VPC (repeatable).")
    java.util.List<String> subnets = new java.util.ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        Ec2Emulator.Builder builder = Ec2Emulator.builder().port(port);
        if (delayMs != null) {
            builder.delays(Delays.uniform(Duration.ofMillis(delayMs)));
        }
        if (trace) {
            builder.callListener(call -> System.err.println("ec2 " + call));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (Ec2Emulator emulator = builder.start()) {
            for (String s : subnets) {
                int colon = s.indexOf(':');
                emulator.addSubnet(s.substring(0, colon), s.substring(colon + 1), null);
            }
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            out.println(emulator.endpoint());
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }
}
