package io.jenkins.plugins.bakeami.tools.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/** {@code bake-ami demo} in-process: the three bakes with the real packer, and its refusals. */
public class DemoCommandTest {
    private static final Pattern OUTCOME = Pattern.compile("^  outcome: +(\\w+) (ami-[0-9a-f]{17}) in ", Pattern.MULTILINE);

    @Rule
    public CliFixture fx = new CliFixture();

    @Rule
    public final Timeout timeout = Await.testTimeout();

    @Test
    public void bakesReusesAndRebakesAfterAChangeWithNoLeaks() throws Exception {
        RequiredTools.requirePacker();
        Path dir = fx.tmp.getRoot().toPath().resolve("demo");

        CliFixture.Run run = fx.run(System.getenv(), "demo", "--dir", dir.toString(), "--quiet");

        assertEquals(run.toString(), 0, run.exitCode);
        List<String[]> outcomes = new ArrayList<>();
        Matcher m = OUTCOME.matcher(run.out);
        while (m.find()) {
            outcomes.add(new String[] {m.group(1), m.group(2)});
        }
        assertEquals(run.out, 3, outcomes.size());
        assertEquals("BAKED", outcomes.get(0)[0]);
        assertEquals("REUSED", outcomes.get(1)[0]);
        assertEquals(outcomes.get(0)[1], outcomes.get(1)[1]);
        assertEquals("BAKED", outcomes.get(2)[0]);
        assertNotEquals(outcomes.get(0)[1], outcomes.get(2)[1]);
        assertTrue(run.out, run.out.contains("Packer not run, 2 EC2 calls (DescribeImages, DescribeImages)"));
        assertTrue(run.out, run.out.contains("Leak report: no leaks"));
        assertTrue(Files.readString(dir.resolve(".ami_id.json"), StandardCharsets.UTF_8)
                .startsWith("{\"ami_id\": \"" + outcomes.get(2)[1] + "\""));
        assertTrue(Files.readString(dir.resolve("ami/files/motd"), StandardCharsets.UTF_8).contains("second line"));
    }

    @Test
    public void withoutPackerItSaysHowToInstallItAndExitsTwo() {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("PATH", fx.workspace.resolve("empty-bin").toString());
        Path dir = fx.tmp.getRoot().toPath().resolve("demo");

        CliFixture.Run run = fx.run(env, "demo", "--dir", dir.toString());

        assertEquals(run.toString(), 2, run.exitCode);
        assertTrue(run.err, run.err.contains("Install packer with: sudo apt-get install packer"));
        assertTrue("nothing written before packer is found", !Files.exists(dir));
    }

    @Test
    public void refusesADirectoryWithFilesInIt() throws Exception {
        RequiredTools.requirePacker();
        Path dir = fx.workspace.resolve("mine");
        CliFixture.write(dir.resolve("notes.txt"), "keep me\n");

        CliFixture.Run run = fx.run(System.getenv(), "demo", "--dir", dir.toString());

        assertEquals(run.toString(), 2, run.exitCode);
        assertTrue(run.err, run.err.contains("--dir " + dir + " is not empty"));
        assertEquals(List.of(dir.resolve("notes.txt")), Files.list(dir).toList());
    }
}
