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
import io.jenkins.plugins.bakeami.tools.ec2.ImageInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        assertEquals("a no-op bake is one EC2 call", List.of("DescribeImages"), fx.emulator.callLog().actions());
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
        assertEquals(List.of("DescribeImages"), fx.emulator.callLog().actions());
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));

        String checksum = fx.emulator.callLog().calls().get(0).param("Filter.1.Value.1");
        String existing = fx.seedOurImage("baked-earlier", checksum);
        CliFixture.Run wouldReuse = fx.run(env, args);
        assertEquals(wouldReuse.toString(), 0, wouldReuse.exitCode);
        assertEquals(existing, wouldReuse.lastLine());
        assertTrue(wouldReuse.out, wouldReuse.out.contains("outcome:      would-reuse"));
        assertFalse(Files.exists(fx.workspace.resolve(".ami_id.json")));
    }

    @Test
    public void reuseNeedsNoPackerAtAll() throws Exception {
        Map<String, String> env = seedEnvironment();
        env.put("PATH", fx.workspace.resolve("no-bin").toString());
        CliFixture.Run dryRun = fx.run(env, "bake", "--dry-run", "--work-dir", fx.workspace.toString());
        String checksum = fx.emulator.callLog().calls().get(0).param("Filter.1.Value.1");
        assertEquals(dryRun.toString(), 0, dryRun.exitCode);
        String existing = fx.seedOurImage("baked-earlier", checksum);

        CliFixture.Run reused = fx.run(env, "bake", "--work-dir", fx.workspace.toString(), "--ami-id-file",
                "out/ami.json");
        assertEquals(reused.toString(), 0, reused.exitCode);
        assertEquals(existing, reused.lastLine());
        assertTrue(Files.readString(fx.workspace.resolve("out/ami.json"), StandardCharsets.UTF_8)
                .startsWith("{\"ami_id\": \"" + existing + "\""));
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
            {"--var-file nope.json", "bake", "--var-file", "nope.json", "--work-dir", work},
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
}
