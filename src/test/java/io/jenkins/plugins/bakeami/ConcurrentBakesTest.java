package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.bake.BakeOutcome;
import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;

/**
 * Builds of the same definition started together, each with its own workspace, through the controller's lock, which
 * a bake holds across all its calls (probe, start, the polls, finish): one Packer build; the others wait for it and
 * reuse its AMI (real packer, the emulator).
 */
public class ConcurrentBakesTest {
    @Rule
    public CallableBakeFixture fx = new CallableBakeFixture();

    @Test
    public void threeBuildsOfTheSameChecksumBakeOnceAndReturnTheSameAmi() throws Exception {
        RequiredTools.requirePacker();
        fx.writeDefinition("echo provisioning", "");
        int builds = 3;
        List<File> workspaces = new ArrayList<>();
        for (int i = 1; i <= builds; i++) { // each build has its own agent workspace, with the same definition
            Path copy = fx.workspace.resolveSibling("workspace-" + i);
            for (String file : List.of("ami/packer.json", "ami/files/motd", "ami/files/setup.sh")) {
                Files.createDirectories(copy.resolve(file).getParent());
                Files.copy(fx.path(file), copy.resolve(file));
            }
            workspaces.add(copy.toFile());
        }
        ExecutorService pool = Executors.newCachedThreadPool();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BakeAmiSummary>> running = new ArrayList<>();
        try {
            for (int i = 0; i < builds; i++) {
                File workspace = workspaces.get(i);
                String build = "concurrent#" + (i + 1);
                running.add(pool.submit(() -> {
                    assertTrue(start.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
                    return fx.bake(fx.step(), fx.environmentWithKeys(), fx.run(build), workspace);
                }));
            }
            start.countDown();
            Set<String> amis = new TreeSet<>();
            List<BakeOutcome> outcomes = new ArrayList<>();
            for (Future<BakeAmiSummary> build : running) {
                BakeAmiSummary summary = build.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
                amis.add(summary.getAmiId());
                outcomes.add(summary.getOutcome());
            }
            assertEquals("one AMI for all: " + amis, 1, amis.size());
            assertEquals(outcomes.toString(), 1, outcomes.stream().filter(o -> o == BakeOutcome.BAKED).count());
            assertEquals(outcomes.toString(), builds - 1,
                    outcomes.stream().filter(o -> o == BakeOutcome.REUSED).count());
            assertEquals(1, fx.emulator.callLog().count("RunInstances"));
            assertEquals(1, fx.emulator.callLog().count("CreateImage"));
        } finally {
            pool.shutdownNow();
        }
        String log = fx.logText();
        assertTrue(log, log.contains(", which bakes the same checksum (access key " + CallableBakeFixture.ACCESS_KEY
                + " | " + fx.emulator.endpoint()));
        assertEquals("the controller keeps no lock once the builds are done", 0, BakeLockTable.CONTROLLER.size());
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }
}
