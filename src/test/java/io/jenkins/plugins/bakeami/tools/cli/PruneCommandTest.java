package io.jenkins.plugins.bakeami.tools.cli;

import static io.jenkins.plugins.bakeami.tools.cli.CliFixture.ACCOUNT;
import static io.jenkins.plugins.bakeami.tools.cli.CliFixture.REGION;
import static io.jenkins.plugins.bakeami.tools.cli.LookupCommandTest.assertOneLine;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.tools.demo.SampleDefinition;
import io.jenkins.plugins.bakeami.tools.ec2.ImageInfo;
import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** {@code bake-ami prune} in-process against the EC2 emulator; the real packer bakes the versions where it says so. */
public class PruneCommandTest {
    private static final String FAMILY = SampleDefinition.TEMPLATE;

    @Rule
    public CliFixture fx = new CliFixture();

    private Map<String, String> env;

    @Before
    public void environment() {
        env = fx.environment();
        env.put("AWS_REGION", REGION);
        env.put("AWS_ENDPOINT_URL_EC2", fx.endpoint());
    }

    private String ami(String checksum, Duration age) {
        return fx.emulator.seedImage(ImageSeed.named("app-" + checksum).region(REGION).owner(ACCOUNT)
                .tag("ami_config_checksum", checksum).tag("ami_family", FAMILY)
                .creationDate(fx.clock.instant().minus(age)));
    }

    @Test
    public void aDryRunPrintsThePlanThenTheRunDeletesIt() {
        String oldest = ami("c1", Duration.ofDays(30));
        String older = ami("c2", Duration.ofDays(20));
        String current = ami("c3", Duration.ofDays(10));
        String[] prune = {"prune", "--family", FAMILY, "--checksum", "c3", "--keep", "1", "--min-age", "0"};

        CliFixture.Run plan = fx.run(env, append(prune, "--dry-run"));

        assertEquals(plan.toString(), ExitCodes.OK, plan.exitCode);
        assertEquals(plan.out, 2, plan.out.lines().filter(l -> l.contains("would delete")).count());
        assertTrue(plan.out, plan.out.contains("Would delete 2 AMI(s) and 2 snapshot(s), 16 GiB would be freed"));
        assertEquals(0, fx.emulator.callLog().count("DeregisterImage"));
        assertTrue(fx.emulator.image(REGION, oldest).isPresent());

        CliFixture.Run run = fx.run(env, prune);

        assertEquals(run.toString(), ExitCodes.OK, run.exitCode);
        assertTrue(run.out, run.out.startsWith("Family " + FAMILY + ": keep 1, min age 0s, shared and public AMIs kept"));
        assertTrue(run.out, run.out.lines().anyMatch(l -> l.contains(current) && l.endsWith("newest 1; current checksum")));
        assertTrue(run.out, run.out.contains("Deleted 2 AMI(s) and 2 snapshot(s), 16 GiB freed; kept 1; failed 0"));
        assertFalse(fx.emulator.image(REGION, oldest).isPresent() || fx.emulator.image(REGION, older).isPresent());
        assertTrue("progress goes to stderr: " + run.err, run.err.contains("Deleted " + oldest));
    }

    @Test
    public void aFailedDeletionIsInTheTableAndExits3() {
        ami("c1", Duration.ofDays(30));
        String survivor = ami("c2", Duration.ofDays(20));
        ami("c3", Duration.ofDays(10));
        fx.emulator.faults().failAction("DeregisterImage", "UnauthorizedOperation", "not allowed", 1);

        CliFixture.Run run = fx.run(env, "prune", "--family", FAMILY, "--checksum", "c3", "--keep", "1",
                "--min-age", "0");

        assertEquals(run.toString(), ExitCodes.FAILURE, run.exitCode);
        assertTrue(run.out, run.out.contains("FAILED: " + REGION + " " + survivor + ": EC2 DeregisterImage"));
        assertTrue(run.out, run.out.contains("Deleted 1 AMI(s)"));
    }

    @Test
    public void badInputIsOneLineAndExit2BeforeAnyEc2Call() throws Exception {
        SampleDefinition.write(fx.workspace);
        String work = fx.workspace.toString();
        Map<String[], String> cases = Map.of(
                new String[] {"prune", "--family", FAMILY, "--checksum", "c", "--keep", "0"}, "keep must be at least 1",
                new String[] {"prune", "--family", FAMILY, "--checksum", "c", "--min-age", "soon"}, "--min-age 'soon'",
                new String[] {"prune", "--family", "aws:reserved", "--checksum", "c"}, "Invalid --family 'aws:reserved'",
                new String[] {"prune", "--checksum", "c", "--work-dir", work}, "no family: give --family",
                new String[] {"prune", "--family", FAMILY, "--work-dir", work}, "no definition to checksum",
                new String[] {"prune", "--template", "nope.json", "--checksum", "c", "--work-dir", work},
                "Packer template nope.json does not exist");
        for (Map.Entry<String[], String> c : cases.entrySet()) {
            CliFixture.Run run = fx.run(env, c.getKey());
            assertEquals(run.toString(), ExitCodes.BAD_INPUT, run.exitCode);
            assertOneLine(run.err);
            assertTrue(run.err, run.err.startsWith("bake-ami prune: ") && run.err.contains(c.getValue()));
        }
        assertEquals("nothing was asked of EC2", 0, fx.emulator.callLog().calls().size());
    }

    /**
     * Three versions baked by the real packer: the oldest in use by an instance, the newest (the current checksum's)
     * named by a launch template. keep 1 with minAge 0 deletes exactly the unused one between them, with its
     * snapshots; the family is the template's path, found by the default of bake and prune alike.
     */
    @Test
    public void threeBakedVersionsKeepOneDeletesExactlyTheUnusedOlderOne() throws Exception {
        RequiredTools.requirePacker();
        SampleDefinition.write(fx.workspace);
        env.put("PACKER_JSON_PATH", fx.workspace.resolve(SampleDefinition.TEMPLATE).toString());
        String work = fx.workspace.toString();
        String v1 = bake(work);
        SampleDefinition.changeMotd(fx.workspace);
        String v2 = bake(work);
        SampleDefinition.changeMotd(fx.workspace);
        String v3 = bake(work);
        for (String ami : List.of(v1, v2, v3)) {
            ImageInfo image = fx.emulator.image(REGION, ami).orElseThrow();
            assertEquals(FAMILY, image.ownerTags().get("ami_family"));
            for (String snapshot : image.snapshotIds()) {
                assertEquals(FAMILY, fx.emulator.snapshot(REGION, snapshot).orElseThrow().ownerTags().get("ami_family"));
            }
        }
        List<String> v2Snapshots = fx.emulator.image(REGION, v2).orElseThrow().snapshotIds();
        String instance;
        try (Ec2Client ec2 = Ec2Clients.open(new Ec2Target(REGION, fx.emulator.endpoint(),
                new AwsKeys(CliFixture.ACCESS_KEY, CliFixture.SECRET_KEY, null)))) {
            instance = ec2.runInstances(b -> b.imageId(v1).minCount(1).maxCount(1).instanceType("t3.micro"))
                    .instances().get(0).instanceId();
            ec2.createLaunchTemplate(b -> b.launchTemplateName("app").launchTemplateData(d -> d.imageId(v3)));
        }

        CliFixture.Run plan = fx.run(env, "prune", "--work-dir", work, "--keep", "1", "--min-age", "0", "--dry-run");
        assertEquals(plan.toString(), ExitCodes.OK, plan.exitCode);
        assertEquals(0, fx.emulator.callLog().count("DeregisterImage") + fx.emulator.callLog().count("DeleteSnapshot"));

        CliFixture.Run run = fx.run(env, "prune", "--work-dir", work, "--keep", "1", "--min-age", "0");

        assertEquals(run.toString(), ExitCodes.OK, run.exitCode);
        assertEquals(List.of(v2), fx.emulator.callLog().calls("DeregisterImage").stream()
                .map(c -> c.param("ImageId")).toList());
        assertFalse(fx.emulator.image(REGION, v2).isPresent());
        for (String snapshot : v2Snapshots) {
            assertFalse(snapshot, fx.emulator.snapshot(REGION, snapshot).isPresent());
        }
        assertEquals(v2Snapshots.size(), fx.emulator.callLog().count("DeleteSnapshot"));
        assertTrue(fx.emulator.image(REGION, v1).isPresent() && fx.emulator.image(REGION, v3).isPresent());
        assertTrue(run.out, run.out.lines().anyMatch(l -> l.contains(v1) && l.endsWith("in use by instance " + instance)));
        assertTrue(run.out, run.out.lines().anyMatch(l -> l.contains(v3) && l.contains("newest 1; current checksum; in"
                + " launch template app")));
    }

    /**
     * Strict mode: the current checksum covers the base image the template's source_ami_filter resolves to, as bake
     * and lookup compute it, so the AMI that carries it is kept although it is the oldest and keep is 1.
     */
    @Test
    public void inStrictModeTheCurrentChecksumCoversTheBaseImage() throws Exception {
        SampleDefinition.write(fx.workspace);
        String template = fx.workspace.resolve(SampleDefinition.TEMPLATE).toString();
        env.put("PACKER_JSON_PATH", template);
        String work = fx.workspace.toString();
        CliFixture.Run lookup = fx.run(env, "lookup", "--work-dir", work, "--mode", "strict");
        assertEquals(lookup.toString(), ExitCodes.NOT_FOUND, lookup.exitCode);
        Matcher tagged = Pattern.compile("no AMI tagged ami_config_checksum=(\\S+) .* baked from base image (\\S+)")
                .matcher(lookup.err);
        assertTrue(lookup.err, tagged.find());
        String current = tagged.group(1);
        String[] checksum = {"checksum", "--base-dir", work, "--mode", "strict", "--template", template,
            fx.workspace.resolve(SampleDefinition.DIRECTORY).toString()};
        assertEquals("the base image is an input of the strict checksum", current,
                checksum(append(checksum, "--source-ami=" + REGION + "=" + tagged.group(2))));
        assertFalse(current.equals(checksum(checksum)));
        String currentAmi = ami(current, Duration.ofDays(30));
        String older = ami("c2", Duration.ofDays(20));
        String newest = ami("c3", Duration.ofDays(10));

        CliFixture.Run run = fx.run(env, "prune", "--work-dir", work, "--mode", "strict", "--keep", "1",
                "--min-age", "0");

        assertEquals(run.toString(), ExitCodes.OK, run.exitCode);
        assertEquals(List.of(older), fx.emulator.callLog().calls("DeregisterImage").stream()
                .map(c -> c.param("ImageId")).toList());
        assertTrue(fx.emulator.image(REGION, currentAmi).isPresent() && fx.emulator.image(REGION, newest).isPresent());
        assertTrue(run.out, run.out.lines().anyMatch(l -> l.contains(currentAmi) && l.contains("current checksum")));
    }

    private String checksum(String... args) {
        CliFixture.Run run = fx.run(env, args);
        assertEquals(run.toString(), ExitCodes.OK, run.exitCode);
        return run.lastLine();
    }

    private String bake(String work) {
        CliFixture.Run baked = fx.run(env, "bake", "--work-dir", work);
        assertEquals(baked.toString(), 0, baked.exitCode);
        return baked.lastLine();
    }

    private static String[] append(String[] args, String more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }
}
