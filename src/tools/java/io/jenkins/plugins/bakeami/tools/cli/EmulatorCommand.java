package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.tools.ec2.Accounts;
import io.jenkins.plugins.bakeami.tools.ec2.Delays;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the local EC2 endpoint until it is stopped (SIGTERM or Ctrl-C). As soon as it listens it prints its URL,
 * {@code http://127.0.0.1:PORT}, on a line of its own on standard output; everything else goes to standard error.
 */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = {"Run the local EC2 endpoint (the EC2 Query API subset the AMI registry and Packer's amazon-ebs builder use) on 127.0.0.1.",
            "Prints http://127.0.0.1:PORT on standard output once it listens. Every region holds the public source image "
                + Ec2Emulator.BASE_IMAGE_ID + " (" + Ec2Emulator.BASE_IMAGE_NAME + ") unless --no-base-image."})
final class EmulatorCommand implements Callable<Integer> {
    static final String NAME = "bake-ami emulator";
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "0", description = "Port on 127.0.0.1; 0 picks a free one (default).")
    int port;

    @Option(names = "--seed-image", paramLabel = "REGION:NAME[:OWNER]",
            description = "Add an available image: without OWNER a public one owned by Amazon (" + Accounts.AMAZON
                    + "), with OWNER (12 digits) a private one of that account. Repeatable.")
    List<String> seedImages = new ArrayList<>();

    @Option(names = "--public-image", paramLabel = "REGION:NAME[:OWNER]",
            description = "Publish a public image of OWNER (12 digits; default Amazon, " + Accounts.AMAZON + "), created"
                    + " now: a newer base image for a source_ami_filter with most_recent (with --state-file, on a"
                    + " later start). Repeatable.")
    List<String> publicImages = new ArrayList<>();

    @Option(names = "--public-images", description = "Put public images of Amazon (amzn2-ami-hvm-...) and Canonical"
            + " (" + Ec2Emulator.CANONICAL + ", ubuntu/images/...) into every region, for source_ami_filter.")
    boolean publicImageCatalog;

    @Option(names = "--seed-file", paramLabel = "FILE", description = "Add the images of a JSON seed file (array of {region, name, owner, id, public, state, creationDate, tags, sharedWith}).")
    Path seedFile;

    @Option(names = "--state-file", paramLabel = "FILE", description = "Keep the state in this JSON file: loaded at start, saved every --save-every seconds and at shutdown.")
    Path stateFile;

    @Option(names = "--save-every", defaultValue = "5", paramLabel = "SECONDS", description = "How often to save the state file (default ${DEFAULT-VALUE}).")
    int saveEverySeconds;

    @Option(names = "--account", paramLabel = "ACCESS_KEY_ID=ACCOUNT_ID", description = "Map an access key id to a 12-digit account (repeatable); unmapped keys get an account derived from the key.")
    List<String> accounts = new ArrayList<>();

    @Option(names = "--strict-accounts", description = "Refuse unmapped access keys with AuthFailure.")
    boolean strictAccounts;

    @Option(names = "--subnet", paramLabel = "REGION:SUBNET_ID", description = "Add a subnet with this id to the region's default VPC (repeatable).")
    List<String> subnets = new ArrayList<>();

    @Option(names = "--delay-ms", paramLabel = "MS", description = "Every lifecycle delay (instance states, new image), in milliseconds (default 500).")
    Long delayMs;

    @Option(names = "--image-delay-ms", paramLabel = "MS", description = "How long a new image stays pending.")
    Long imageDelayMs;

    @Option(names = "--copy-delay-ms", paramLabel = "MS", description = "How long a cross-region copy stays pending (default 1000).")
    Long copyDelayMs;

    @Option(names = "--latency-ms", paramLabel = "MS", description = "Wait this long before answering each call.")
    long latencyMs;

    @Option(names = "--throttle-rate", paramLabel = "SHARE", description = "Answer this share of calls (0..1) with RequestLimitExceeded.")
    double throttleRate;

    @Option(names = "--error-rate", paramLabel = "SHARE", description = "Answer this share of calls (0..1) with InternalError (HTTP 500).")
    double errorRate;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the id generator and the fault rates (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-base-image", description = "Do not put the public base image into every region.")
    boolean noBaseImage;

    @Option(names = "--trace", description = "Print every call (action, region, account, outcome, parameters) to standard error.")
    boolean trace;

    @Override
    public Integer call() throws InterruptedException, IOException {
        Accounts accountMap = new Accounts().strict(strictAccounts);
        for (String mapping : accounts) {
            String[] parts = mapping.split("=", 2);
            if (parts.length != 2 || !parts[1].matches("[0-9]{12}")) {
                throw new ParameterException(spec.commandLine(), "--account needs ACCESS_KEY_ID=12-digit-account, got: " + mapping);
            }
            accountMap.map(parts[0], parts[1]);
        }
        Delays delays = Delays.defaults();
        if (delayMs != null) {
            delays = Delays.uniform(Duration.ofMillis(nonNegative("--delay-ms", delayMs))).withImageCopy(delays.imageCopy());
        }
        if (imageDelayMs != null) {
            delays = delays.withImagePending(Duration.ofMillis(nonNegative("--image-delay-ms", imageDelayMs)));
        }
        if (copyDelayMs != null) {
            delays = delays.withImageCopy(Duration.ofMillis(nonNegative("--copy-delay-ms", copyDelayMs)));
        }
        List<ImageSeed> seeds = new ArrayList<>();
        for (String s : seedImages) {
            seeds.add(seedImage(s));
        }
        for (String s : publicImages) {
            seeds.add(publicImage(s));
        }
        if (seedFile != null) {
            try {
                seeds.addAll(ImageSeed.readFile(seedFile));
            } catch (IllegalArgumentException | IOException e) {
                throw new ParameterException(spec.commandLine(), "--seed-file: " + e.getMessage());
            }
        }
        if (saveEverySeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--save-every must be at least 1 second, got " + saveEverySeconds);
        }
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        Ec2Emulator.Builder builder = Ec2Emulator.builder().port(port).accounts(accountMap).delays(delays).seed(seed)
                .baseImage(!noBaseImage).publicImages(publicImageCatalog).diagnostics(err::println);
        if (stateFile != null) {
            builder.stateFile(stateFile, Duration.ofSeconds(saveEverySeconds));
        }
        if (trace) {
            builder.callListener(call -> err.println("ec2 " + call));
        }
        Ec2Emulator emulator;
        try {
            emulator = builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--state-file: " + e.getMessage());
        }
        try {
            for (String s : subnets) {
                int colon = s.indexOf(':');
                if (colon < 1) {
                    throw new ParameterException(spec.commandLine(), "--subnet needs REGION:SUBNET_ID, got: " + s);
                }
                emulator.addSubnet(s.substring(0, colon), s.substring(colon + 1), null);
            }
            for (ImageSeed s : seeds) {
                // with a state file the seeds of an earlier start are there already
                boolean present = emulator.images(s.region()).stream()
                        .anyMatch(i -> i.name().equals(s.name()) && i.ownerId().equals(s.ownerId()));
                if (!present) {
                    err.println("seeded image " + emulator.seedImage(s) + " " + s);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        emulator.faults().seed(seed).latency(Duration.ofMillis(nonNegative("--latency-ms", latencyMs)))
                .throttleRate(share("--throttle-rate", throttleRate)).serverErrorRate(share("--error-rate", errorRate));

        // Ctrl-C and SIGTERM interrupt the wait below; the emulator then closes (saving its state file) and the
        // JVM exits with 130, as every command does when stopped
        return ShutdownGuard.run(NAME, Duration.ofSeconds(30), spec.commandLine().getOut(), spec.commandLine().getErr(), guard -> {
            try {
                emulator.listen();
                PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
                out.println(emulator.endpoint());
                err.println("EC2 emulator listening on " + emulator.endpoint()
                        + (stateFile == null ? "" : ", state file " + stateFile));
                new CountDownLatch(1).await();
                return ExitCodes.OK; // never: only an interrupt ends the wait
            } catch (InterruptedException e) {
                return ExitCodes.INTERRUPTED;
            } finally {
                emulator.close();
            }
        });
    }

    private ImageSeed seedImage(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new ParameterException(this.spec.commandLine(), "--seed-image needs REGION:NAME[:OWNER], got: " + spec);
        }
        ImageSeed seed = ImageSeed.named(parts[1]).region(parts[0]);
        if (parts.length == 3) {
            if (!parts[2].matches("[0-9]{12}")) {
                throw new ParameterException(this.spec.commandLine(), "--seed-image owner must be 12 digits, got: " + spec);
            }
            return seed.owner(parts[2]);
        }
        return seed.owner(Accounts.AMAZON).publicImage(true);
    }

    private ImageSeed publicImage(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new ParameterException(this.spec.commandLine(), "--public-image needs REGION:NAME[:OWNER], got: " + spec);
        }
        String owner = parts.length == 3 ? parts[2] : Accounts.AMAZON;
        if (!owner.matches("[0-9]{12}")) {
            throw new ParameterException(this.spec.commandLine(), "--public-image owner must be 12 digits, got: " + spec);
        }
        return ImageSeed.named(parts[1]).region(parts[0]).owner(owner).publicImage(true);
    }

    private long nonNegative(String option, long value) {
        if (value < 0) {
            throw new ParameterException(spec.commandLine(), option + " cannot be negative, got " + value);
        }
        return value;
    }

    private double share(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new ParameterException(spec.commandLine(), option + " must be between 0 and 1, got " + value);
        }
        return value;
    }
}
