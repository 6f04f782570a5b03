package io.jenkins.plugins.bakeami;

import static io.jenkins.plugins.bakeami.testsupport.EmulatorFixture.ACCESS_KEY;
import static io.jenkins.plugins.bakeami.testsupport.EmulatorFixture.ACCOUNT;
import static io.jenkins.plugins.bakeami.testsupport.EmulatorFixture.REGION;
import static io.jenkins.plugins.bakeami.testsupport.EmulatorFixture.SECRET_KEY;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import hudson.AbortException;
import hudson.EnvVars;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumCalculator;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumRequest;
import io.jenkins.plugins.bakeami.engine.lifecycle.PruneReport;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * pruneAmis' work on the agent, run in-process on a workspace against the EC2 emulator (AMIs planted in it): the
 * current checksum computed there as bakeAmi computes it, the prune, the report as the step returns it.
 */
public class PruneAmisCallableTest {
    @Rule
    public CallableBakeFixture fx = new CallableBakeFixture();

    private Ec2Emulator emulator;
    private String checksum;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @Before
    public void start() throws Exception {
        emulator = fx.emulator;
        fx.write("ami/packer.json", "{\"builders\": []}");
        fx.write("ami/files/motd", "hello\n");
        checksum = new ChecksumCalculator().calculate(ChecksumRequest.builder(fx.workspace).directory("ami").build())
                .getValue();
    }

    /** An AMI of the family, planted {@code age} before now by the fixture's clock, which the prune reads too. */
    private String ami(String family, String tagChecksum, Duration age) {
        return emulator.seedImage(ImageSeed.named(family.replace('/', '-') + "-" + tagChecksum)
                .owner(ACCOUNT).region(REGION).tag("ami_family", family)
                .tag("ami_config_checksum", tagChecksum).creationDate(fx.clock.instant().minus(age)));
    }

    private EnvVars env() {
        return new EnvVars("AWS_REGION", REGION, "AWS_ENDPOINT_URL_EC2",
                emulator.endpoint().toString(), "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    private PruneReport prune(PruneAmisStep step) throws Exception {
        PruneAmisCallable callable = step.resolve(GlobalDefaults.NONE, null, env(), new SilentListener())
                .withTestSettings(PackerTestEnvironment.fastEc2Limits(), fx.clock);
        return callable.prune(fx.workspace, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private String logText() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void theCurrentChecksumIsComputedInTheWorkspaceAndItsAmiIsKeptWhereverItIs() throws Exception {
        String reverted = ami("ami/packer.json", checksum, Duration.ofDays(30));
        String unused = ami("ami/packer.json", "other", Duration.ofDays(20));
        String newest = ami("ami/packer.json", "newest", Duration.ofDays(10));
        PruneAmisStep step = new PruneAmisStep("ami/packer.json");
        step.setKeep(1);
        step.setMinAge("0");

        PruneReport report = prune(step);

        assertEquals("the family is the template's path", "ami/packer.json", report.family());
        assertEquals(List.of(unused), report.deleted().stream().map(PruneReport.Decision::imageId).toList());
        assertFalse(emulator.image(REGION, unused).isPresent());
        assertTrue(emulator.image(REGION, reverted).isPresent()
                && emulator.image(REGION, newest).isPresent());
        Map<String, Object> map = report.toMap();
        assertEquals(Boolean.FALSE, map.get("dryRun"));
        assertEquals(8, map.get("gibFreed"));
        List<?> kept = (List<?>) map.get("kept");
        assertEquals(List.of("current checksum"), ((Map<?, ?>) kept.get(1)).get("reasons"));
        assertEquals(reverted, ((Map<?, ?>) kept.get(1)).get("imageId"));
        assertEquals(unused, ((Map<?, ?>) ((List<?>) map.get("deleted")).get(0)).get("imageId"));
        assertTrue(logText(), logText().contains("[pruneAmis] current checksum " + checksum + " (ami-bakery) of "
                + reverted));
        assertTrue(logText(), logText().contains("[pruneAmis] Deleted " + unused));
    }

    @Test
    public void aDryRunOfAnotherFamilyDeletesNothing() throws Exception {
        String old = ami("web", "w1", Duration.ofDays(30));
        ami("web", "w2", Duration.ofDays(10));
        String otherFamily = ami("ami/packer.json", "x", Duration.ofDays(40));
        PruneAmisStep step = new PruneAmisStep("ami/packer.json");
        step.setFamily("web");
        step.setKeep(1);
        step.setDryRun(true);

        PruneReport report = prune(step);

        assertEquals(List.of(old), report.deleted().stream().map(PruneReport.Decision::imageId).toList());
        assertEquals(Boolean.TRUE, report.toMap().get("dryRun"));
        assertTrue(emulator.image(REGION, old).isPresent()
                && emulator.image(REGION, otherFamily).isPresent());
        assertEquals(0, emulator.callLog().count("DeregisterImage"));
    }

    @Test
    public void aMissingTemplateFailsWithItsNameAndDeletesNothing() throws Exception {
        String old = ami("ami/nope.json", "n1", Duration.ofDays(30));
        PruneAmisStep step = new PruneAmisStep("ami/nope.json");
        step.setMinAge("0");

        AbortException e = assertThrows(AbortException.class, () -> prune(step));

        assertTrue(e.getMessage(), e.getMessage().startsWith("pruneAmis: Packer template ami/nope.json does not exist"));
        assertTrue(emulator.image(REGION, old).isPresent());
        assertEquals(0, emulator.callLog().count("DeregisterImage"));
    }

    @Test
    public void onlyPlainValuesCrossTheChannelAndNoTextShowsTheSecret() throws Exception {
        PruneAmisCallable callable = new PruneAmisStep("ami/packer.json")
                .resolve(GlobalDefaults.NONE, null, env(), new SilentListener());
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream()) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object obj) {
                String name = obj.getClass().getName();
                assertTrue(name, name.startsWith("java.") || name.startsWith("io.jenkins.plugins.bakeami.")
                        && !name.startsWith("io.jenkins.plugins.bakeami.tools."));
                return obj;
            }
        }) {
            out.writeObject(callable);
        }
        for (String text : List.of(callable.toString(), callable.describe())) {
            assertFalse(text, text.contains(SECRET_KEY));
            assertTrue(text, text.contains("family of template ami/packer.json, keep 3, min age 7d, shared and public AMIs kept"));
        }
    }
}
