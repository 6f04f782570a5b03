package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.bake.BakeOutcome;
import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
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
 * Builds of the same definition started together, through the Jenkins layer's probe, controller lock and bake
 * (in-process callables, real packer, the emulator): one Packer build; the others wait on the controller's lock and
 * reuse its AMI.
 */
public class LockedBakeTest {
    @Rule
    public CallableBakeFixture fx = new CallableBakeFixture();

    @Test
    public void threeBuildsOfTheSameChecksumBakeOnceAndReturnTheSameAmi() throws Exception {
        RequiredTools.requirePacker();
        fx.writeDefinition("echo provisioning", "");
        BakeLockTable controller = new BakeLockTable();
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
                String build = "job#" + (i + 1);
                BakeAmiParameters parameters = fx.parameters(fx.step(), fx.stepEnvironment(), fx.fixtureKeys());
                running.add(pool.submit(() -> {
                    start.await();
                    return LockedBake.bake(parameters, "aws-test", fx.new Listener(),
                            callable -> callable.withLimits(PackerTestEnvironment.fastEc2Limits()).invoke(workspace, null),
                            controller, build);
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
            assertEquals(outcomes.toString(), builds - 1, outcomes.stream().filter(o -> o == BakeOutcome.REUSED).count());
            assertEquals(1, fx.emulator.callLog().count("RunInstances"));
            assertEquals(1, fx.emulator.callLog().count("CreateImage"));
        } finally {
            pool.shutdownNow();
        }
        String log = fx.logText();
        assertTrue(log, log.contains("which bakes the same checksum (credentials aws-test | " + fx.emulator.endpoint()));
        assertFalse("the controller's lock, not the engine's, made them wait:\n" + log,
                log.contains("Another bake of checksum"));
        assertEquals("the controller keeps no lock once the builds are done", 0, controller.size());
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }

    @Test
    public void aProbeThatFindsTheAmiTakesNoLock() throws Exception {
        RequiredTools.requirePacker();
        fx.writeDefinition("echo provisioning", "");
        BakeAmiParameters parameters = fx.parameters(fx.step(), fx.stepEnvironment(), fx.fixtureKeys());
        LockedBake.Agent agent = callable -> callable.withLimits(PackerTestEnvironment.fastEc2Limits()).invoke(fx.workspace.toFile(), null);
        BakeAmiSummary baked = LockedBake.bake(parameters, null, fx.new Listener(), agent, new BakeLockTable(), "job#1");
        assertEquals(BakeOutcome.BAKED, baked.getOutcome());

        BakeLockTable held = new BakeLockTable();
        String key = BakeLockTable.key(parameters.getCredentials(), null, parameters.getEndpoint(),
                parameters.getRegion(), baked.getChecksum());
        try (BakeLockTable.Held busy = held.acquire(key, "job#2", line -> { })) {
            // the lock of that checksum is held, yet a build that will only reuse does not wait for it
            BakeAmiSummary reused = LockedBake.bake(parameters, null, fx.new Listener(), agent, held, "job#3");
            assertEquals(BakeOutcome.REUSED, reused.getOutcome());
            assertEquals(baked.getAmiId(), reused.getAmiId());
        }
    }
}
