package io.jenkins.plugins.bakeami.tools.cli;

import static io.jenkins.plugins.bakeami.tools.cli.CliFixture.REGION;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.EmulatorFixture;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.tools.demo.SampleDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/**
 * SIGTERM or SIGINT (Ctrl-C) to a real {@code bake-ami bake} process while Packer waits for its instance: the CLI lets
 * Packer clean up before the JVM exits, so nothing is left running in EC2.
 */
public class BakeCommandSignalTest {
    @Rule
    public CliFixture fx = new CliFixture();

    private Process process;

    @After
    public void killLeftover() {
        if (process != null && process.isAlive()) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    public void sigtermWhileTheInstanceIsPendingCleansUpAndExits130() throws Exception {
        stopWhileTheInstanceIsPending("TERM");
    }

    @Test
    public void ctrlCWhileTheInstanceIsPendingCleansUpAndExits130() throws Exception {
        stopWhileTheInstanceIsPending("INT");
    }

    private void stopWhileTheInstanceIsPending(String signal) throws Exception {
        RequiredTools.requirePacker();
        SampleDefinition.write(fx.workspace);
        // the instance stays pending until the stop: Packer waits for it when the stop comes
        fx.emulator.delays(EmulatorFixture.DELAYS.withInstancePending(Duration.ofMinutes(30)));
        Path amiIdFile = fx.workspace.resolve(".ami_id.json");
        Files.writeString(amiIdFile, "{\"ami_id\": \"ami-stale\"}", StandardCharsets.UTF_8);
        Path out = fx.tmp.newFile("out.txt").toPath();
        Path err = fx.tmp.newFile("err.txt").toPath();

        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), BakeAmiCli.class.getName(),
                "bake", "--template", SampleDefinition.TEMPLATE, "--region", REGION, "--endpoint", fx.endpoint(),
                "--work-dir", fx.workspace.toString(), "--grace-period", "60s"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(fx.environment());
        process = builder.start();

        Await.until("packer waits for its instance", () -> fx.emulator.callLog().count("DescribeInstances") > 0
                || !process.isAlive(), () -> read(err));
        assertTrue("the CLI ended before packer waited for its instance:\n" + read(err), process.isAlive());
        // to the JVM only, as `kill PID`, a CI runner's stop or Ctrl-C in a terminal (which also reaches Packer) send it
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertTrue(kill.waitFor(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue());

        assertTrue("the CLI did not exit within the grace period", process.waitFor(Await.DEADLINE.toSeconds(),
                TimeUnit.SECONDS));
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(stderr, ExitCodes.INTERRUPTED, process.exitValue());
        assertTrue(stderr, stderr.contains("bake-ami bake: stopping (signal received)"));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertEquals("the instance was launched and terminated", 1, fx.emulator.callLog().count("RunInstances"));
        assertFalse("no .ami_id.json after a stopped bake", Files.exists(amiIdFile));
        assertEquals("no AMI id on stdout", "", Files.readString(out, StandardCharsets.UTF_8));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
