package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import hudson.FilePath;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import hudson.slaves.EnvironmentVariablesNodeProperty;
import hudson.tasks.Shell;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.structs.SymbolLookup;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The freestyle build step in a real Jenkins (profile jenkins; not run in the default build). Except for the bake with
 * packer, the EC2 endpoint is a closed loopback port, so those builds end in FAILURE after the Jenkins layer did its part.
 */
public class BakeAmiBuilderJenkinsTest {
    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule j = new JenkinsRule();

    @Test
    public void configRoundTripKeepsEveryOption() throws Exception {
        BakeAmiBuilder builder = new BakeAmiBuilder("ami/packer.json");
        builder.setDirs(List.of("ami", "common"));
        builder.setRegion("eu-west-1");
        builder.setOwners(List.of("self", "123456789012"));
        builder.setVars(List.of("instance_type=t3.small"));
        builder.setTimeoutMinutes(45);
        builder.setArchive(false);
        builder.setSubnetId("subnet-0123456789abcdef0");
        builder.setBaseImage("ignore");
        builder.setSourceTagKey("team_base");
        builder.setRepairRegions(false);
        j.assertEqualDataBoundBeans(builder, j.configRoundtrip(builder));
    }

    /** The template and definition are there: the build fails at the closed endpoint, after the Jenkins layer's part. */
    @Test
    public void runsWithTheBuildsEnvironment() throws Exception {
        RequiredTools.requirePacker(); // a bake checks packer before its lookup reaches the endpoint
        EnvironmentVariablesNodeProperty env = new EnvironmentVariablesNodeProperty(
                new EnvironmentVariablesNodeProperty.Entry("AWS_REGION", "us-east-2"),
                new EnvironmentVariablesNodeProperty.Entry("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:1"));
        j.jenkins.getGlobalNodeProperties().add(env);
        FreeStyleProject p = j.createFreeStyleProject();
        FilePath ws = j.jenkins.getWorkspaceFor(p);
        ws.child("ami/packer.json").write(BakeAmiStepJenkinsTest.PACKER_JSON, "UTF-8");
        ws.child("ami/files/motd").write("Welcome\n", "UTF-8");
        p.getBuildersList().add(new BakeAmiBuilder("ami/packer.json"));
        FreeStyleBuild b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("region us-east-2 (AWS_REGION), endpoint http://127.0.0.1:1", b);
        j.assertLogContains("(http://127.0.0.1:1) failed: cannot reach the endpoint", b);
    }

    /** A real bake with packer against the EC2 emulator on a DumbSlave; later steps see AMI_ID. */
    @Test
    public void bakesWithPackerOnAnAgentAndSetsAmiIdForLaterSteps() throws Exception {
        RequiredTools.requirePacker();
        try (Ec2Emulator emulator = Ec2Emulator.builder().start()) {
            emulator.accounts().map("AKIAJENKINSFREESTYLE", "123456789012");
            DumbSlave agent = j.createOnlineSlave(Label.get("bake"));
            FreeStyleProject p = j.createFreeStyleProject();
            p.setAssignedLabel(Label.get("bake"));
            FilePath ws = agent.getWorkspaceFor(p);
            ws.child("ami/packer.json").write(BakeAmiStepJenkinsTest.PACKER_JSON, "UTF-8");
            ws.child("ami/files/motd").write("Welcome\n", "UTF-8");
            EnvironmentVariablesNodeProperty env = new EnvironmentVariablesNodeProperty(
                    new EnvironmentVariablesNodeProperty.Entry("AWS_ACCESS_KEY_ID", "AKIAJENKINSFREESTYLE"),
                    new EnvironmentVariablesNodeProperty.Entry("AWS_SECRET_ACCESS_KEY", "freestyle-secret-Kd82"),
                    new EnvironmentVariablesNodeProperty.Entry("AWS_POLL_DELAY_SECONDS", "1"));
            agent.getNodeProperties().add(env);
            BakeAmiBuilder builder = new BakeAmiBuilder("ami/packer.json");
            builder.setRegion("us-east-1");
            builder.setEndpoint(emulator.endpoint().toString());
            p.getBuildersList().add(builder);
            p.getBuildersList().add(new Shell("echo \"AMI=$AMI_ID in $AMI_ID_US_EAST_1\""));
            FreeStyleBuild b = j.buildAndAssertSuccess(p);
            String ami = b.getAction(BakeAmiAction.class).getAmiId();
            j.assertLogContains("AMI=" + ami + " in " + ami, b);
            j.assertLogNotContains("freestyle-secret-Kd82", b);
            assertTrue(b.getArtifactManager().root().child(".ami_id.json").isFile());
        }
    }

    @Test
    public void symbolNamesTheBuilderNotTheStep() {
        assertEquals(Set.of("bakeAmiBuilder"), SymbolLookup.getSymbolValue(BakeAmiBuilder.DescriptorImpl.class));
    }
}
