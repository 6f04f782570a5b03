package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.FormValidation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jenkinsci.Symbol;
import org.junit.Rule;
import org.junit.Test;

/**
 * The global defaults (Manage Jenkins → System, "Bake AMI") in the stand-in's Jenkins: found as the extension Jenkins
 * finds, saved by each setter to the XML file Jenkins keeps it in, and read back by a new instance as after a restart.
 * Configuration as code, the form and the permission are tested in a real Jenkins (BakeAmiGlobalConfigurationJenkinsTest).
 */
public class BakeAmiGlobalConfigurationTest {
    @Rule
    public JenkinsHome jenkinsHome = new JenkinsHome();

    private static BakeAmiGlobalConfiguration configuration() {
        return ExtensionList.lookupSingleton(BakeAmiGlobalConfiguration.class);
    }

    @Test
    public void anExtensionWithTheSymbolThatConfigurationAsCodeUses() {
        assertTrue(BakeAmiGlobalConfiguration.class.isAnnotationPresent(Extension.class));
        assertEquals(List.of("bakeAmi"), List.of(BakeAmiGlobalConfiguration.class.getAnnotation(Symbol.class).value()));
        assertSame("one instance, as Jenkins has", configuration(), configuration());
    }

    @Test
    public void savedByEachSetterAndReadBackAfterARestart() throws Exception {
        BakeAmiGlobalConfiguration config = configuration();
        assertEquals("nothing set: no defaults", GlobalDefaults.NONE.toString(), config.toDefaults().toString());
        config.setRegion(" eu-west-1 ");
        config.setCredentialsId("aws-prod");
        config.setTagKey("team_checksum");
        config.setOwners(List.of("self\n123456789012"));
        config.setChecksumMode("strict");
        config.setTimeoutMinutes(45);
        config.setPackerInstallation("packer-1.11");

        Path file = jenkinsHome.path().resolve("io.jenkins.plugins.bakeami.BakeAmiGlobalConfiguration.xml");
        String xml = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(xml, xml.startsWith("<?xml version='1.1' encoding='UTF-8'?>"));
        assertTrue(xml, xml.contains("<region>eu-west-1</region>") && xml.contains("<tagKey>team_checksum</tagKey>")
                && xml.contains("<string>123456789012</string>") && xml.contains("<timeoutMinutes>45</timeoutMinutes>"));

        BakeAmiGlobalConfiguration restarted = new BakeAmiGlobalConfiguration(); // its constructor loads the file
        assertEquals("eu-west-1", restarted.getRegion());
        assertEquals("aws-prod", restarted.getCredentialsId());
        assertEquals("team_checksum", restarted.getTagKey());
        assertEquals(List.of("self", "123456789012"), restarted.getOwners());
        assertEquals("self\n123456789012", restarted.getOwnersText());
        assertEquals("strict", restarted.getChecksumMode());
        assertEquals(Integer.valueOf(45), restarted.getTimeoutMinutes());
        assertEquals("packer-1.11", restarted.getPackerInstallation());
        assertEquals(config.toDefaults().toString(), restarted.toDefaults().toString());
        assertEquals("what a bake resolves against", config.toDefaults().toString(),
                BakeAmiGlobalConfiguration.current().toString());
    }

    @Test
    public void clearedFieldsAreUnsetNotEmpty() {
        BakeAmiGlobalConfiguration config = configuration();
        config.setTagKey("team_checksum");
        config.setTagKey("  ");
        config.setOwners(List.of(" "));
        config.setTimeoutMinutes(null);
        config.setPackerInstallation("");
        assertNull(config.getTagKey());
        assertEquals(List.of(), config.getOwners());
        assertNull(config.getTimeoutMinutes());
        assertNull(config.getPackerInstallation());
        assertEquals(GlobalDefaults.NONE.toString(), new BakeAmiGlobalConfiguration().toDefaults().toString());
    }

    @Test
    public void formChecksAreTheStepsOnes() {
        BakeAmiGlobalConfiguration config = configuration();
        BakeAmiStep.DescriptorImpl step = new BakeAmiStep.DescriptorImpl();
        for (String region : List.of("", "us-east-1", "us_east_1", "zz-east-1")) {
            assertEquals(region, step.doCheckRegion(region).kind, config.doCheckRegion(region).kind);
        }
        assertEquals(FormValidation.Kind.ERROR, config.doCheckTagKey("aws:x").kind);
        assertEquals(FormValidation.Kind.ERROR, config.doCheckOwners("everyone").kind);
        assertEquals(FormValidation.Kind.ERROR, config.doCheckTimeoutMinutes("-1").kind);
        assertEquals(FormValidation.Kind.OK, config.doCheckTimeoutMinutes("").kind);
        assertEquals(List.of("", "ami-bakery", "strict"),
                config.doFillChecksumModeItems().stream().map(o -> o.value).collect(Collectors.toList()));
    }

    /**
     * The step's checks of an option that depends on another (lineEndings on the checksum mode, sourceTagKey on the
     * tag key) read the other from the global default when the form leaves it empty, as the bake does.
     */
    @Test
    public void formChecksOfDependentOptionsReadTheGlobalDefaultOfTheOther() {
        BakeAmiStep.DescriptorImpl step = new BakeAmiStep.DescriptorImpl();
        assertEquals("no default: ami-bakery, byte for byte", FormValidation.Kind.ERROR,
                step.doCheckLineEndings("normalize", "").kind);
        assertEquals(FormValidation.Kind.OK, step.doCheckSourceTagKey("team_checksum", "").kind);
        configuration().setChecksumMode("strict");
        configuration().setTagKey("team_checksum");
        assertEquals(FormValidation.Kind.OK, step.doCheckLineEndings("normalize", "").kind);
        assertEquals("the form's own mode wins", FormValidation.Kind.ERROR,
                step.doCheckLineEndings("normalize", "ami-bakery").kind);
        assertEquals(FormValidation.Kind.ERROR, step.doCheckSourceTagKey("team_checksum", "").kind);
        assertEquals(FormValidation.Kind.OK, step.doCheckSourceTagKey("team_checksum", "ami_config_checksum").kind);
    }

    @Test
    public void thePackerInstallationListNamesTheConfiguredOnes() {
        ExtensionList.lookupSingleton(PackerInstallation.DescriptorImpl.class).setInstallations(
                new PackerInstallation("packer-1.11", "/opt/packer-1.11", List.of()),
                new PackerInstallation("packer-1.9", "/opt/packer-1.9", List.of()));
        assertEquals(List.of("", "packer-1.11", "packer-1.9"), configuration().doFillPackerInstallationItems().stream()
                .map(o -> o.value).collect(Collectors.toList()));
    }

    @Test
    public void withoutJenkinsThereAreNoDefaults() {
        System.clearProperty("JENKINS_HOME"); // as when Jenkins has not loaded its extensions (startup, shutdown)
        assertSame(GlobalDefaults.NONE, BakeAmiGlobalConfiguration.current());
        assertFalse(Files.exists(jenkinsHome.path().resolve("io.jenkins.plugins.bakeami.BakeAmiGlobalConfiguration.xml")));
    }
}
