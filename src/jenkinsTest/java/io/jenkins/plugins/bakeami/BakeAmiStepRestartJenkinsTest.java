package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Slave;
import io.jenkins.plugins.bakeami.testsupport.EmulatorFixture;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import java.time.Duration;
import org.htmlunit.Page;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.InboundAgentRule;
import org.jvnet.hudson.test.JenkinsSessionRule;

/**
 * The durable bakeAmi step across controller restarts and agent reconnects, written the way workflow-durable-task-step
 * tests {@code sh} ({@code ShellStepTest}, {@code DurableTaskStepTest}): a {@link JenkinsSessionRule} restarts
 * Jenkins between its sessions, an {@link InboundAgentRule} agent outlives the controller (an inbound agent
 * reconnects by itself, as the WebSocket agent of the report did), and Packer bakes for real against the project's
 * EC2 emulator, which runs beside the sessions. Profile jenkins; not run in the default build (it has no Jenkins).
 */
public class BakeAmiStepRestartJenkinsTest {
    static {
        // an agent that does not come back is given up on after a minute here (5 by default)
        System.setProperty(BakeAmiStep.class.getName() + ".agentWaitMinutes", "1");
    }

    private static final String ACCESS_KEY = "AKIAJENKINSRESTART01";
    private static final String SECRET_KEY = "jenkins-restart-secret-Ku83xR";

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsSessionRule sessions = new JenkinsSessionRule();

    @Rule
    public InboundAgentRule agents = new InboundAgentRule();

    private Ec2Emulator emulator;

    @Before
    public void startEmulator() throws Exception {
        RequiredTools.requirePacker();
        emulator = Ec2Emulator.builder().delays(EmulatorFixture.DELAYS).start();
        emulator.accounts().map(ACCESS_KEY, "123456789012");
    }

    @After
    public void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    /**
     * A job on agent "remote" whose provisioner prints first-line, then waits for the file {@code go} beside the
     * workspace (up to five minutes), then prints after-go.
     */
    private WorkflowJob bakingJob(org.jvnet.hudson.test.JenkinsRule r, String provisioner) throws Exception {
        Slave agent = agents.createAgent(r, "remote");
        WorkflowJob p = r.createProject(WorkflowJob.class, "p");
        FilePath ws = agent.getWorkspaceFor(p);
        ws.child("ami/packer.json").write(EmulatorFixture.packerJson(provisioner, ""), "UTF-8");
        ws.child("ami/files/motd").write("Welcome\n", "UTF-8");
        p.setDefinition(new CpsFlowDefinition("node('remote') {\n"
                + "  withEnv(['AWS_ACCESS_KEY_ID=" + ACCESS_KEY + "', 'AWS_SECRET_ACCESS_KEY=" + SECRET_KEY + "',\n"
                + "           'AWS_POLL_DELAY_SECONDS=1', 'CHECKPOINT_DISABLE=1']) {\n"
                + "    def ami = bakeAmi template: 'ami/packer.json', region: 'us-east-1', endpoint: '"
                + emulator.endpoint() + "'\n"
                + "    echo \"AMI=${ami}\"\n"
                + "  }\n"
                + "}", true));
        return p;
    }

    private static String waitingProvisioner() {
        return "echo first-line && i=0; while [ ! -f ../../go ] && [ $i -lt 3000 ]; do sleep 0.1; i=$((i+1)); done;"
                + " echo after-go";
    }

    private static FilePath go(org.jvnet.hudson.test.JenkinsRule r) {
        WorkflowJob p = r.jenkins.getItemByFullName("p", WorkflowJob.class);
        return r.jenkins.getNode("remote").getWorkspaceFor(p).child("../go"); // the provisioner runs in ami/
    }

    @Test
    public void aRestartWhilePackerRunsKeepsTheBakeAndItEndsWithTheAmi() throws Throwable {
        sessions.then(r -> {
            WorkflowRun b = bakingJob(r, waitingProvisioner()).scheduleBuild2(0).waitForStart();
            r.waitForMessage("first-line", b);
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            r.waitForMessage("[bakeAmi] resumed after a restart of Jenkins", b);
            go(r).touch(0);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            BakeAmiAction baked = b.getAction(BakeAmiAction.class);
            assertEquals("baked", baked.getResult());
            r.assertLogContains("AMI=" + baked.getAmiId(), b);
            r.assertLogContains("after-go", b);
            r.assertLogNotContains(SECRET_KEY, b);
            r.assertLogNotContains("SynchronousResumeNotSupportedException", b);
            assertEquals(1, emulator.callLog().count("RunInstances"));
            assertTrue(emulator.leakReport().toString(), emulator.leakReport().isEmpty());
            // the REST API gives the AMI without the console
            Page json = r.createWebClient().goTo("job/p/1/api/json?tree=actions[amiId,amiIds]", "application/json");
            assertTrue(json.getWebResponse().getContentAsString(),
                    json.getWebResponse().getContentAsString().contains("\"amiId\":\"" + baked.getAmiId() + "\""));
        });
    }

    @Test
    public void packerThatEndedWhileTheControllerWasDownIsFinishedFromItsFiles() throws Throwable {
        sessions.then(r -> {
            WorkflowRun b = bakingJob(r, waitingProvisioner()).scheduleBuild2(0).waitForStart();
            r.waitForMessage("first-line", b);
            go(r).touch(0); // Packer goes on and ends while the controller restarts
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("after-go", b);
            r.assertLogContains("[bakeAmi] baked ", b);
            assertTrue(emulator.leakReport().toString(), emulator.leakReport().isEmpty());
        });
    }

    @Test
    public void aStopAfterARestartReachesPackerAndTheBuildIsAborted() throws Throwable {
        // the instance stays pending until the stop: Packer is waiting for it across the restart
        emulator.delays(EmulatorFixture.DELAYS.withInstancePending(Duration.ofMinutes(30)));
        sessions.then(r -> {
            WorkflowRun b = bakingJob(r, "echo provisioning").scheduleBuild2(0).waitForStart();
            r.waitForMessage("Waiting for instance", b);
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            r.waitForMessage("[bakeAmi] resumed after a restart of Jenkins", b);
            b.doStop();
            r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
            r.assertLogContains("Stopping packer (pid ", b);
            r.assertLogContains("Cleanup after the stopped build", b);
            r.assertLogNotContains("\tat ", b);
            assertTrue(emulator.leakReport().toString(), emulator.leakReport().isEmpty());
        });
    }

    @Test
    public void anAgentThatReconnectsKeepsTheBake() throws Throwable {
        sessions.then(r -> {
            WorkflowRun b = bakingJob(r, waitingProvisioner()).scheduleBuild2(0).waitForStart();
            r.waitForMessage("first-line", b);
            agents.stop(r, "remote");
            r.waitForMessage("[bakeAmi] cannot reach agent remote", b);
            agents.start(r, "remote");
            r.waitForMessage("[bakeAmi] agent remote is back", b);
            go(r).touch(0);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("after-go", b);
        });
    }

    @Test
    public void anAgentThatDoesNotComeBackAfterARestartFailsTheStepSayingWhere() throws Throwable {
        sessions.then(r -> {
            WorkflowRun b = bakingJob(r, waitingProvisioner()).scheduleBuild2(0).waitForStart();
            r.waitForMessage("first-line", b);
            agents.stop("remote"); // a crash: it does not reconnect
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            r.waitForMessage("[bakeAmi] cannot reach agent remote", b);
            r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(b));
            r.assertLogContains("bakeAmi: agent remote did not come back within 1 min", b);
            r.assertLogNotContains("\tat ", b);
        });
    }

    /** The second bake of an unchanged definition: one call, one checksum, one DescribeImages, lines in order. */
    @Test
    public void aNoOpBakeCrossesToTheAgentOnceAndPrintsItsLinesInOrder() throws Throwable {
        sessions.then(r -> {
            WorkflowJob p = bakingJob(r, "echo provisioning");
            WorkflowRun first = r.buildAndAssertSuccess(p);
            String amiId = first.getAction(BakeAmiAction.class).getAmiId();
            emulator.callLog().clear();
            WorkflowRun second = r.buildAndAssertSuccess(p);
            assertEquals(java.util.List.of("DescribeImages"), emulator.callLog().actions());
            String log = r.getLog(second);
            int checksum = log.indexOf("Checksum (ami-bakery) of ");
            int wrote = log.indexOf("Wrote ");
            int reused = log.indexOf("[bakeAmi] reused " + amiId);
            assertTrue(log, checksum > 0 && checksum < wrote && wrote < reused);
            assertFalse(log, log.indexOf("Checksum (ami-bakery) of ", checksum + 1) > 0);
        });
    }
}
