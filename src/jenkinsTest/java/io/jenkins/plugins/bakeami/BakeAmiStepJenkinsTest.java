package io.jenkins.plugins.bakeami;

import hudson.model.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 * The bakeAmi pipeline step in a real Jenkins (profile jenkins; not run in the default build). The EC2 endpoint is
 * a closed loopback port, so every bake here ends in FAILURE, before or after the engine is wired: these tests check
 * what the Jenkins layer does around the bake (agent, environment, form, snippet, errors).
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
        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
    }

    @Test
    public void snippetGeneratorWritesTheStep() throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(j);
        snippets.assertRoundTrip(new BakeAmiStep("ami/packer.json"), "bakeAmi 'ami/packer.json'");
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        step.setRegion("us-east-1");
        step.setDirs(List.of("ami", "common"));
        snippets.assertRoundTrip(step, "bakeAmi dirs: ['ami', 'common'], region: 'us-east-1', template: 'ami/packer.json'");
    }

    @Test
    public void runsOnTheAgentWithRegionAndEndpointFromTheStepsEnvironment() throws Exception {
        j.createSlave("remote", null, null);
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node('remote') {\n" + TEMPLATE
                + "  withEnv(['AWS_REGION=eu-west-1', 'AWS_ENDPOINT_URL_EC2=http://127.0.0.1:1']) {\n"
                + "    bakeAmi template: 'ami/packer.json'\n"
                + "  }\n"
                + "}", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("[bakeAmi] template ami/packer.json, dirs [ami], checksum mode ami-bakery, "
                + "region eu-west-1 (AWS_REGION), endpoint http://127.0.0.1:1", b);
        j.assertLogContains("the agent's default provider chain", b);
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
     * bake hangs in its lookup until it is stopped. Needs the engine wired into BakeAmiCallable.bake (an unwired bake
     * fails at once, before there is anything to stop).
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
            while (held.isEmpty()) {
                Thread.sleep(100);
            }
            b.doStop();
            j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
            for (Socket s : held) {
                s.close();
            }
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
