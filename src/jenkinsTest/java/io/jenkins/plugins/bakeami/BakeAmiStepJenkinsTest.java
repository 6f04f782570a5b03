package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import hudson.FilePath;
import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.EmulatorFixture;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The bakeAmi pipeline step in a real Jenkins (profile jenkins; not run in the default build). Most tests point the
 * EC2 endpoint at a closed loopback port, so their bakes end in FAILURE: they check what the Jenkins layer does
 * around the bake (agent, environment, form, snippet, errors). The tests named {@code …WithPacker…} bake for real on
 * a {@code DumbSlave} agent, with the real packer against the project's EC2 emulator.
 */
public class BakeAmiStepJenkinsTest {
    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule j = new JenkinsRule();

    private static final String TEMPLATE = "writeFile file: 'ami/packer.json', text: '{\"builders\": []}'\n";

    @Test
    public void configRoundTripKeepsEveryOption() throws Exception {
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        step.setDirs(List.of("ami", "common"));
        step.setChecksumMode("strict");
        step.setRegion("eu-west-1");
        step.setEndpoint("http://127.0.0.1:4566");
        step.setTagKey("team_checksum");
        step.setOwners(List.of("self", "123456789012"));
        step.setVars(List.of("instance_type=t3.small", "ami_name=web"));
        step.setVarFiles(List.of("ami/prod.pkrvars.hcl"));
        step.setOnly("amazon-ebs.web");
        step.setExcludes(List.of("**/*.md"));
        step.setForce(true);
        step.setDryRun(true);
        step.setArchive(false);
        step.setAmiIdFile("out/ami.json");
        step.setPackerPath("/usr/local/bin/packer");
        step.setTimeoutMinutes(90);
        step.setSubnetId("subnet-0123456789abcdef0");
        step.setBaseImage("require");
        step.setSourceTagKey("team_base");
        step.setRepairRegions(false);
        step.setLineEndings("normalize");
        step.setRole("arn:aws:iam::123456789012:role/ami-baker");
        step.setRoleSessionName("nightly");
        step.setExternalId("tenant-42");
        step.setSessionDuration(7200);
        step.setDebug(true);
        step.setOnError("abort");
        step.setInit("always");
        step.setPluginPath("/var/cache/packer-plugins");
        j.jenkins.getDescriptorByType(PackerInstallation.DescriptorImpl.class)
                .setInstallations(new PackerInstallation("packer-1.11", "/opt/packer-1.11", List.of()));
        step.setPackerTool("packer-1.11");
        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
        BakeAmiStep unset = new BakeAmiStep("ami/packer.json");
        // a new step's form leaves the globally defaulted options unset (no default value is posted for them)
        j.assertEqualDataBoundBeans(unset, new StepConfigTester(j).configRoundTrip(unset));
    }

    @Test
    public void snippetGeneratorWritesTheStep() throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(j);
        snippets.assertRoundTrip(new BakeAmiStep("ami/packer.json"), "bakeAmi 'ami/packer.json'");
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        step.setRegion("us-east-1");
        step.setDirs(List.of("ami", "common"));
        snippets.assertRoundTrip(step, "bakeAmi dirs: ['ami', 'common'], region: 'us-east-1', template: 'ami/packer.json'");
        step.setBaseImage("require");
        step.setRepairRegions(false);
        snippets.assertRoundTrip(step, "bakeAmi baseImage: 'require', dirs: ['ami', 'common'], region: 'us-east-1',"
                + " repairRegions: false, template: 'ami/packer.json'");
    }

    @Test
    public void runsOnTheAgentWithRegionAndEndpointFromTheStepsEnvironment() throws Exception {
        RequiredTools.requirePacker(); // a bake checks packer before its lookup reaches the endpoint
        j.createSlave("remote", null, null);
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node('remote') {\n" + TEMPLATE
                + "  withEnv(['AWS_REGION=eu-west-1', 'AWS_ENDPOINT_URL_EC2=http://127.0.0.1:1']) {\n"
                + "    bakeAmi template: 'ami/packer.json'\n"
                + "  }\n"
                + "}", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("[bakeAmi] template ami/packer.json, dirs [ami], checksum mode ami-bakery (default), "
                + "region eu-west-1 (AWS_REGION), endpoint http://127.0.0.1:1", b);
        j.assertLogContains("the agent's default provider chain", b);
        j.assertLogContains("(http://127.0.0.1:1) failed: cannot reach the endpoint", b); // failed there, not before
    }

    @Test
    public void missingRegionFailsWithAMessageAndNoStackTrace() throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node {\n" + TEMPLATE + "  bakeAmi 'ami/packer.json'\n}", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("bakeAmi: no region: set the region option, or AWS_REGION or AWS_DEFAULT_REGION", b);
        j.assertLogNotContains("\tat ", b);
    }

    @Test
    public void badOptionNamesIt() throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "node { bakeAmi template: 'ami/packer.json', region: 'us-east-1', tagKey: 'aws:checksum' }", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("tagKey 'aws:checksum' starts with 'aws:'", b);
    }

    /**
     * The build's stop button ends a running bake. The EC2 endpoint accepts connections and never answers, so the
     * bake hangs in its first lookup (the probe) until it is stopped.
     */
    @Test
    public void abortStopsARunningBake() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            j.createSlave("remote", null, null);
            WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("node('remote') {\n" + TEMPLATE
                    + "  bakeAmi template: 'ami/packer.json', region: 'us-east-1', endpoint: 'http://127.0.0.1:"
                    + silent.getLocalPort() + "'\n}", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("[bakeAmi] template ami/packer.json", b);
            Await.until("the bake connects to the silent endpoint", () -> !held.isEmpty());
            b.doStop();
            j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
            j.assertLogContains("[bakeAmi] the build was stopped: stopping Packer on the agent", b);
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static final String ACCESS_KEY = "AKIAJENKINSRULE00001";
    private static final String SECRET_KEY = "jenkins-rule-secret-Vb71qZ";
    /** The seed's layout, pointed at the emulator, as the default build's tests write it. */
    static final String PACKER_JSON = EmulatorFixture.packerJson("echo provisioning", "");

    /** The agent workspace of the last {@link #bakingJob}. */
    private FilePath agentWorkspace;

    /** A pipeline on a DumbSlave agent whose workspace holds the seed's layout, baking against the emulator. */
    private WorkflowJob bakingJob(Ec2Emulator emulator, String name) throws Exception {
        emulator.accounts().map(ACCESS_KEY, "123456789012");
        DumbSlave agent = j.createOnlineSlave(Label.get("bake"));
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, name);
        FilePath ws = agent.getWorkspaceFor(p);
        agentWorkspace = ws;
        ws.child("ami/packer.json").write(PACKER_JSON, "UTF-8");
        ws.child("ami/files/motd").write("Welcome\n", "UTF-8");
        p.setDefinition(new CpsFlowDefinition("node('bake') {\n"
                + "  withEnv(['AWS_ACCESS_KEY_ID=" + ACCESS_KEY + "', 'AWS_SECRET_ACCESS_KEY=" + SECRET_KEY + "',\n"
                + "           'AWS_POLL_DELAY_SECONDS=1', 'CHECKPOINT_DISABLE=1']) {\n"
                + "    def ami = bakeAmi template: 'ami/packer.json', region: 'us-east-1', endpoint: '"
                + emulator.endpoint() + "'\n"
                + "    echo \"AMI=${ami}\"\n"
                + "  }\n"
                + "}", true));
        return p;
    }

    @Test
    public void bakesWithPackerOnTheAgentThenReusesAndNamesTheChangedFiles() throws Exception {
        RequiredTools.requirePacker();
        try (Ec2Emulator emulator = Ec2Emulator.builder().start()) {
            WorkflowJob p = bakingJob(emulator, "bake");
            WorkflowRun first = j.buildAndAssertSuccess(p);
            BakeAmiAction baked = first.getAction(BakeAmiAction.class);
            assertEquals("baked", baked.getResult());
            j.assertLogContains("AMI=" + baked.getAmiId(), first);
            j.assertLogNotContains(SECRET_KEY, first);
            assertTrue(first.getArtifactManager().root().child(".ami_id.json").isFile());
            assertTrue(first.getArtifactManager().root().child(".ami_checksum_listing.txt").isFile());

            WorkflowRun second = j.buildAndAssertSuccess(p);
            BakeAmiAction reused = second.getAction(BakeAmiAction.class);
            assertEquals("reused", reused.getResult());
            assertEquals(baked.getAmiId(), reused.getAmiId());

            agentWorkspace.child("ami/files/motd").write("Welcome again\n", "UTF-8");
            WorkflowRun third = j.buildAndAssertSuccess(p);
            BakeAmiAction rebaked = third.getAction(BakeAmiAction.class);
            assertEquals("baked", rebaked.getResult());
            assertEquals(second.getExternalizableId(), rebaked.getChangedSince());
            assertTrue(rebaked.getChangedFiles().toString(),
                    rebaked.getChangedFiles().stream().anyMatch(line -> line.startsWith("changed:  file ami/files/motd")));
            assertTrue(emulator.leakReport().toString(), emulator.leakReport().isEmpty());
        }
    }

    @Test
    public void abortWhilePackerWaitsForItsInstanceCleansUpOnTheAgent() throws Exception {
        RequiredTools.requirePacker();
        // the instance stays pending until the stop: Packer is waiting for it when the stop comes
        try (Ec2Emulator emulator = Ec2Emulator.builder().delays(EmulatorFixture.DELAYS.withInstancePending(
                Duration.ofMinutes(30))).start()) {
            WorkflowRun b = bakingJob(emulator, "stopped").scheduleBuild2(0).waitForStart();
            Await.until("packer waits for its instance", () -> emulator.callLog().count("DescribeInstances") > 0);
            b.doStop();
            j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
            j.assertLogContains("Cleanup after the stopped build", b);
            j.assertLogNotContains(SECRET_KEY, b);
            assertTrue(emulator.leakReport().toString(), emulator.leakReport().isEmpty());
        }
    }

    @Test
    public void needsAWorkspace() throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("bakeAmi template: 'ami/packer.json', region: 'us-east-1'", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("Required context class hudson.FilePath is missing", b);
    }
}
