package io.jenkins.plugins.bakeami.engine.bake;

import static io.jenkins.plugins.bakeami.engine.bake.BakeFixture.REGION;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.EmulatorFixture;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.tools.ec2.ImageInfo;
import io.jenkins.plugins.bakeami.tools.ec2.LocalSshd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * Bakes through Packer's SSH communicator, as real templates do: the emulator's instance answers SSH on a local
 * sshd ({@link LocalSshd}) that lets in the key pair Packer created, and a remote {@code shell} provisioner runs
 * there. One bake completes; one is stopped while its remote script runs, which must leave no EC2 resource and no
 * remote process (terminating the instance ends its sessions' processes, as on EC2).
 */
public class BakeSshTest {
    @Rule
    public final BakeFixture fx = new BakeFixture();
    private LocalSshd sshd;

    @Before
    public void startSshd() throws Exception {
        RequiredTools.requirePacker();
        RequiredTools.requireSshServer();
        sshd = LocalSshd.start();
        fx.restartEmulator(emulator -> emulator.sshEndpoint(sshd));
    }

    @After
    public void stopSshd() {
        if (sshd != null) {
            sshd.close();
            assertFalse("sshd still listens on port " + sshd.port(), sshd.listening());
        }
    }

    /** ami/packer.json with an SSH communicator and a remote shell provisioner running ami/files/provision.sh. */
    private void writeSshDefinition(String script) throws Exception {
        Path ami = fx.workspace.resolve("ami");
        BakeFixture.write(ami.resolve("files/provision.sh"), script);
        BakeFixture.write(ami.resolve("packer.json"), EmulatorFixture.packerTemplate("""
                "communicator": "ssh", "ssh_username": "%s", "ssh_port": %d, "ssh_timeout": "1m"
                """.formatted(sshd.user(), sshd.port()), """
                {"type": "shell", "script": "files/provision.sh", "remote_folder": "%s", "environment_vars": ["OUT=%s"]}
                """.formatted(sshd.home(), sshd.home())));
    }

    private String diagnostics() {
        return fx.logText() + "\n--- sshd ---\n" + sshd.log() + "\n--- leaks ---\n" + fx.emulator.leakReport();
    }

    @Test
    public void aRemoteShellProvisionerWritesAFileThroughSsh() throws Exception {
        writeSshDefinition("""
                #!/bin/sh
                set -e
                echo "provisioned $EC2_INSTANCE_ID as $(id -un)" > "$OUT/provisioned"
                """);

        BakeResult result;
        try {
            result = fx.bakery().bake(fx.request("ami/packer.json").build());
        } catch (BakeException e) {
            throw new AssertionError(e.getMessage() + "\n" + diagnostics(), e);
        }

        assertEquals(diagnostics(), BakeOutcome.BAKED, result.outcome());
        List<String> instances = sshd.booted();
        assertEquals("one instance booted on the SSH endpoint", 1, instances.size());
        assertEquals("the AMI is the provisioned instance's", instances.get(0),
                fx.emulator.callLog().calls("CreateImage").get(0).param("InstanceId"));
        assertEquals("the remote script ran in that instance's session, as the sshd user",
                "provisioned " + instances.get(0) + " as " + sshd.user() + "\n",
                Files.readString(sshd.home().resolve("provisioned"), StandardCharsets.UTF_8));
        ImageInfo image = fx.emulator.image(REGION, result.amiId()).orElseThrow();
        assertEquals("available", image.state());
        assertEquals(result.checksum(), image.ownerTags().get(BakeRequest.DEFAULT_TAG_KEY));
        String amiIdFile = Files.readString(fx.workspace.resolve(AmiIdFile.DEFAULT_NAME), StandardCharsets.UTF_8);
        assertTrue(amiIdFile, amiIdFile.startsWith("{\"ami_id\": \"" + result.amiId() + "\""));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertEquals("the terminated instance's key no longer logs in", List.of(), sshd.authorizedInstances());
        assertEquals(List.of(), sshd.sessionProcesses());
    }

    @Test
    public void aStopDuringTheRemoteProvisionerLeavesNoLeakAndNoRemoteProcess() throws Exception {
        // the script says it started (its pid and its child's) on its output, then waits for a child that would
        // outlive any bake; the stop lands while it waits
        writeSshDefinition("""
                #!/bin/sh
                sleep 3600 &
                echo "remote provisioner started: $$ $!"
                wait
                echo "the remote provisioner was not stopped" > "$OUT/finished"
                """);
        CompletableFuture<String> started = new CompletableFuture<>();
        Bakery bakery = new Bakery(line -> {
            fx.log.add(line);
            if (line.contains("remote provisioner started: ")) {
                started.complete(line.substring(line.indexOf("started: ") + "started: ".length()).trim());
            }
        }, PackerTestEnvironment.fastEc2Limits());
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicReference<BakeResult> result = new AtomicReference<>();
        Thread bake = new Thread(() -> {
            try {
                result.set(bakery.bake(fx.request("ami/packer.json").build()));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "ssh-bake");
        bake.start();
        String[] pids;
        try {
            pids = started.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS).split(" ");
            assertEquals("the script's pid and its child's", 2, pids.length);
        } catch (TimeoutException e) {
            throw new AssertionError("the remote provisioner did not start within " + Await.DEADLINE.toSeconds()
                    + " s\n" + diagnostics(), e);
        } finally {
            bake.interrupt();
            Await.ended(bake);
        }

        assertNull("the stopped bake returned a result", result.get());
        assertTrue(outcome.get() + "\n" + diagnostics(), outcome.get() instanceof InterruptedException);
        assertTrue(diagnostics(), fx.emulator.leakReport().isEmpty());
        assertFalse(Files.exists(fx.workspace.resolve(AmiIdFile.DEFAULT_NAME)));
        assertEquals("no image of the stopped bake", List.of(Ec2Emulator.BASE_IMAGE_ID),
                fx.emulator.images(REGION).stream().map(ImageInfo::imageId).toList());
        assertEquals(1, sshd.booted().size());
        assertEquals("the terminated instance's key no longer logs in", List.of(), sshd.authorizedInstances());
        for (String pid : pids) {
            assertFalse("remote process " + pid + " survives the terminated instance",
                    LocalSshd.running(Long.parseLong(pid)));
        }
        assertEquals("no process of any session survives", List.of(), sshd.sessionProcesses());
        assertFalse(Files.exists(sshd.home().resolve("finished")));
    }
}
