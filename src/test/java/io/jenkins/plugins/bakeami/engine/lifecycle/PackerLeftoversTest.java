package io.jenkins.plugins.bakeami.engine.lifecycle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.lifecycle.LeftoverResource.Kind;
import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The sweep by shape against what a real Packer leaves when it is killed hard ({@code kill -9}) while it waits for its
 * instance: the names and tags it finds are Packer's own, not a test's imitation of them.
 */
public class PackerLeftoversTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public LifecycleFixture fx = new LifecycleFixture();

    private Process packer;

    @After
    public void killPacker() {
        if (packer != null) {
            packer.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            packer.destroyForcibly();
        }
    }

    @Test
    public void whatAKilledPackerLeftIsFoundByItsShapeOnlyOnceOldEnoughAndRemoved() throws Exception {
        RequiredTools.requirePacker();
        // the instance stays pending: Packer surely waits for it when it is killed
        fx.emulator.delays(LifecycleFixture.TERMINATING_AT_ONCE.withInstancePending(Duration.ofMinutes(30)));
        Instant started = fx.clock.instant().minusSeconds(1); // Packer's uuids have whole seconds
        packer = startPacker(tmp.newFolder("build").toPath());
        Await.until("packer waits for its instance", () -> fx.emulator.callLog().count("DescribeInstances") > 0
                || !packer.isAlive());
        assertTrue("packer ended before it waited for its instance", packer.isAlive());
        Instant killed = fx.clock.instant();
        packer.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        packer.destroyForcibly();
        assertTrue(packer.waitFor(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals("Packer left its instance (with its root volume), security group and key pair",
                Set.of("instance", "volume", "security-group", "key-pair"), fx.emulator.leakReport().leaks().stream().map(l -> l.kind()).collect(Collectors.toSet()));

        Ec2Target target = fx.target(LifecycleFixture.REGION);
        PackerLeftovers finder = new PackerLeftovers(fx.ec2, target);
        SweepPlan now = finder.find(fx.clock.instant(), Duration.ofHours(1));
        assertEquals("all three have Packer's shape", 3, now.resources().size());
        assertTrue("all are younger than an hour: " + now.table(), now.removable().isEmpty());
        assertTrue(now.leftovers().isEmpty());

        fx.clock.advance(Duration.ofHours(2));
        SweepPlan later = finder.find(fx.clock.instant(), Duration.ofHours(1));
        Map<Kind, LeftoverResource> byKind = later.removable().stream()
                .collect(Collectors.toMap(LeftoverResource::kind, r -> r));
        assertEquals(Set.of(Kind.INSTANCE, Kind.SECURITY_GROUP, Kind.KEY_PAIR), byKind.keySet());
        assertEquals(PackerLeftovers.BUILDER_NAME_TAG, byKind.get(Kind.INSTANCE).name());
        for (Kind named : List.of(Kind.SECURITY_GROUP, Kind.KEY_PAIR)) {
            LeftoverResource r = byKind.get(named);
            assertTrue(r.name(), PackerLeftovers.PACKER_NAME.matcher(r.name()).matches());
            assertTrue("dated by Packer's time-ordered uuid: " + r, !r.created().isBefore(started)
                    && !r.created().isAfter(killed));
        }

        LeftoverSweep.Result result = new LeftoverSweep(fx.ec2, fx.log::add).remove(later.leftovers());

        assertEquals(result.summary(), List.of(), result.failures());
        assertEquals(3, result.removed().size());
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        assertTrue(result.summary(), result.summary().startsWith("Sweep of us-east-1: removed instance "));
    }

    private Process startPacker(Path dir) throws Exception {
        Files.writeString(dir.resolve("template.json"), """
                {"builders": [{
                  "type": "amazon-ebs", "region": "us-east-1", "source_ami": "%s", "instance_type": "t3.micro",
                  "ami_name": "leftovers-{{timestamp}}", "communicator": "none", "custom_endpoint_ec2": "%s",
                  "skip_credential_validation": true, "skip_region_validation": true, "skip_metadata_api_check": true
                }]}
                """.formatted(Ec2Emulator.BASE_IMAGE_ID, fx.emulator.endpoint()), StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder("packer", "build", "template.json").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("packer.out").toFile());
        pb.environment().clear();
        pb.environment().putAll(PackerTestEnvironment.forPacker(dir));
        pb.environment().put("AWS_ACCESS_KEY_ID", LifecycleFixture.ACCESS_KEY);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", LifecycleFixture.SECRET_KEY);
        return pb.start();
    }
}
