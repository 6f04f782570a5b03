package io.jenkins.plugins.bakeami;

import static io.jenkins.plugins.casc.misc.Util.getToolRoot;
import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toStringFromYamlFile;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import hudson.ExtensionList;
import hudson.tools.InstallSourceProperty;
import hudson.tools.ZipExtractionInstaller;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

/**
 * Configuration as code (JCasC's test harness; profile jenkins, not run in the default build): the global defaults
 * are read from {@code unclassified: bakeAmi:} and the Packer installations from {@code tool: packer:}, and both are
 * exported the same way.
 */
public class BakeAmiConfigurationAsCodeJenkinsTest {
    @Rule
    public JenkinsConfiguredWithCodeRule j = new JenkinsConfiguredWithCodeRule();

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    public void readsTheGlobalDefaultsAndThePackerInstallations() {
        BakeAmiGlobalConfiguration config = ExtensionList.lookupSingleton(BakeAmiGlobalConfiguration.class);
        assertEquals("eu-west-1", config.getRegion());
        assertEquals("aws-prod", config.getCredentialsId());
        assertEquals("team_checksum", config.getTagKey());
        assertEquals(List.of("self", "123456789012"), config.getOwners());
        assertEquals("strict", config.getChecksumMode());
        assertEquals(Integer.valueOf(30), config.getTimeoutMinutes());
        assertEquals("packer-1.11", config.getPackerInstallation());

        PackerInstallation[] installations = PackerInstallation.installations();
        assertEquals(2, installations.length);
        assertEquals("packer-1.11", installations[0].getName());
        assertEquals("/opt/packer-1.11", installations[0].getHome());
        InstallSourceProperty source = installations[1].getProperties().get(InstallSourceProperty.class);
        ZipExtractionInstaller zip = (ZipExtractionInstaller) source.installers.get(0);
        assertEquals("https://releases.hashicorp.com/packer/1.11.2/packer_1.11.2_linux_amd64.zip", zip.getUrl());
        assertEquals("linux", zip.getLabel());
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    public void exportsTheGlobalDefaultsAndThePackerInstallations() throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        assertEquals(toStringFromYamlFile(this, "configuration-as-code-export.yml"),
                toYamlString(getUnclassifiedRoot(context).get("bakeAmi")));
        String tools = toYamlString(getToolRoot(context).get("packer"));
        assertTrue(tools, tools.contains("name: \"packer-1.11\"") && tools.contains("home: \"/opt/packer-1.11\""));
        assertTrue(tools, tools.contains("url: \"https://releases.hashicorp.com/packer/1.11.2/packer_1.11.2_linux_amd64.zip\""));
    }

    /** The defaults survive a reload from disk, as after a restart: each setter saved them. */
    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    public void whatConfigurationAsCodeSetIsSaved() {
        BakeAmiGlobalConfiguration reloaded = new BakeAmiGlobalConfiguration();
        assertEquals("team_checksum", reloaded.getTagKey());
        assertEquals(List.of("self", "123456789012"), reloaded.getOwners());
        assertEquals(2, new PackerInstallation.DescriptorImpl().getInstallations().length);
    }
}
