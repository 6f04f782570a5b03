package io.jenkins.plugins.bakeami.tools.demo;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.bake.AmiIdFile;
import io.jenkins.plugins.bakeami.engine.bake.BakeException;
import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.bake.BakeResult;
import io.jenkins.plugins.bakeami.engine.bake.Bakery;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The demo's three bakes against a running emulator, through the engine's {@link Bakery} exactly as the CLI and
 * the Jenkins step use it: (1) nothing carries the definition's checksum, Packer builds and the AMI is tagged;
 * (2) the same definition, found by its checksum, Packer not run; (3) one file changed, a new AMI.
 */
public final class DemoScenario {
    public static final String REGION = "us-east-1";
    /** Made-up keys: the emulator maps them to {@link #ACCOUNT}; they are nobody's real keys. */
    static final String ACCESS_KEY = "AKIADEMO000000000001";
    static final String SECRET_KEY = "demo-secret-key-not-a-real-one";
    static final String ACCOUNT = "111122223333";

    /** What the demo prints as it goes. */
    public interface Listener {
        void stepStarted(int number, String title);

        void stepFinished(int number, DemoStep step);
    }

    private final Ec2Emulator emulator;
    private final Path directory;
    private final Map<String, String> environment;
    private final Consumer<String> bakeLog;
    private final Listener listener;

    /**
     * @param environment the environment to start from (its PATH finds packer); AWS and Packer variables are
     *                    replaced by the demo's own
     * @param bakeLog     receives the engine's and Packer's output lines
     */
    public DemoScenario(Ec2Emulator emulator, Path directory, Map<String, String> environment,
            Consumer<String> bakeLog, Listener listener) {
        this.emulator = emulator;
        this.directory = directory;
        this.environment = environment;
        this.bakeLog = bakeLog;
        this.listener = listener;
    }

    /** Maps the demo's keys to the demo account, so the emulator's images are "ours". */
    public static void prepare(Ec2Emulator emulator) {
        emulator.accounts().map(ACCESS_KEY, ACCOUNT);
    }

    /** The subnet the demo hands to Packer, as the seed's AWS_SUBNET_ID: the region's default one in zone a. */
    public static String subnetId() {
        return Ec2Emulator.defaultSubnetId(REGION, REGION + "a");
    }

    public List<DemoStep> run() throws BakeException, InterruptedException, IOException {
        List<DemoStep> steps = new ArrayList<>();
        steps.add(step(1, "first bake: no AMI carries the definition's checksum, so Packer builds one"));
        steps.add(step(2, "same definition again: the AMI is found by its checksum tag, Packer does not run"));
        String line = SampleDefinition.changeMotd(directory);
        steps.add(step(3, "appended \"" + line + "\" to " + SampleDefinition.MOTD
                + ": new checksum, so Packer bakes a new AMI"));
        return steps;
    }

    private DemoStep step(int number, String title) throws BakeException, InterruptedException, IOException {
        listener.stepStarted(number, title);
        int callsBefore = emulator.callLog().calls().size();
        long start = System.nanoTime();
        BakeResult result = new Bakery(bakeLog, fastLimits(), Ec2Clients.Transport.URL_CONNECTION).bake(request());
        Duration wallTime = Duration.ofNanos(System.nanoTime() - start);
        List<String> actions = emulator.callLog().actions();
        String json = Files.readString(directory.resolve(AmiIdFile.DEFAULT_NAME), StandardCharsets.UTF_8);
        DemoStep step = new DemoStep(title, result, wallTime, actions.subList(callsBefore, actions.size()), json);
        listener.stepFinished(number, step);
        return step;
    }

    private BakeRequest request() {
        return BakeRequest.builder(directory.toString())
                .template(SampleDefinition.TEMPLATE)
                .dirs(List.of(SampleDefinition.DIRECTORY))
                .region(REGION)
                .endpoint(emulator.endpoint().toString())
                .keys(new AwsKeys(ACCESS_KEY, SECRET_KEY, null))
                .subnetId(subnetId())
                .environment(packerEnvironment())
                .gracePeriod(Duration.ofSeconds(30))
                .build();
    }

    /**
     * The environment Packer runs in: this one without AWS or Packer settings of the machine (they must not point
     * the demo at a real account), fast waiters, and a private HOME and cache inside the demo directory.
     */
    Map<String, String> packerEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("PACKER_"));
        env.put("AWS_POLL_DELAY_SECONDS", "1");
        env.put("AWS_MAX_ATTEMPTS", "120");
        env.put("CHECKPOINT_DISABLE", "1");
        Path packerHome = directory.resolve(".packer-home");
        env.put("HOME", packerHome.toString());
        env.put("PACKER_CACHE_DIR", packerHome.resolve("cache").toString());
        return env;
    }

    /** The emulator answers at once; a short backoff keeps an unexpected error quick to show. */
    private static Ec2Clients.Limits fastLimits() {
        return new Ec2Clients.Limits(4, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }
}
