package io.jenkins.plugins.bakeami.tools.cli;

import static io.jenkins.plugins.bakeami.tools.cli.CliFixture.REGION;
import static io.jenkins.plugins.bakeami.tools.cli.LookupCommandTest.assertOneLine;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.tools.demo.SampleDefinition;
import io.jenkins.plugins.bakeami.tools.ec2.CallLog;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.tools.ec2.ImageInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/** {@code bake-ami bake} in-process against the EC2 emulator, with the real packer where a bake runs. */
public class BakeCommandTest {
    private static final String SUBNET = "subnet-0badc0ffee0ddf00d";

    @Rule
    public CliFixture fx = new CliFixture();

    @Rule
    public final Timeout timeout = Await.testTimeout();

    /** The ami-bakery image's variables only (plus where EC2 is, which the image never needed). */
    private Map<String, String> seedEnvironment() throws Exception {
        SampleDefinition.write(fx.workspace);
        Map<String, String> env = fx.environment();
        env.put("PACKER_JSON_PATH", fx.workspace.resolve(SampleDefinition.TEMPLATE).toString());
        env.put("AMI_DEFINITION_DIRS", fx.workspace.resolve(SampleDefinition.DIRECTORY) + "/");
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_SUBNET_ID", SUBNET);
        env.put("AWS_ENDPOINT_URL_EC2", fx.endpoint());
        return env;
    }

    @Test
    public void seedVariablesOnlyMissBakesThenTheNextRunReusesWithOneCall() throws Exception {
        RequiredTools.requirePacker();
        Map<String, String> env = seedEnvironment();
        fx.emulator.addSubnet(REGION, SUBNET, null);
        Path amiIdFile = fx.workspace.resolve(".ami_id.json");

        CliFixture.Run baked = fx.run(env, "bake", "--work-dir", fx.workspace.toString());

        assertEquals(baked.toString(), 0, baked.exitCode);
        String amiId = baked.lastLine();
        assertTrue(baked.toString(), amiId.matches("ami-[0-9a-f]{17}"));
        assertTrue(baked.out, baked.out.contains("outcome:      baked"));
        assertTrue(baked.out, baked.out.contains(".ami_id.json: " + amiIdFile));
        assertTrue("Packer's output streams to stderr: " + baked.err, baked.err.contains("==> amazon-ebs: Creating AMI"));
        List<CallLog.Call> launches = fx.emulator.callLog().calls("RunInstances");
        assertEquals(1, launches.size());
        assertTrue("AWS_SUBNET_ID reached Packer: " + launches.get(0), launches.get(0).params().containsValue(SUBNET));
        ImageInfo image = fx.emulator.image(REGION, amiId).orElseThrow();
        String checksum = image.ownerTags().get("ami_config_checksum");
        assertTrue(baked.out, baked.out.contains("checksum:     " + checksum + " (ami-bakery)"));
        assertTrue(Files.readString(amiIdFile, StandardCharsets.UTF_8).startsWith("{\"ami_id\": \"" + amiId + "\""));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());

        fx.emulator.callLog().clear();
        CliFixture.Run reused = fx.run(env, "bake", "--work-dir", fx.workspace.toString());
        assertEquals(reused.toString(), 0, reused.exitCode);
        assertEquals(amiId, reused.lastLine());
        assertTrue(reused.out, reused.out.contains("outcome:      reused"));
        assertEquals("a no-op bake is one EC2 call, and one for the template's source_ami_filter",
                List.of("DescribeImages", "DescribeImages"), fx.emulator.callLog().actions());
        assertTrue(reused.out, reused.out.contains("base image:   " + Ec2Emulator.BASE_IMAGE_ID));
        assertFalse("Packer did not run: " + reused.err, reused.err.contains("packer"));
        assertTrue(Files.readString(amiIdFile, StandardCharsets.UTF_8).contains("\"reused\": true"));
    }

    @Test
    public void dryRunSaysWhatWouldHappenAndWritesNothing() throws Exception {
        Map<String, String> env = seedEnvironment();
        env.put("AWS_DEFAULT_REGION", "not a region"); // the option wins over the variable
        String[] args = {"bake", "--dry-run", "--region", REGION, "--work-dir", fx.workspace.toString()};

        CliFixture.Run wouldBake = fx.run(env, args);
        assertEquals(wouldBake.toString(), 0, wouldBake.exitCode);
        assertTrue(wouldBake.out, wouldBake.lastLine().startsWith(".ami_id.json: not written (dry run)"));
        assertTrue(wouldBake.out, wouldBake.out.contains("outcome:      would-bake"));
        assertEquals("the template's source_ami_filter, then the lookup", List.of("DescribeImages", "DescribeImages"),
                fx.emulator.callLog().actions());
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));

        String checksum = fx.emulator.callLog().calls().get(1).param("Filter.1.Value.1");
        String existing = fx.seedOurImage("baked-earlier", checksum);
        CliFixture.Run wouldReuse = fx.run(env, args);
        assertEquals(wouldReuse.toString(), 0, wouldReuse.exitCode);
        assertEquals(existing, wouldReuse.lastLine());
        assertTrue(wouldReuse.out, wouldReuse.out.contains("outcome:      would-reuse"));
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));
    }

    /**
     * A dry run never runs Packer and needs none. A bake checks packer before its lookup, since it may have to bake:
     * without packer it fails with exit 2 before any EC2 call, even when the AMI exists (exit 3 after a lookup,
     * before); --packer and PATH are one rule.
     */
    @Test
    public void aDryRunNeedsNoPackerButABakeChecksItBeforeTheLookup() throws Exception {
        Map<String, String> env = seedEnvironment();
        env.put("PATH", fx.workspace.resolve("no-bin").toString());
        CliFixture.Run dryRun = fx.run(env, "bake", "--dry-run", "--work-dir", fx.workspace.toString());
        assertEquals(dryRun.toString(), 0, dryRun.exitCode);
        String checksum = fx.emulator.callLog().calls().get(0).param("Filter.1.Value.1");
        fx.seedOurImage("baked-earlier", checksum);
        fx.emulator.callLog().clear();

        CliFixture.Run noPacker = fx.run(env, "bake", "--work-dir", fx.workspace.toString());
        assertEquals(noPacker.toString(), 2, noPacker.exitCode);
        assertOneLine(noPacker.err);
        assertTrue(noPacker.err, noPacker.err.contains("packer not found in PATH (" + fx.workspace.resolve("no-bin")));
        CliFixture.Run missingOption = fx.run(env, "bake", "--work-dir", fx.workspace.toString(), "--packer",
                "bin/packer");
        assertEquals(missingOption.toString(), 2, missingOption.exitCode);
        assertEquals("no EC2 call before packer is found", List.of(), fx.emulator.callLog().actions());
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));
    }

    /** The template and its variables are checked on every run: a misspelt --var fails a dry run and a reuse too. */
    @Test
    public void aDryRunChecksTheTemplatesVariables() throws Exception {
        Map<String, String> env = seedEnvironment();
        CliFixture.Run run = fx.run(env, "bake", "--dry-run", "--var", "aws_regoin=us-east-1", "--work-dir",
                fx.workspace.toString());
        assertEquals(run.toString(), 2, run.exitCode);
        assertOneLine(run.err);
        assertTrue(run.err, run.err.contains("Variable aws_regoin is not declared by the Packer template"));
        assertEquals("no EC2 call for bad input", List.of(), fx.emulator.callLog().actions());
    }

    /** Packer would bake in us-west-2 while the bake looks up and tags in us-east-1, and bake again every run. */
    @Test
    public void aVariableContradictingTheRegionExitsTwoNamingBothRegions() throws Exception {
        Map<String, String> env = seedEnvironment();
        Path varFile = fx.workspace.resolve("region.json");
        Files.writeString(varFile, "{\"aws_region\": \"us-west-2\"}", StandardCharsets.UTF_8);
        for (String[] option : new String[][] {{"--var", "aws_region=us-west-2"}, {"--var-file", varFile.toString()}}) {
            CliFixture.Run run = fx.run(env, "bake", option[0], option[1], "--work-dir", fx.workspace.toString());
            assertEquals(run.toString(), 2, run.exitCode);
            assertOneLine(run.err);
            assertTrue(run.err, run.err.contains("Packer variable aws_region is 'us-west-2'"));
            assertTrue(run.err, run.err.contains("but the bake sets it to 'us-east-1'"));
        }
        assertEquals("no EC2 call for bad input", List.of(), fx.emulator.callLog().actions());
    }

    /** An explicitly empty list is an error, as for lookup and checksum; not setting it means the template's directory. */
    @Test
    public void anEmptyDirectoryListIsAnError() throws Exception {
        Map<String, String> env = seedEnvironment();
        String work = fx.workspace.toString();
        for (String empty : List.of("", " , ", ",,")) {
            LookupCommandTest.assertEmptyListRefused(fx.run(env, "bake", "--dry-run", "--dirs", empty, "--work-dir", work));
            env.put("AMI_DEFINITION_DIRS", empty);
            LookupCommandTest.assertEmptyListRefused(fx.run(env, "bake", "--dry-run", "--work-dir", work));
        }
        assertEquals("no EC2 call for bad input", List.of(), fx.emulator.callLog().actions());
        env.remove("AMI_DEFINITION_DIRS");
        CliFixture.Run notSet = fx.run(env, "bake", "--dry-run", "--work-dir", work);
        assertEquals(notSet.toString(), 0, notSet.exitCode);
        assertTrue(notSet.err, notSet.err.contains("Checksum (ami-bakery) of 3 inputs"));
    }

    /**
     * A current directory its user may enter but not read: HotSpot leaves it for its perf-data directory
     * ({@code /tmp/hsperfdata_USER}) and {@code user.dir} names that. Relative paths then start from the shell's
     * {@code $PWD}: the checksum is that of the right directory and {@code .ami_id.json} lands in it (it landed in
     * the perf-data directory, with exit 0). Without {@code $PWD} the directory cannot be known: exit 2 saying so.
     */
    @Test
    public void anUnreadableCurrentDirectoryIsTakenFromTheShell() throws Exception {
        RequiredTools.requirePacker();
        Path scratch = fx.tmp.getRoot().toPath();
        Path current = scratch.resolve("unreadable");
        SampleDefinition.write(current);
        String checksum = fx.run(fx.environment(), "checksum", current.resolve(SampleDefinition.DIRECTORY).toString())
                .lastLine();
        String ours = fx.seedOurImage("baked-earlier", checksum);
        Path home = Files.createDirectories(scratch.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Stream<Path> tree = Files.walk(current)) {
            for (Path file : (Iterable<Path>) tree::iterator) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                        Files.isDirectory(file) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        Files.setPosixFilePermissions(current, PosixFilePermissions.fromString("-wx-wx-wx"));
        Map<String, String> env = fx.environment();
        env.put("HOME", home.toString());
        env.remove("PWD"); // the shell's: the directory the process starts in

        CliProcess sum = CliProcess.startUnprivileged(scratch, current, env, "checksum", SampleDefinition.DIRECTORY);
        sum.assertExitCode(0);
        assertEquals(checksum, sum.out().strip());

        CliProcess bake = CliProcess.startUnprivileged(scratch, current, env, "bake", "--template",
                SampleDefinition.TEMPLATE, "--region", REGION, "--endpoint", fx.endpoint());
        bake.assertExitCode(0);
        assertTrue(bake.out(), bake.out().strip().endsWith(ours));
        assertTrue(bake.out(), bake.out().contains(".ami_id.json: " + current.resolve(".ami_id.json")));
        assertTrue(Files.readString(current.resolve(".ami_id.json"), StandardCharsets.UTF_8)
                .startsWith("{\"ami_id\": \"" + ours + "\""));

        env.put("PWD", "");
        CliProcess unknown = CliProcess.startUnprivileged(scratch, current, env, "checksum", SampleDefinition.DIRECTORY);
        unknown.assertExitCode(2);
        assertTrue(unknown.err(), unknown.err().contains("cannot tell the current directory: it is not readable"));
        // a $PWD that names another, readable directory is stale (a parent process started this one elsewhere)
        env.put("PWD", scratch.toString());
        CliProcess stale = CliProcess.startUnprivileged(scratch, current, env, "checksum", SampleDefinition.DIRECTORY);
        stale.assertExitCode(2);
    }

    @Test
    public void badInputExitsTwoNamingItAndLeavesNoAmiIdFile() throws Exception {
        Map<String, String> env = seedEnvironment();
        Path amiIdFile = fx.workspace.resolve(".ami_id.json");
        String work = fx.workspace.toString();
        String[][] cases = {
            {"missing.json", "bake", "--template", "missing.json", "--work-dir", work},
            {"--timeout '5 parsecs'", "bake", "--timeout", "5 parsecs", "--work-dir", work},
            {"--grace-period 'soon'", "bake", "--grace-period", "soon", "--work-dir", work},
            {"'nowhere' (--region)", "bake", "--region", "nowhere", "--work-dir", work},
            {"nope.json does not exist", "bake", "--var-file", "nope.json", "--work-dir", work},
            {"--var takes NAME=VALUE", "bake", "--var", "s3cr3t-without-a-name", "--work-dir", work},
            {"unknown checksum mode 'fancy'", "bake", "--mode", "fancy", "--work-dir", work},
        };
        for (String[] c : cases) {
            Files.writeString(amiIdFile, "{\"ami_id\": \"ami-stale\"}", StandardCharsets.UTF_8);
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            CliFixture.Run run = fx.run(env, args);
            assertEquals(run.toString(), 2, run.exitCode);
            assertOneLine(run.err);
            assertTrue(c[0] + " named in: " + run.err, run.err.contains(c[0]));
            assertFalse("a stale .ami_id.json must not outlive a failed run: " + String.join(" ", args),
                    Files.exists(amiIdFile));
            assertEquals("", run.out);
            assertFalse("never echo a --var value: " + run.err, run.err.contains("s3cr3t"));
        }
        assertTrue("no EC2 call for bad input", fx.emulator.callLog().calls().isEmpty());

        env.remove("PACKER_JSON_PATH");
        CliFixture.Run noTemplate = fx.run(env, "bake", "--work-dir", work);
        assertEquals(noTemplate.toString(), 2, noTemplate.exitCode);
        assertTrue(noTemplate.err, noTemplate.err.contains("give --template or set PACKER_JSON_PATH"));
    }

    @Test
    public void anUnknownBaseImageSettingIsBadInputNamingIt() throws Exception {
        Map<String, String> env = seedEnvironment();
        CliFixture.Run run = fx.run(env, "bake", "--base-image", "latest", "--work-dir", fx.workspace.toString());
        assertEquals(run.toString(), 2, run.exitCode);
        assertOneLine(run.err);
        io.jenkins.plugins.bakeami.TroubleshootingTable.assertDocumented("an unknown `baseImage` (`--base-image`)",
                run.err.strip().substring((BakeCommand.NAME + ": ").length()));
        assertEquals(List.of(), fx.emulator.callLog().actions());
    }

    /**
     * The base image and every region's AMI on standard output (bake) and standard error (lookup); a region that
     * lost its copy: lookup says a bake copies it there, bake does, without Packer.
     */
    @Test
    public void bakeAndLookupShowTheBaseImageAndEveryRegionsAmiAndBakeRepairs() throws Exception {
        RequiredTools.requirePacker();
        Map<String, String> env = seedEnvironment();
        fx.emulator.addSubnet(REGION, SUBNET, null);
        Path template = fx.workspace.resolve(SampleDefinition.TEMPLATE);
        Files.writeString(template, Files.readString(template).replace("\"instance_type\"",
                "\"ami_regions\": [\"us-west-2\"],\n    \"instance_type\""));
        String[] bake = {"bake", "--work-dir", fx.workspace.toString()};

        CliFixture.Run baked = fx.run(env, bake);
        assertEquals(baked.toString(), 0, baked.exitCode);
        String amiId = baked.lastLine();
        String copy = fx.emulator.images("us-west-2").stream().map(ImageInfo::imageId)
                .filter(id -> !id.equals(Ec2Emulator.BASE_IMAGE_ID)).findFirst().orElseThrow();
        assertTrue(baked.out, baked.out.contains("ami ids:      us-east-1=" + amiId + ", us-west-2=" + copy));
        assertTrue(baked.out, baked.out.contains("base image:   " + Ec2Emulator.BASE_IMAGE_ID));

        CliFixture.Run lookup = fx.run(env, "lookup", "--work-dir", fx.workspace.toString());
        assertEquals(lookup.toString(), 0, lookup.exitCode);
        assertEquals(List.of(amiId), lookup.outLines());
        assertTrue(lookup.err, lookup.err.contains("Base image: " + Ec2Emulator.BASE_IMAGE_ID + " ("
                + Ec2Emulator.BASE_IMAGE_NAME));
        assertTrue(lookup.err, lookup.err.contains("AMI per region: us-east-1=" + amiId + ", us-west-2=" + copy));
        assertTrue(lookup.err, lookup.err.contains("Source image: " + Ec2Emulator.BASE_IMAGE_ID));

        io.jenkins.plugins.bakeami.engine.aws.Ec2Target west = new io.jenkins.plugins.bakeami.engine.aws.Ec2Target(
                "us-west-2", fx.emulator.endpoint(), new io.jenkins.plugins.bakeami.engine.aws.AwsKeys(
                        CliFixture.ACCESS_KEY, CliFixture.SECRET_KEY, null));
        try (var ec2 = io.jenkins.plugins.bakeami.engine.aws.Ec2Clients.open(west,
                io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment.fastEc2Limits(),
                io.jenkins.plugins.bakeami.engine.aws.Ec2Clients.Transport.APACHE)) {
            ec2.deregisterImage(b -> b.imageId(copy));
        }
        CliFixture.Run missing = fx.run(env, "lookup", "--work-dir", fx.workspace.toString());
        assertEquals(missing.toString(), 0, missing.exitCode);
        assertTrue(missing.err, missing.err.contains("AMI per region: us-east-1=" + amiId
                + "; not in us-west-2 (a bake copies it there)"));

        CliFixture.Run wouldBake = fx.run(env, "bake", "--no-repair-regions", "--dry-run", "--work-dir",
                fx.workspace.toString());
        assertTrue(wouldBake.out, wouldBake.out.contains("outcome:      would-bake"));

        fx.emulator.callLog().clear();
        CliFixture.Run repaired = fx.run(env, bake);
        assertEquals(repaired.toString(), 0, repaired.exitCode);
        assertEquals(amiId, repaired.lastLine());
        assertTrue(repaired.out, repaired.out.contains("outcome:      reused"));
        String newCopy = fx.emulator.callLog().calls("CopyImage").get(0).param("SourceImageId");
        assertEquals(amiId, newCopy);
        assertTrue(repaired.err, repaired.err.contains("copied to us-west-2: "));
        assertTrue(repaired.out, repaired.out.matches("(?s).*ami ids:      us-east-1=" + amiId
                + ", us-west-2=ami-[0-9a-f]{17}\n.*"));
        assertEquals(0, fx.emulator.callLog().count("RunInstances"));
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
    }

    /** --role: the engine assumes it here (at AWS_ENDPOINT_URL_STS) with the environment's keys; the lookup runs as it. */
    @Test
    public void withARoleTheLookupRunsAsTheRole() throws Exception {
        Map<String, String> env = seedEnvironment();
        env.put("AWS_ENDPOINT_URL_STS", fx.endpoint());
        CliFixture.Run run = fx.run(env, "bake", "--dry-run", "--work-dir", fx.workspace.toString(), "--role",
                "arn:aws:iam::222222222222:role/ami-baker", "--session-duration", "30m");
        assertEquals(run.err, 0, run.exitCode);
        io.jenkins.plugins.bakeami.tools.ec2.Sts.Session session = fx.emulator.sts().sessions().get(0);
        assertEquals("bake-ami-cli", session.sessionName());
        assertEquals(java.time.Duration.ofMinutes(30), java.time.Duration.between(session.issuedAt(),
                session.expiresAt()));
        // two lookups, both as the role: the template's base image (its source_ami_filter) and the checksum's
        List<CallLog.Call> lookups = fx.emulator.callLog().calls("DescribeImages");
        assertEquals(lookups.toString(), 2, lookups.size());
        assertEquals(lookups.toString(), 1, lookups.stream()
                .filter(c -> "tag:ami_config_checksum".equals(c.param("Filter.1.Name"))).count());
        assertTrue(lookups.toString(), lookups.stream().allMatch(c -> "222222222222".equals(c.account())));
    }

    @Test
    public void issue15sBadOptionsExitTwoNamingThem() throws Exception {
        Map<String, String> env = seedEnvironment();
        String work = fx.workspace.toString();
        CliFixture.Run ask = fx.run(env, "bake", "--work-dir", work, "--on-error", "ask");
        assertEquals(2, ask.exitCode);
        assertTrue(ask.err, ask.err.startsWith("bake-ami bake: onError 'ask' is refused: "));
        CliFixture.Run role = fx.run(env, "bake", "--work-dir", work, "--role", "ami-baker");
        assertEquals(2, role.exitCode);
        assertTrue(role.err, role.err.startsWith("bake-ami bake: role 'ami-baker' is not an IAM role ARN"));
        CliFixture.Run init = fx.run(env, "bake", "--work-dir", work, "--init", "sometimes");
        assertEquals(2, init.exitCode);
        assertTrue(init.err, init.err.contains("init 'sometimes' is not one of auto, always, never"));
        assertEquals("nothing reached EC2", List.of(), fx.emulator.callLog().actions());
    }
}
