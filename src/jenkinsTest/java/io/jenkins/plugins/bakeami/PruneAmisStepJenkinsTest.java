package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import hudson.FilePath;
import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumCalculator;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumRequest;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

/** The pruneAmis pipeline step in a real Jenkins (profile jenkins; not run in the default build). */
public class PruneAmisStepJenkinsTest {
    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule j = new JenkinsRule();

    private static final String ACCESS_KEY = "AKIAJENKINSPRUNE0001";
    private static final String SECRET_KEY = "jenkins-prune-secret-Hq20x";
    private static final String ACCOUNT = "123456789012";

    @Test
    public void configRoundTripKeepsEveryOption() throws Exception {
        PruneAmisStep step = new PruneAmisStep("ami/packer.json");
        step.setDirs(List.of("ami", "common"));
        step.setChecksumMode("strict");
        step.setVars(List.of("instance_type=t3.small"));
        step.setVarFiles(List.of("ami/prod.pkrvars.hcl"));
        step.setExcludes(List.of("**/*.md"));
        step.setTagKey("team_checksum");
        step.setRegion("eu-west-1");
        step.setEndpoint("http://127.0.0.1:4566");
        step.setFamily("web");
        step.setKeep(5);
        step.setMinAge("0");
        step.setIncludeShared(true);
        step.setDryRun(true);
        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
    }

    @Test
    public void snippetGeneratorWritesTheStep() throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(j);
        snippets.assertRoundTrip(new PruneAmisStep("ami/packer.json"), "pruneAmis 'ami/packer.json'");
        PruneAmisStep step = new PruneAmisStep("ami/packer.json");
        step.setKeep(1);
        step.setMinAge("0");
        snippets.assertRoundTrip(step, "pruneAmis keep: 1, minAge: '0', template: 'ami/packer.json'");
    }

    @Test
    public void prunesOnTheAgentAndReturnsTheReportAsAMap() throws Exception {
        try (Ec2Emulator emulator = Ec2Emulator.builder().start()) {
            emulator.accounts().map(ACCESS_KEY, ACCOUNT);
            DumbSlave agent = j.createOnlineSlave(Label.get("prune"));
            WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "prune");
            FilePath ws = agent.getWorkspaceFor(p);
            ws.child("ami/packer.json").write("{\"builders\": []}", "UTF-8");
            ws.child("ami/files/motd").write("Welcome\n", "UTF-8");
            String checksum = new ChecksumCalculator().calculate(ChecksumRequest.builder(new File(ws.getRemote())
                    .toPath()).directory("ami").build()).getValue();
            String old = seed(emulator, "old", Duration.ofDays(30));
            String current = seed(emulator, checksum, Duration.ofDays(10));
            p.setDefinition(new CpsFlowDefinition("node('prune') {\n"
                    + "  withEnv(['AWS_ACCESS_KEY_ID=" + ACCESS_KEY + "', 'AWS_SECRET_ACCESS_KEY=" + SECRET_KEY + "']) {\n"
                    + "    def r = pruneAmis template: 'ami/packer.json', region: 'us-east-1', endpoint: '"
                    + emulator.endpoint() + "', keep: 1, minAge: '0'\n"
                    + "    echo \"deleted=${r.deleted.collect { it.imageId }} kept=${r.kept.collect { it.imageId }}"
                    + " gib=${r.gibFreed} failed=${r.failed.size()}\"\n"
                    + "  }\n"
                    + "}", true));

            WorkflowRun b = j.buildAndAssertSuccess(p);

            j.assertLogContains("deleted=[" + old + "] kept=[" + current + "] gib=8 failed=0", b);
            j.assertLogContains("[pruneAmis] current checksum " + checksum, b);
            j.assertLogNotContains(SECRET_KEY, b);
            assertFalse(emulator.image("us-east-1", old).isPresent());
            assertTrue(emulator.image("us-east-1", current).isPresent());
        }
    }

    @Test
    public void missingRegionFailsWithAMessageAndNoStackTrace() throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node { pruneAmis 'ami/packer.json' }", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("pruneAmis: no region: set the region option", b);
        j.assertLogNotContains("\tat ", b);
    }

    @Test
    public void needsAWorkspace() throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("pruneAmis template: 'ami/packer.json', region: 'us-east-1'", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("Required context class hudson.FilePath is missing", b);
    }

    private static String seed(Ec2Emulator emulator, String checksum, Duration age) {
        return emulator.seedImage(ImageSeed.named("app-" + checksum).owner(ACCOUNT).tag("ami_family", "ami/packer.json")
                .tag("ami_config_checksum", checksum).creationDate(Instant.now().minus(age)));
    }
}
