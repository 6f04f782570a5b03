package io.jenkins.plugins.bakeami.tools.ec2;

import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real OpenSSH server on a free 127.0.0.1 port, as the machine behind the emulator's instances
 * ({@link SshEndpoint}): Packer's SSH communicator logs in to it with the key pair the emulator created, uploads its
 * scripts with scp and runs them.
 *
 * <p>It runs unprivileged: as the user running the tests or, when that is root (CI), as {@code nobody}. sshd can
 * then only log in that same user, so Packer's {@code ssh_username} is {@link #user()}. {@code nobody}'s login shell
 * is {@code nologin} and its home does not exist, and sshd runs every command through the login shell; instead of
 * creating a user, sshd sees a passwd entry of this server's own ({@code /bin/sh}, home {@link #home()}) through
 * nss_wrapper (Debian {@code libnss-wrapper}), so nothing outside this server's temporary directory is created.
 *
 * <p>What an instance is: {@link #boot} adds the key pair's key to {@code authorized_keys} with
 * {@code environment="EC2_INSTANCE_ID=i-..."}, so every process of a session it opens carries its instance id (and
 * {@code EMULATED_SSH_HOST}, which tells this server's sessions from anything else on the machine).
 * {@link #shutDown} removes the key and kills (SIGKILL, as a machine that is switched off) every process that
 * carries both. A process that clears its environment escapes this; nothing Packer runs does.
 */
public final class LocalSshd implements SshEndpoint, AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final long KILL_POLL_MILLIS = 10;
    private static final Pattern ID_OUTPUT = Pattern.compile("uid=(\\d+)\\(([^)]*)\\) gid=(\\d+)\\(([^)]*)\\)");
    private static final String INSTANCE_VARIABLE = "EC2_INSTANCE_ID";
    private static final String HOST_VARIABLE = "EMULATED_SSH_HOST";
    private static final ProcessBuilder.Redirect DEV_NULL = ProcessBuilder.Redirect.from(new java.io.File("/dev/null"));

    private final Path dir;
    private final String user;
    private final int port;
    private final Process sshd;
    private final List<String> log;
    private final Map<String, String> authorized = new LinkedHashMap<>();
    private final List<String> booted = new ArrayList<>();

    private LocalSshd(Path dir, String user, int port, Process sshd, List<String> log) {
        this.dir = dir;
        this.user = user;
        this.port = port;
        this.sshd = sshd;
        this.log = log;
    }

    /**
     * Starts sshd on a free loopback port and waits until it listens. The calling test needs what
     * {@link RequiredTools#requireSshServer()} checks.
     */
    public static LocalSshd start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bakeami-sshd");
        try {
            return startIn(dir);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            deleteTree(dir);
            throw e;
        }
    }

    private static LocalSshd startIn(Path dir) throws IOException, InterruptedException {
        boolean root = "0".equals(run(List.of("id", "-u")).trim());
        String name = root ? "nobody" : System.getProperty("user.name");
        Matcher id = ID_OUTPUT.matcher(run(List.of("id", name)));
        if (!id.find()) {
            throw new IllegalStateException("cannot read the user and group ids of " + name);
        }
        String uid = id.group(1);
        String gid = id.group(3);
        Path home = Files.createDirectory(dir.resolve("home"));
        Path hostKey = dir.resolve("host_ed25519_key");
        run(List.of(RequiredTools.onPath("ssh-keygen").orElseThrow().toString(), "-q", "-t", "ed25519", "-N", "", "-C",
                "bakeami test sshd", "-f", hostKey.toString()));
        Files.writeString(dir.resolve("passwd"), name + ":x:" + uid + ":" + gid + ":bakeami test sshd:" + home + ":/bin/sh\n");
        Files.writeString(dir.resolve("group"), id.group(4) + ":x:" + gid + ":\n");
        Files.writeString(dir.resolve("authorized_keys"), "");
        if (root) {
            // the server's user reads its host key and writes into its home; everything else stays root's, readable
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Path p : List.of(home, hostKey, dir.resolve("host_ed25519_key.pub"))) {
                Files.setAttribute(p, "unix:uid", Integer.parseInt(uid));
                Files.setAttribute(p, "unix:gid", Integer.parseInt(gid));
            }
        }
        IOException lastBindFailure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Files.writeString(dir.resolve("sshd_config"), config(dir, port, hostKey));
            List<String> command = new ArrayList<>();
            if (root) {
                command.addAll(List.of(RequiredTools.onPath("setpriv").orElseThrow().toString(), "--reuid=" + uid,
                        "--regid=" + gid, "--clear-groups", "--"));
            }
            command.addAll(List.of(RequiredTools.sshd().orElseThrow().toString(), "-D", "-e", "-f",
                    dir.resolve("sshd_config").toString()));
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(DEV_NULL);
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            pb.environment().put("LD_PRELOAD", RequiredTools.nssWrapper().orElseThrow().toString());
            pb.environment().put("NSS_WRAPPER_PASSWD", dir.resolve("passwd").toString());
            pb.environment().put("NSS_WRAPPER_GROUP", dir.resolve("group").toString());
            Process sshd = pb.start();
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Boolean> listening = new CompletableFuture<>();
            Thread reader = new Thread(() -> readLog(sshd, log, listening), "sshd-log");
            reader.setDaemon(true);
            reader.start();
            boolean up;
            try {
                up = listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                up = false;
            }
            if (up) {
                return new LocalSshd(dir, name, port, sshd, log);
            }
            stop(sshd);
            String output = String.join("\n", log);
            if (!output.contains("Bind to port") && !output.contains("Cannot bind any address")) {
                throw new IOException("sshd did not start within " + START_TIMEOUT.toSeconds() + " s:\n" + output);
            }
            lastBindFailure = new IOException("port " + port + " was taken meanwhile:\n" + output);
        }
        throw lastBindFailure;
    }

    private static String config(Path dir, int port, Path hostKey) {
        return String.join("\n",
                "ListenAddress 127.0.0.1",
                "Port " + port,
                "HostKey " + hostKey,
                "PidFile none",
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                // the files are root's (CI) or in a temporary directory whose modes sshd need not police
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                // Packer 1.6.6's SSH library signs with ssh-rsa (SHA-1), which OpenSSH 8.8+ refuses by default
                "PubkeyAcceptedAlgorithms +ssh-rsa",
                "PermitUserEnvironment " + INSTANCE_VARIABLE,
                "SetEnv " + HOST_VARIABLE + "=" + dir,
                "AllowTcpForwarding no",
                "X11Forwarding no",
                "Subsystem sftp internal-sftp",
                "LogLevel VERBOSE",
                "");
    }

    private static void readLog(Process sshd, List<String> log, CompletableFuture<Boolean> listening) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(sshd.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                log.add(line);
                if (line.startsWith("Server listening on 127.0.0.1 port")) {
                    listening.complete(true);
                }
            }
        } catch (IOException e) {
            log.add("(reading sshd's output failed: " + e + ")");
        } finally {
            listening.complete(false);
        }
    }

    /** The user Packer logs in as ({@code ssh_username}). */
    public String user() {
        return user;
    }

    /** The port sshd listens on, on 127.0.0.1 ({@code ssh_port}). */
    public int port() {
        return port;
    }

    /** A directory the server's user may write: Packer's {@code remote_folder}, and where remote scripts write. */
    public Path home() {
        return dir.resolve("home");
    }

    @Override
    public String address() {
        return "127.0.0.1";
    }

    @Override
    public synchronized void boot(String instanceId, String publicKey) {
        booted.add(instanceId);
        if (publicKey != null) {
            authorized.put(instanceId, "environment=\"" + INSTANCE_VARIABLE + "=" + instanceId + "\" " + publicKey);
            writeAuthorizedKeys();
        }
    }

    @Override
    public synchronized void shutDown(String instanceId) {
        if (authorized.remove(instanceId) != null) {
            writeAuthorizedKeys();
        }
        killSessions(INSTANCE_VARIABLE + "=" + instanceId);
    }

    /** The instances that booted here, in order. */
    public synchronized List<String> booted() {
        return List.copyOf(booted);
    }

    /** The instances whose key logs in now. */
    public synchronized List<String> authorizedInstances() {
        return List.copyOf(authorized.keySet());
    }

    /** The processes of this server's sessions that still run, whatever instance they belong to. */
    public List<ProcessHandle> sessionProcesses() {
        return processesWith(HOST_VARIABLE + "=" + dir);
    }

    /** sshd's own log (connections, logins, errors), for failure messages. */
    public String log() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    /** Whether something accepts connections on the port. */
    public boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ends every session, stops sshd and deletes its directory. */
    @Override
    public void close() {
        List<ProcessHandle> connections = sshd.descendants().toList();
        try {
            killSessions(null);
        } finally {
            stop(sshd);
            connections.forEach(ProcessHandle::destroyForcibly);
            deleteTree(dir);
        }
    }

    /** Whether a process runs; a killed process that nobody has reaped yet (a zombie) does not. */
    public static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            return "ZX".indexOf(stat.charAt(stat.lastIndexOf(')') + 2)) < 0;
        } catch (IOException e) {
            return false;
        }
    }

    private void writeAuthorizedKeys() {
        try {
            Path temp = dir.resolve("authorized_keys.new");
            Files.writeString(temp, authorized.values().stream().map(l -> l + "\n").reduce("", String::concat));
            Files.move(temp, dir.resolve("authorized_keys"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SIGKILLs this server's session processes (those of one instance, or all with {@code instanceVariable} null)
     * until none is left, re-reading the process table each round for children forked meanwhile.
     */
    private void killSessions(String instanceVariable) {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        List<ProcessHandle> left = sessions(instanceVariable);
        while (!left.isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("session processes survive SIGKILL: " + left);
            }
            left.forEach(ProcessHandle::destroyForcibly);
            try {
                Thread.sleep(KILL_POLL_MILLIS); // a SIGKILLed process is gone within moments
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while ending the sessions of " + dir, e);
            }
            left = sessions(instanceVariable);
        }
    }

    private List<ProcessHandle> sessions(String instanceVariable) {
        return sessionProcesses().stream()
                .filter(p -> instanceVariable == null || environment(p.pid()).contains(instanceVariable))
                .toList();
    }

    /** The running processes whose environment holds {@code variable} ({@code NAME=value}). */
    private static List<ProcessHandle> processesWith(String variable) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> environment(p.pid()).contains(variable) && running(p.pid())).toList();
        }
    }

    /** A process's environment as NAME=value entries; empty when it is gone or not ours to read. */
    private static List<String> environment(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(DEV_NULL).start();
        // waits before reading: the output (id, ssh-keygen -q) is far smaller than a pipe's buffer
        boolean done = p.waitFor(30, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + (done ? " failed: " : " did not end in 30 s: ") + out);
        }
        return out;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
