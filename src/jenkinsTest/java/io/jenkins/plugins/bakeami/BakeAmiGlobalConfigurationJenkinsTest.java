package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import hudson.ExtensionList;
import hudson.model.Result;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import java.util.List;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.springframework.security.access.AccessDeniedException;

/**
 * Manage Jenkins → System, "Bake AMI", in a real Jenkins (profile jenkins; not run in the default build): the form
 * keeps every field, saving needs Overall/Administer, and a bake takes the defaults (and an option overrides them),
 * saying so in its first line. The EC2 endpoint is a closed loopback port: the bakes fail after that line.
 */
public class BakeAmiGlobalConfigurationJenkinsTest {
    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @Rule
    public JenkinsRule j = new JenkinsRule();

    private static BakeAmiGlobalConfiguration config() {
        return ExtensionList.lookupSingleton(BakeAmiGlobalConfiguration.class);
    }

    @Test
    public void theFormKeepsEveryFieldAndTheyAreSaved() throws Exception {
        ExtensionList.lookupSingleton(PackerInstallation.DescriptorImpl.class)
                .setInstallations(new PackerInstallation("packer-1.11", "/opt/packer-1.11", List.of()));
        BakeAmiGlobalConfiguration config = config();
        config.setRegion("eu-west-1");
        config.setTagKey("team_checksum");
        config.setOwners(List.of("self", "123456789012"));
        config.setChecksumMode("strict");
        config.setTimeoutMinutes(30);
        config.setPackerInstallation("packer-1.11");
        j.configRoundtrip();
        assertEquals("eu-west-1", config.getRegion());
        assertEquals("team_checksum", config.getTagKey());
        assertEquals(List.of("self", "123456789012"), config.getOwners());
        assertEquals("strict", config.getChecksumMode());
        assertEquals(Integer.valueOf(30), config.getTimeoutMinutes());
        assertEquals("packer-1.11", config.getPackerInstallation());
        BakeAmiGlobalConfiguration reloaded = new BakeAmiGlobalConfiguration();
        assertEquals("team_checksum", reloaded.getTagKey());
        assertEquals(Integer.valueOf(30), reloaded.getTimeoutMinutes());
    }

    @Test
    public void savingNeedsOverallAdminister() {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Jenkins.MANAGE).everywhere().to("manager")
                .grant(Jenkins.ADMINISTER).everywhere().to("admin"));
        assertEquals(Jenkins.ADMINISTER, config().getRequiredGlobalConfigPagePermission());
        try (ACLContext ignored = ACL.as2(User.getById("manager", true).impersonate2())) {
            assertThrows(AccessDeniedException.class, () -> config().configure(null, new JSONObject()));
        }
    }

    @Test
    public void aBakeTakesTheGlobalDefaultsAndSaysSo() throws Exception {
        BakeAmiGlobalConfiguration config = config();
        config.setRegion("eu-west-1");
        config.setTagKey("team_checksum");
        config.setTimeoutMinutes(30);
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node {\n"
                + "  writeFile file: 'ami/packer.json', text: '{\"builders\": []}'\n"
                + "  bakeAmi template: 'ami/packer.json', endpoint: 'http://127.0.0.1:1', timeoutMinutes: 0\n"
                + "}", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("region eu-west-1 (global default)", b);
        j.assertLogContains("tag key team_checksum (global default)", b);
        j.assertLogContains("timeout none (option)", b);
        j.assertLogContains("checksum mode ami-bakery (default)", b);
    }
}
