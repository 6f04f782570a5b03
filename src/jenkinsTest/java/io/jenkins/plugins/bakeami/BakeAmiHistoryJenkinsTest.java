package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import hudson.FilePath;
import hudson.model.Label;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumCalculator;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumRequest;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The job's "AMI history" in a real Jenkins (profile jenkins; not run in the default build): three builds on an
 * agent that reuse a seeded AMI, then the history page (rows linking to each bake's page, the SVG chart), the chart on
 * the job's page, and the REST API.
 */
public class BakeAmiHistoryJenkinsTest {
    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule j = new JenkinsRule();

    private static final String ACCESS_KEY = "AKIAJENKINSHISTORY01";
    private static final String SECRET_KEY = "jenkins-history-secret-Zp81";
    private static final String ACCOUNT = "123456789012";

    @Test
    public void theHistoryListsTheBakesNewestFirstAndLinksToEachBakesPage() throws Exception {
        try (Ec2Emulator emulator = Ec2Emulator.builder().start()) {
            emulator.accounts().map(ACCESS_KEY, ACCOUNT);
            DumbSlave agent = j.createOnlineSlave(Label.get("history"));
            WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
            FilePath ws = agent.getWorkspaceFor(p);
            ws.child("ami/packer.json").write("{\"builders\": []}", "UTF-8");
            String checksum = new ChecksumCalculator().calculate(ChecksumRequest.builder(new File(ws.getRemote())
                    .toPath()).directory("ami").build()).getValue();
            String ami = emulator.seedImage(ImageSeed.named("app").owner(ACCOUNT).tag("ami_config_checksum", checksum)
                    .creationDate(Instant.now().minus(Duration.ofDays(1))));
            p.setDefinition(new CpsFlowDefinition("node('history') {\n"
                    + "  withEnv(['AWS_ACCESS_KEY_ID=" + ACCESS_KEY + "', 'AWS_SECRET_ACCESS_KEY=" + SECRET_KEY + "']) {\n"
                    + "    bakeAmi template: 'ami/packer.json', region: 'us-east-1', endpoint: '" + emulator.endpoint() + "'\n"
                    + "  }\n"
                    + "}", true));
            assertNull("no bake yet: no page", p.getAction(BakeAmiHistoryAction.class));
            for (int i = 0; i < 3; i++) {
                j.buildAndAssertSuccess(p);
            }
            assertNotNull(p.getAction(BakeAmiHistoryAction.class));

            JenkinsRule.WebClient web = j.createWebClient();
            HtmlPage history = web.goTo("job/p/bakeAmiHistory/");
            String text = history.asNormalizedText();
            assertTrue(text, text.contains("us-east-1 → " + ami));
            assertTrue(text, text.contains(checksum));
            for (int build = 1; build <= 3; build++) {
                assertNotNull("row of #" + build, history.getAnchorByHref(j.contextPath + "/job/p/" + build + "/bakeAmi/"));
            }
            assertTrue("newest first", text.indexOf("#3") < text.indexOf("#1"));
            assertEquals("one bar per bake", 3, history.getByXPath("//*[local-name()='svg']/*[local-name()='a']").size());
            HtmlPage job = web.goTo("job/p/");
            assertEquals("the chart on the job's page", 3,
                    job.getByXPath("//*[local-name()='svg']/*[local-name()='a']").size());

            JSONObject api = web.getJSON("job/p/bakeAmiHistory/api/json").getJSONObject();
            JSONArray bakes = api.getJSONArray("bakes");
            assertEquals(3, bakes.size());
            JSONObject newest = bakes.getJSONObject(0);
            assertEquals(3, newest.getInt("number"));
            assertEquals("reused", newest.getString("result"));
            assertEquals(ami, newest.getJSONObject("amiIds").getString("us-east-1"));
            assertEquals("job/p/3/bakeAmi/", newest.getString("url"));
            assertEquals(checksum, newest.getString("checksum"));
        }
    }
}
