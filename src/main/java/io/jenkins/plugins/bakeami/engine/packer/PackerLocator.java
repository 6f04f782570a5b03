package io.jenkins.plugins.bakeami.engine.packer;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds {@code packer} (a configured path, else the {@code PATH} of the environment Packer will run with) and
 * checks its version. Each failure is a {@link PackerException} that says what was looked at and how to fix it.
 */
public final class PackerLocator {

    /** HCL2 templates and {@code -machine-readable} as parsed here need Packer 1.5 or newer. */
    public static final PackerVersion MINIMUM_VERSION = new PackerVersion(1, 5, 0);

    public static final String INSTALL_HINT = "Install it with `sudo apt-get install packer` (Debian/Ubuntu) or"
            + " download it from https://developer.hashicorp.com/packer/install, or configure the path to packer.";

    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(60);
    /** The versions of the packer binaries seen in this JVM, by real path, size and modification time. */
    private static final Map<String, PackerVersion> VERSIONS = new ConcurrentHashMap<>();
    private static final int MAX_VERSION_OUTPUT = 64 * 1024;

    private final Map<String, String> environment;
    private final boolean inheritEnvironment;

    /**
     * @param environment        the environment Packer will run with (its {@code PATH} is searched)
     * @param inheritEnvironment whether that environment extends the JVM's own
     */
    public PackerLocator(Map<String, String> environment, boolean inheritEnvironment) {
        this.environment = Map.copyOf(environment);
        this.inheritEnvironment = inheritEnvironment;
    }

    /** Finds packer and checks it is HashiCorp Packer, at least {@link #MINIMUM_VERSION}. */
    public PackerExecutable locate(Path configured) throws PackerException, InterruptedException {
        Path packer = find(configured);
        PackerVersion version = cachedVersion(packer);
        if (version.isOlderThan(MINIMUM_VERSION)) {
            throw new PackerException("Packer " + version + " at " + packer + " is too old: at least "
                    + MINIMUM_VERSION + " is needed (HCL2 templates and machine-readable output). " + INSTALL_HINT);
        }
        return new PackerExecutable(packer, version);
    }

    /**
     * The configured packer if one is given (it must be an executable file), else the first executable
     * {@code packer} in the environment's {@code PATH}.
     */
    public Path find(Path configured) throws PackerException {
        if (configured != null) {
            Path path = configured.toAbsolutePath().normalize();
            if (!Files.isRegularFile(path)) {
                throw new PackerException("The configured packer " + path + " does not exist or is not a file. "
                        + INSTALL_HINT);
            }
            if (!Files.isExecutable(path)) {
                throw new PackerException("The configured packer " + path + " is not executable.");
            }
            return path;
        }
        String searchPath = ProcessEnvironment.path(environment, inheritEnvironment);
        if (searchPath == null || searchPath.isBlank()) {
            throw new PackerException("packer not found: the environment given to Packer has no PATH to search. "
                    + INSTALL_HINT);
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue; // an empty entry means the working directory: never run a packer found there by chance
            }
            for (String name : executableNames()) {
                Path candidate;
                try {
                    candidate = Paths.get(dir, name);
                } catch (InvalidPathException e) {
                    continue;
                }
                if (candidate.isAbsolute() && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new PackerException("packer not found in PATH (" + searchPath + "). " + INSTALL_HINT);
    }

    private static List<String> executableNames() {
        return File.separatorChar == '\\' ? List.of("packer.exe", "packer") : List.of("packer");
    }

    /**
     * The version of this packer binary, asked once per JVM: every bake that may run Packer checks it before its
     * lookup, and a long-lived JVM (a Jenkins agent) would otherwise start {@code packer version} (about 100 ms) for
     * every no-op bake. A binary replaced in place has another size or time, so it is asked again.
     */
    private PackerVersion cachedVersion(Path packer) throws PackerException, InterruptedException {
        String key;
        try {
            BasicFileAttributes file = Files.readAttributes(packer, BasicFileAttributes.class);
            key = packer.toRealPath() + "|" + file.size() + "|" + file.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return version(packer);
        }
        PackerVersion known = VERSIONS.get(key);
        if (known == null) {
            known = version(packer);
            VERSIONS.put(key, known);
        }
        return known;
    }

    /** Runs {@code packer version} and reads the version it prints. */
    public PackerVersion version(Path packer) throws PackerException, InterruptedException {
        String output = runVersion(packer);
        return PackerVersion.find(output).orElseThrow(() -> new PackerException(packer
                + " does not look like HashiCorp Packer: `" + packer.getFileName() + " version` printed "
                + quoteFirstLine(output) + ". " + INSTALL_HINT));
    }

    private String runVersion(Path packer) throws PackerException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(packer.toString(), "version").redirectErrorStream(true);
        ProcessEnvironment.apply(pb.environment(), environment, inheritEnvironment);
        Process process;
        try {
            process = pb.redirectInput(ProcessBuilder.Redirect.from(new File(nullDevice()))).start();
        } catch (IOException e) {
            throw new PackerException("Cannot run " + packer + " version: " + e.getMessage(), e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copyBounded(process.getInputStream(), output), "packer-version-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                throw new PackerException("`" + packer + " version` did not finish within "
                        + VERSION_TIMEOUT.toSeconds() + " s");
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            killTree(process);
            throw e;
        }
        int exit = process.exitValue();
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8);
        }
        if (exit != 0) {
            throw new PackerException("`" + packer + " version` failed (exit code " + exit + "): "
                    + quoteFirstLine(text));
        }
        return text;
    }

    private static void copyBounded(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    if (out.size() < MAX_VERSION_OUTPUT) {
                        out.write(buffer, 0, Math.min(n, MAX_VERSION_OUTPUT - out.size()));
                    }
                }
            }
        } catch (IOException e) {
            // the process went away; what was read is all there is
        }
    }

    private static void killTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.toHandle().destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static String nullDevice() {
        return File.separatorChar == '\\' ? "NUL" : "/dev/null";
    }

    private static String quoteFirstLine(String output) {
        String first = output.strip().lines().findFirst().orElse("");
        if (first.length() > 200) {
            first = first.substring(0, 200) + "...";
        }
        return first.isEmpty() ? "nothing" : "\"" + first + "\"";
    }
}
