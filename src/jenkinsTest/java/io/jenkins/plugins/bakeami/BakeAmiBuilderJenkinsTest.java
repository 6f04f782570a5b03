package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.slaves.EnvironmentVariablesNodeProperty;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.structs.SymbolLookup;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The freestyle build step in a real Jenkins (profile jenkins; not run in the default build). The EC2 endpoint is a
 * closed loopback port, so its builds end in FAILURE after the Jenkins layer did its part.
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
        j.assertEqualDataBoundBeans(builder, j.configRoundtrip(builder));
    }

    @Test
    public void runsWithTheBuildsEnvironment() throws Exception {
        EnvironmentVariablesNodeProperty env = new EnvironmentVariablesNodeProperty(
                new EnvironmentVariablesNodeProperty.Entry("AWS_REGION", "us-east-2"),
                new EnvironmentVariablesNodeProperty.Entry("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:1"));
        j.jenkins.getGlobalNodeProperties().add(env);
        FreeStyleProject p = j.createFreeStyleProject();
        p.getBuildersList().add(new BakeAmiBuilder("ami/packer.json"));
        FreeStyleBuild b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("region us-east-2 (AWS_REGION), endpoint http://127.0.0.1:1", b);
    }

    @Test
    public void symbolNamesTheBuilderNotTheStep() {
        assertEquals(Set.of("bakeAmiBuilder"), SymbolLookup.getSymbolValue(BakeAmiBuilder.DescriptorImpl.class));
    }
}
