package io.jenkins.plugins.bakeami.engine.lifecycle;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.registry.AmiFamily;
import io.jenkins.plugins.bakeami.testsupport.EmulatorFixture;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import io.jenkins.plugins.bakeami.tools.ec2.CallLog;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * {@link EmulatorFixture} with AMIs planted straight into the emulator (no bake: the bake is not the point of these
 * tests), dated back from the fixture's clock, which the {@link Pruner} also reads, and an SDK client to launch
 * instances and create launch templates with ({@link #TERMINATING_AT_ONCE}).
 */
final class LifecycleFixture extends EmulatorFixture {
    static final String OTHER_ACCOUNT = "222222222222";

    Ec2Client ec2;
    /** Sees every call the emulator answers (on the emulator's thread). */
    volatile Consumer<CallLog.Call> onCall = call -> { };
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @Override
    protected void configureEmulator(Ec2Emulator.Builder builder) {
        builder.delays(TERMINATING_AT_ONCE).callListener(call -> onCall.accept(call)).diagnostics(line -> { });
    }

    @Override
    protected void before() throws Throwable {
        super.before();
        ec2 = Ec2Clients.open(target(REGION), PackerTestEnvironment.fastEc2Limits());
    }

    @Override
    protected void after() {
        if (ec2 != null) {
            ec2.close();
        }
        super.after();
    }

    Ec2Target target(String region) {
        return new Ec2Target(region, emulator.endpoint(), new AwsKeys(ACCESS_KEY, SECRET_KEY, null));
    }

    /** {@code age} before the fixture's clock's now. */
    Instant ago(Duration age) {
        return clock.instant().minus(age);
    }

    /** An available AMI of our account in the family, tagged with a checksum, created {@code age} before now. */
    String amiOf(String family, String checksum, Duration age) {
        return amiOf(family, checksum, age, seed -> seed);
    }

    String amiOf(String family, String checksum, Duration age, UnaryOperator<ImageSeed> more) {
        return emulator.seedImage(more.apply(ImageSeed.named(family.replace('/', '-') + "-" + checksum).owner(ACCOUNT)
                .region(REGION).tag("ami_config_checksum", checksum).tag(AmiFamily.TAG_KEY, family)
                .creationDate(ago(age))));
    }

    String launch(String imageId) {
        return ec2.runInstances(b -> b.imageId(imageId).minCount(1).maxCount(1).instanceType("t3.micro"))
                .instances().get(0).instanceId();
    }

    /** A launch template whose version 1 ($Default) names {@code defaultImage} and version 2 ($Latest) {@code latestImage}. */
    String launchTemplate(String name, String defaultImage, String latestImage) {
        String id = ec2.createLaunchTemplate(b -> b.launchTemplateName(name)
                .launchTemplateData(d -> d.imageId(defaultImage))).launchTemplate().launchTemplateId();
        ec2.createLaunchTemplateVersion(b -> b.launchTemplateId(id).launchTemplateData(d -> d.imageId(latestImage)));
        return id;
    }

    PruneRequest request(String family, String currentChecksum, int keep, Duration minAge, boolean includeShared,
            boolean dryRun) {
        return new PruneRequest(target(REGION), family, "ami_config_checksum", currentChecksum, List.of("self"),
                new RetentionPolicy(keep, minAge, includeShared), dryRun);
    }

    PruneReport prune(PruneRequest request) throws InterruptedException {
        return new Pruner(log::add, PackerTestEnvironment.fastEc2Limits(), Ec2Clients.Transport.APACHE, clock)
                .prune(request);
    }

    boolean exists(String imageId) {
        return emulator.image(REGION, imageId).isPresent();
    }

    String snapshotOf(String imageId) {
        return emulator.image(REGION, imageId).orElseThrow().snapshotIds().get(0);
    }

    /** The ids every call of this action named in this parameter, in call order. */
    List<String> called(String action, String parameter) {
        return emulator.callLog().calls(action).stream().map(c -> c.param(parameter)).toList();
    }
}
