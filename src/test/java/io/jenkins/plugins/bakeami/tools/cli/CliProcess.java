package io.jenkins.plugins.bakeami.tools.cli;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The CLI as a process of its own ({@code java -cp <the tests' class path> BakeAmiCli ...}), for what only a process
 * shows: its exit status after a signal, the directory it starts in, the user it runs as. Standard output and error
 * go to files in {@code scratch}.
 */
final class CliProcess {
    /** The user an unprivileged run uses when the tests run as root (setpriv drops to it). */
    private static final String NOBODY = "65534";

    final Process process;
    private final Path out;
    private final Path err;

    private CliProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * @param directory   where the process starts, and its {@code PWD} unless the environment sets that
     * @param environment the whole environment of the process; a variable mapped to "" is left out
     */
    static CliProcess start(Path scratch, Path directory, Map<String, String> environment, String... args)
            throws IOException {
        return start(scratch, directory, environment, List.of(), System.getProperty("java.class.path"), args);
    }

    /**
     * The same as another user than the tests' own, when they run as root (setpriv to nobody): permissions then
     * count as they do for a user. The class path is copied where that user can read it.
     */
    static CliProcess startUnprivileged(Path scratch, Path directory, Map<String, String> environment, String... args)
            throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return start(scratch, directory, environment, args);
        }
        Path setpriv = RequiredTools.require("setpriv");
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> prefix = List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                "--");
        return start(scratch, directory, environment, prefix, readableClassPath(scratch), args);
    }

    private static CliProcess start(Path scratch, Path directory, Map<String, String> environment, List<String> prefix,
            String classPath, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                BakeAmiCli.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().put("PWD", directory.toString()); // as a shell sets it
        builder.environment().putAll(environment);
        builder.environment().values().removeIf(String::isEmpty); // an empty value leaves the variable out
        return new CliProcess(builder.start(), out, err);
    }

    /** Waits for the process to end, at most {@link Await#DEADLINE}; its exit status. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the CLI did not end within " + Await.DEADLINE.toSeconds() + " s: " + err());
        }
        return process.exitValue();
    }

    /** Waits for the process to end and asserts its exit status, showing its output if not. */
    void assertExitCode(int expected) throws InterruptedException {
        int exitCode = exitCode();
        org.junit.Assert.assertEquals("exit status\n--- stdout:\n" + out() + "--- stderr:\n" + err(), expected, exitCode);
    }

    /** Waits until the condition holds ({@link Await}); fails if the process ends first. */
    void awaitWhileRunning(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what + " (or the CLI ends)", () -> condition.getAsBoolean() || !process.isAlive(), this::err);
        if (!condition.getAsBoolean()) {
            fail(what + " did not happen; the CLI ended: " + err());
        }
    }

    /** Sends a signal to the JVM only, as {@code kill -TERM PID} does. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        assertTrue(kill.waitFor(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS) && kill.exitValue() == 0);
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Each entry of the class path copied into scratch/classpath (once), readable by every user. */
    private static String readableClassPath(Path scratch) throws IOException {
        Path root = scratch.resolve("classpath");
        boolean copied = Files.isDirectory(root);
        Files.createDirectories(root);
        List<String> copies = new ArrayList<>();
        int index = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path source = Paths.get(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path copy = root.resolve((index++) + "-" + source.getFileName());
            copies.add(copy.toString());
            if (copied) {
                continue;
            }
            try (Stream<Path> tree = Files.walk(source)) {
                for (Path file : (Iterable<Path>) tree::iterator) {
                    Files.copy(file, copy.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        if (!copied) {
            try (Stream<Path> tree = Files.walk(root)) {
                for (Path file : (Iterable<Path>) tree::iterator) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                            Files.isDirectory(file) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        return String.join(java.io.File.pathSeparator, copies);
    }
}
