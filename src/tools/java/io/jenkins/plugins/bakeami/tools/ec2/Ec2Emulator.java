package io.jenkins.plugins.bakeami.tools.ec2;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A local EC2 endpoint for tests, the demo and benchmarks: the EC2 Query API subset that the AMI registry (AWS SDK
 * v2) and Packer's amazon-ebs builder use, on 127.0.0.1 only.
 *
 * <pre>{@code
 * try (Ec2Emulator ec2 = Ec2Emulator.builder().delays(Delays.uniform(Duration.ofMillis(50))).start()) {
 *     ec2.accounts().map("AKIAOURS", "111111111111");
 *     ec2.seedImage(ImageSeed.named("app-1").owner("111111111111").tag("ami_config_checksum", "abc"));
 *     Ec2Client client = Ec2Client.builder().endpointOverride(ec2.endpoint())...;
 *     ...
 *     assertTrue(ec2.leakReport().toString(), ec2.leakReport().isEmpty());
 * }
 * }</pre>
 *
 * <p>Every region (from the SigV4 credential scope) has its own state, and each holds the public base image
 * {@link #BASE_IMAGE_ID} ("debian-base", owner alias {@code amazon}) unless the builder turns it off, and, when the
 * builder asks for them, a few public images of Amazon and Canonical for {@code source_ami_filter}
 * ({@link Builder#publicImages(boolean)}). {@link #publishImage} publishes a newer one.
 */
public final class Ec2Emulator implements AutoCloseable {
    /** The public source image every region holds by default. */
    public static final String BASE_IMAGE_ID = "ami-0123456789abcdef0";
    public static final String BASE_IMAGE_NAME = "debian-base";
    /** Canonical's account, owner of the public Ubuntu images (EC2 shows it with no owner alias). */
    public static final String CANONICAL = "099720109477";
    static final String BASE_SNAPSHOT_ID = "snap-0123456789abcdef0";
    static final Instant BASE_IMAGE_DATE = Instant.parse("2024-01-01T00:00:00Z");
    /** 127.0.0.1 itself (not whatever "localhost" resolves to), as {@link #endpoint()} names it. */
    private static final InetAddress LOOPBACK = loopback();

    private final Ec2State state;
    private final Sts sts;
    private final Faults faults;
    private final CallLog callLog;
    private final Ec2HttpHandler handler;
    private final Consumer<String> diagnostics;
    private final int requestedPort;
    private int boundPort;
    private final Path stateFile;
    private final Duration saveEvery;
    private ScheduledExecutorService saver;
    private HttpServer server;
    private ExecutorService executor;

    private Ec2Emulator(Builder b) {
        this.faults = new Faults(b.seed);
        this.callLog = new CallLog(b.callListener);
        Ids ids = new Ids(b.seed);
        ids.reserve(BASE_IMAGE_ID);
        ids.reserve(BASE_SNAPSHOT_ID);
        boolean baseImage = b.baseImage;
        boolean publicImages = b.publicImages;
        this.state = new Ec2State(b.clock, ids, b.accounts, b.delays, region -> {
            if (baseImage) {
                addBaseImage(region, ids);
            }
            if (publicImages) {
                PublicImages.plant(region, ids);
            }
        });
        state.sshEndpoint = b.sshEndpoint;
        this.diagnostics = b.diagnostics;
        this.sts = new Sts(b.clock, b.accounts);
        this.handler = new Ec2HttpHandler(state, sts, ActionTable.standard(b.accounts), faults, callLog, b.diagnostics);
        this.requestedPort = b.port;
        this.stateFile = b.stateFile;
        this.saveEvery = b.saveEvery;
        if (stateFile != null && Files.exists(stateFile)) {
            loadState(stateFile);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts an emulator with the defaults on a free port. */
    public static Ec2Emulator startDefault() {
        return builder().start();
    }

    /** Settings of an emulator to start. */
    public static final class Builder {
        private int port;
        private Accounts accounts = new Accounts();
        private Delays delays = Delays.defaults();
        private long seed = 1;
        private boolean baseImage = true;
        private boolean publicImages;
        private Clock clock = Clock.systemUTC();
        private Consumer<String> diagnostics = System.err::println;
        private Consumer<CallLog.Call> callListener = call -> { };
        private Path stateFile;
        private Duration saveEvery;
        private SshEndpoint sshEndpoint;

        private Builder() {}

        /** The port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        public Builder accounts(Accounts accounts) {
            this.accounts = Objects.requireNonNull(accounts, "accounts");
            return this;
        }

        public Builder delays(Delays delays) {
            this.delays = Objects.requireNonNull(delays, "delays");
            return this;
        }

        /** Seeds the id generator and the fault rates, so a run can be repeated. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether every region holds the public base image {@link #BASE_IMAGE_ID} (default true). */
        public Builder baseImage(boolean baseImage) {
            this.baseImage = baseImage;
            return this;
        }

        /**
         * Whether every region holds public images of other owners (default false): Amazon Linux 2 (owner alias
         * {@code amazon}) and Ubuntu 22.04 ({@link #CANONICAL}) in two versions each, with names and creation dates
         * that {@code source_ami_filter} selects by, and a newer paravirtual and instance-store image that filters
         * on {@code virtualization-type} and {@code root-device-type} leave out.
         */
        public Builder publicImages(boolean publicImages) {
            this.publicImages = publicImages;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where the emulator reports what it cannot do (unsupported actions); default standard error. */
        public Builder diagnostics(Consumer<String> diagnostics) {
            this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
            return this;
        }

        /**
         * A file that keeps the state across restarts: loaded when the emulator is built (if it exists), saved when
         * it closes and, with {@code saveEvery} not null, periodically while it runs.
         */
        public Builder stateFile(Path stateFile, Duration saveEvery) {
            this.stateFile = stateFile;
            this.saveEvery = saveEvery;
            return this;
        }

        /** Told of every call as it is answered (e.g. to print a trace); besides the {@link CallLog}. */
        public Builder callListener(Consumer<CallLog.Call> callListener) {
            this.callListener = Objects.requireNonNull(callListener, "callListener");
            return this;
        }

        /**
         * Where instances answer SSH (for Packer's SSH communicator); default none: instances have no public address.
         */
        public Builder sshEndpoint(SshEndpoint sshEndpoint) {
            this.sshEndpoint = Objects.requireNonNull(sshEndpoint, "sshEndpoint");
            return this;
        }

        public Ec2Emulator build() {
            return new Ec2Emulator(this);
        }

        /** Builds and starts listening. */
        public Ec2Emulator start() {
            Ec2Emulator emulator = build();
            emulator.listen();
            return emulator;
        }
    }

    /** Starts listening on 127.0.0.1 (again, on the same port, after {@link #stopListening()}). */
    public synchronized Ec2Emulator listen() {
        if (server != null) {
            return this;
        }
        int port = boundPort > 0 ? boundPort : requestedPort;
        try {
            server = HttpServer.create(new InetSocketAddress(LOOPBACK, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "ec2-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.createContext(InspectionHandler.PATH, new InspectionHandler(this::leakReport, callLog));
        server.start();
        boundPort = server.getAddress().getPort();
        if (stateFile != null && saveEvery != null && saver == null) {
            saver = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ec2-emulator-state");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(1, saveEvery.toMillis());
            saver.scheduleWithFixedDelay(this::saveQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Stops listening (connections are refused) but keeps the state; {@link #listen()} resumes on the same port. */
    public synchronized void stopListening() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            executor = null;
        }
    }

    /** Stops listening and, with a state file, saves the state one last time. */
    @Override
    public void close() {
        stopListening();
        synchronized (this) {
            if (saver != null) {
                saver.shutdownNow();
                saver = null;
            }
        }
        if (stateFile != null) {
            saveState(stateFile);
        }
    }

    private void saveQuietly() {
        try {
            saveState(stateFile);
        } catch (RuntimeException e) {
            diagnostics.accept("EC2 emulator: cannot save state to " + stateFile + ": " + e.getMessage());
        }
    }

    /** Writes every region's resources to a JSON file (replaced atomically). */
    public void saveState(Path file) {
        state.locked(() -> {
            state.settle();
            try {
                StateFile.save(state, file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save the emulator state to " + file, e);
            }
        });
    }

    /** Replaces the regions a state file holds with their saved content. */
    public void loadState(Path file) {
        state.locked(() -> {
            try {
                StateFile.load(state, file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the emulator state from " + file, e);
            }
        });
    }

    public synchronized int port() {
        if (boundPort == 0) {
            throw new IllegalStateException("the emulator has not listened yet");
        }
        return boundPort;
    }

    /** {@code http://127.0.0.1:PORT}: what the SDK's endpointOverride and Packer's custom_endpoint_ec2 take. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public Faults faults() {
        return faults;
    }

    public CallLog callLog() {
        return callLog;
    }

    public Accounts accounts() {
        return state.accounts;
    }

    /** The emulator's STS (AssumeRole, GetCallerIdentity) on the same endpoint: its sessions and settings. */
    public Sts sts() {
        return sts;
    }

    public Delays delays() {
        return state.delays();
    }

    /** Changes the lifecycle delays of what is created from now on. */
    public void delays(Delays delays) {
        state.delays(Objects.requireNonNull(delays, "delays"));
    }

    /** The account an access key id stands for (mapped or derived). */
    public String accountFor(String accessKeyId) {
        return state.accounts.accountFor(accessKeyId);
    }

    /** The leftovers of every region now (lifecycle transitions that are due are applied first). */
    public LeakReport leakReport() {
        return state.locked(() -> {
            state.settle();
            return LeakReport.of(state);
        });
    }

    /** Puts an image (with one completed root snapshot) into a region; returns its id. */
    public String seedImage(ImageSeed seed) {
        seed.check();
        return state.locked(() -> seed.plant(state.region(seed.region), state.ids, state.clock.instant()).id);
    }

    /**
     * Puts an image into a region: the short form of {@link #seedImage(ImageSeed)}.
     *
     * @param state {@code available}, {@code pending} (stays pending) or {@code failed}
     * @param creationDate null for now
     */
    public String seedImage(String region, String ownerAccount, String name, Map<String, String> tags, String state,
            Instant creationDate, boolean isPublic) {
        return seedImage(ImageSeed.named(name).region(region).owner(ownerAccount).tags(tags == null ? Map.of() : tags)
                .state(state).creationDate(creationDate).publicImage(isPublic));
    }

    /**
     * Publishes a public image of another account, created now (the emulator's clock): a newer base image for a
     * template whose {@code source_ami_filter} takes the most recent one. Returns its id.
     */
    public String publishImage(String region, String ownerAccount, String name) {
        return seedImage(ImageSeed.named(name).region(region).owner(ownerAccount).publicImage(true));
    }

    /** Sets an image's state now ({@code available}, {@code pending}, {@code failed}), e.g. to fail a build. */
    public void setImageState(String region, String imageId, String newState) {
        if (!List.of("available", "pending", "failed").contains(newState)) {
            throw new IllegalArgumentException("image state must be available, pending or failed: " + newState);
        }
        state.locked(() -> {
            Image image = existingImage(region, imageId);
            image.state = newState;
            image.readyAt = Long.MAX_VALUE;
            image.stateReasonCode = "failed".equals(newState) ? "Server.InternalError" : null;
            image.stateReasonMessage = "failed".equals(newState) ? "Server.InternalError: Internal error on launch" : null;
        });
    }

    /** Makes every image created from now on (CreateImage, CopyImage) end in {@code failed} instead of available. */
    public void failNewImages(boolean fail) {
        state.failNewImages = fail;
    }

    public Optional<ImageInfo> image(String region, String imageId) {
        return state.locked(() -> {
            state.settle();
            Image i = state.region(region).images.get(imageId);
            if (i == null) {
                return Optional.empty();
            }
            return Optional.of(new ImageInfo(region, i.id, i.name, i.ownerId, i.state, i.creationDate, i.isPublic,
                    Map.copyOf(i.tags.visibleTo(i.ownerId)), List.copyOf(i.snapshotIds())));
        });
    }

    /** The images of a region (every owner), in id order. */
    public List<ImageInfo> images(String region) {
        return state.locked(() -> {
            state.settle();
            List<ImageInfo> out = new ArrayList<>();
            for (String id : state.region(region).images.keySet()) {
                out.add(image(region, id).orElseThrow());
            }
            return out;
        });
    }

    public Optional<SnapshotInfo> snapshot(String region, String snapshotId) {
        return state.locked(() -> {
            state.settle();
            Snapshot s = state.region(region).snapshots.get(snapshotId);
            return s == null ? Optional.<SnapshotInfo>empty()
                    : Optional.of(new SnapshotInfo(region, s.id, s.ownerId, s.state, Map.copyOf(s.tags.visibleTo(s.ownerId)),
                            s.encrypted, s.kmsKeyId));
        });
    }

    /**
     * Adds a subnet with a given id to a region's default VPC (for templates that name a subnet, like the seed's
     * {@code aws_subnet_id}); {@code zone} null means the region's first zone.
     */
    public void addSubnet(String region, String subnetId, String zone) {
        if (!Ids.wellFormed(subnetId, "subnet")) {
            throw new IllegalArgumentException("not a subnet id (subnet- and 8 or 17 hex digits): " + subnetId);
        }
        state.locked(() -> {
            RegionState r = state.region(region);
            String az = zone == null ? region + RegionState.ZONE_SUFFIXES[0] : zone;
            if (r.defaultSubnet(az) == null || !az.startsWith(region)) {
                throw new IllegalArgumentException("no availability zone " + az + " in " + region);
            }
            r.addSubnet(subnetId, az, false);
        });
    }

    /** The id of a region's default subnet in one availability zone (e.g. {@code us-east-1a}); stable across starts. */
    public static String defaultSubnetId(String region, String zone) {
        return RegionState.defaultSubnetId(region, zone);
    }

    /** The id of a region's default VPC; stable across starts. */
    public static String defaultVpcId(String region) {
        return RegionState.defaultVpcId(region);
    }

    private Image existingImage(String region, String imageId) {
        Image image = state.region(region).images.get(imageId);
        if (image == null) {
            throw new IllegalArgumentException("no image " + imageId + " in " + region);
        }
        return image;
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("127.0.0.1 is not an address", e);
        }
    }

    private static void addBaseImage(RegionState region, Ids ids) {
        ImageSeed.named(BASE_IMAGE_NAME).region(region.name).owner(Accounts.AMAZON).id(BASE_IMAGE_ID)
                .description("Debian base image (emulated)").creationDate(BASE_IMAGE_DATE).publicImage(true)
                .snapshot(BASE_SNAPSHOT_ID, true).plant(region, ids, BASE_IMAGE_DATE);
    }
}
