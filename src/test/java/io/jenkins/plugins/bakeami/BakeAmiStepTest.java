package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;

public class BakeAmiStepTest {
    private final BakeAmiStep.DescriptorImpl descriptor = new BakeAmiStep.DescriptorImpl();

    /** Options with a global default are unset (null, empty) until given, so that the global default can apply. */
    @Test
    public void defaultsOfANewStep() {
        BakeAmiStep step = new BakeAmiStep(" ami/packer.json ");
        assertEquals("ami/packer.json", step.getTemplate());
        assertEquals(List.of(), step.getDirs());
        assertNull(step.getChecksumMode());
        assertNull(step.getRegion());
        assertNull(step.getCredentialsId());
        assertNull(step.getEndpoint());
        assertNull(step.getTagKey());
        assertEquals(List.of(), step.getOwners());
        assertEquals(List.of(), step.getVars());
        assertEquals(List.of(), step.getVarFiles());
        assertNull(step.getOnly());
        assertEquals(List.of(), step.getExcludes());
        assertFalse(step.isForce());
        assertFalse(step.isDryRun());
        assertTrue(step.isArchive());
        assertEquals(".ami_id.json", step.getAmiIdFile());
        assertEquals("packer", step.getPackerPath());
        assertNull(step.getTimeoutMinutes());
        assertNull(step.getSubnetId());
        assertNull(step.getPackerTool());
    }

    @Test
    public void settersNormalizeWhatFormsAndScriptsSend() {
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        step.setDirs(List.of("ami\ncommon, base ", ""));
        assertEquals(List.of("ami", "common", "base"), step.getDirs());
        assertEquals("ami\ncommon\nbase", step.getDirsText());
        step.setVars(List.of("a=1,2\r\nb=x"));
        assertEquals(List.of("a=1,2", "b=x"), step.getVars());
        step.setOwners(List.of(" "));
        assertEquals(List.of(), step.getOwners());
        step.setOwners(List.of("self", "123456789012"));
        assertEquals(List.of("self", "123456789012"), step.getOwners());
        step.setRegion("  ");
        assertNull(step.getRegion());
        step.setCredentialsId(" aws-prod ");
        assertEquals("aws-prod", step.getCredentialsId());
        step.setTagKey("");
        assertNull(step.getTagKey());
        step.setTagKey(" ami_config_checksum ");
        assertEquals("an explicit default is kept: it wins over a global default", "ami_config_checksum", step.getTagKey());
        step.setChecksumMode(null);
        assertNull(step.getChecksumMode());
        step.setTimeoutMinutes(0);
        assertEquals(Integer.valueOf(0), step.getTimeoutMinutes());
        step.setPackerTool(" packer-1.11 ");
        assertEquals("packer-1.11", step.getPackerTool());
        step.setPackerTool("");
        assertNull(step.getPackerTool());
        step.setAmiIdFile(" ");
        assertEquals(".ami_id.json", step.getAmiIdFile());
        step.setPackerPath("/opt/packer/bin/packer");
        assertEquals("/opt/packer/bin/packer", step.getPackerPath());
        step.setArchive(false);
        assertFalse(step.isArchive());
    }

    @Test
    public void functionNameAndContext() {
        assertEquals("bakeAmi", descriptor.getFunctionName());
        assertEquals(Set.of(FilePath.class, Launcher.class, TaskListener.class, Run.class, EnvVars.class),
                descriptor.getRequiredContext());
        assertFalse(descriptor.getDisplayName().isEmpty());
    }

    @Test
    public void argumentsToStringShowsTheTemplateOnly() {
        assertEquals("ami/packer.json", descriptor.argumentsToString(
                Map.of("template", "ami/packer.json", "credentialsId", "aws-prod", "vars", List.of("x=1"))));
        assertNull(descriptor.argumentsToString(Map.of("credentialsId", "aws-prod")));
    }

    @Test
    public void templateCheck() {
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckTemplate(""));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckTemplate("   "));
        assertKind(FormValidation.Kind.OK, descriptor.doCheckTemplate("ami/packer.json"));
    }

    @Test
    public void regionCheck() {
        for (String ok : new String[] {"us-east-1", "eu-central-2", "ap-southeast-4", "us-gov-west-1", "cn-north-1"}) {
            assertKind(FormValidation.Kind.OK, descriptor.doCheckRegion(ok));
        }
        FormValidation empty = descriptor.doCheckRegion("");
        assertKind(FormValidation.Kind.OK, empty);
        assertTrue(empty.getMessage().contains("AWS_DEFAULT_REGION"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckRegion("us_east_1"));
        // the message the form shows is the rule's, which names the value (FormValidation escapes it for HTML)
        assertEquals("Invalid AWS region 'us_east_1': expected a name like us-east-1",
                InputRules.region("us_east_1", Map.of()));
        // a region newer than the SDK may be allowed by the build's environment, which the form cannot see
        assertKind(FormValidation.Kind.WARNING, descriptor.doCheckRegion("zz-east-1"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckRegion("<script>"));
    }

    @Test
    public void tagKeyCheck() {
        assertKind(FormValidation.Kind.OK, descriptor.doCheckTagKey(""));
        assertKind(FormValidation.Kind.OK, descriptor.doCheckTagKey("ami_config_checksum"));
        assertKind(FormValidation.Kind.OK, descriptor.doCheckTagKey("team/bakery:checksum v2"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckTagKey("aws:checksum"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckTagKey("AWS:Checksum"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckTagKey("a".repeat(129)));
        assertKind(FormValidation.Kind.OK, descriptor.doCheckTagKey("a".repeat(128)));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckTagKey("check*sum"));
    }

    @Test
    public void sourceTagKeyCheckAndBaseImageItems() {
        assertKind(FormValidation.Kind.OK, descriptor.doCheckSourceTagKey("", ""));
        assertKind(FormValidation.Kind.OK, descriptor.doCheckSourceTagKey("ami_source_ami", "ami_config_checksum"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckSourceTagKey("aws:base", ""));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckSourceTagKey("ami_config_checksum", ""));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckSourceTagKey("sum", "sum"));
        assertEquals(List.of("track", "require", "ignore"),
                descriptor.doFillBaseImageItems().stream().map(o -> o.value).toList());
        BakeAmiStep step = new BakeAmiStep("t.json");
        assertEquals("track", step.getBaseImage());
        step.setBaseImage("  ");
        assertEquals("a blank value is the default", "track", step.getBaseImage());
        assertTrue(step.isRepairRegions());
    }

    @Test
    public void endpointCheck() {
        assertKind(FormValidation.Kind.OK, descriptor.doCheckEndpoint(""));
        assertKind(FormValidation.Kind.OK, descriptor.doCheckEndpoint("http://127.0.0.1:4566"));
        assertKind(FormValidation.Kind.OK, descriptor.doCheckEndpoint("https://ec2.us-east-1.amazonaws.com"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckEndpoint("ec2.us-east-1.amazonaws.com"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckEndpoint("ftp://example.test"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckEndpoint("http://user:pw@example.test"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckEndpoint("http://exa mple"));
    }

    @Test
    public void dirsCheck() {
        assertKind(FormValidation.Kind.OK, descriptor.doCheckDirs(""));
        assertKind(FormValidation.Kind.OK, descriptor.doCheckDirs("ami\ncommon/base"));
        assertKind(FormValidation.Kind.WARNING, descriptor.doCheckDirs("ami\n/opt/shared"));
        assertKind(FormValidation.Kind.WARNING, descriptor.doCheckDirs("../other-repo/ami"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckDirs("ami\0x"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckDirs(" , "));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckDirs("ami,,common"));
    }

    @Test
    public void listChecks() {
        assertKind(FormValidation.Kind.OK, descriptor.doCheckOwners("self\n123456789012"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckOwners("12345"));
        assertKind(FormValidation.Kind.OK, descriptor.doCheckVars("instance_type=t3.small\nami_name=web {{timestamp}}"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckVars("instance_type"));
        assertKind(FormValidation.Kind.OK, descriptor.doCheckAmiIdFile("out/ami.json"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckAmiIdFile("/tmp/ami.json"));
        assertKind(FormValidation.Kind.OK, descriptor.doCheckSubnetId("subnet-0123456789abcdef0"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckSubnetId("vpc-0123456789abcdef0"));
        assertKind(FormValidation.Kind.OK, descriptor.doCheckTimeoutMinutes("90"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckTimeoutMinutes("-5"));
        assertKind(FormValidation.Kind.ERROR, descriptor.doCheckTimeoutMinutes("ten"));
    }

    /** "Not set" first (the global default, else ami-bakery), then the engine's modes, the built-in default first. */
    @Test
    public void checksumModeChoicesNotSetThenDefaultFirst() {
        ListBoxModel items = descriptor.doFillChecksumModeItems();
        assertEquals(List.of("", "ami-bakery", "strict"),
                items.stream().map(o -> o.value).collect(Collectors.toList()));
        assertEquals(BakeAmiDefaults.CHECKSUM_MODES, items.stream().skip(1).map(o -> o.value).collect(Collectors.toList()));
    }

    @Test
    public void builderDescriptorGivesTheSameAnswers() {
        BakeAmiBuilder.DescriptorImpl builder = new BakeAmiBuilder.DescriptorImpl();
        for (String region : Arrays.asList("", "us-east-1", "nowhere")) {
            assertEquals(descriptor.doCheckRegion(region).kind, builder.doCheckRegion(region).kind);
        }
        assertEquals(FormValidation.Kind.ERROR, builder.doCheckTemplate("").kind);
        assertTrue(builder.isApplicable(null));
        assertEquals(descriptor.doFillChecksumModeItems().size(), builder.doFillChecksumModeItems().size());
    }

    private static void assertKind(FormValidation.Kind expected, FormValidation actual) {
        assertEquals(String.valueOf(actual.getMessage()), expected, actual.kind);
    }
}
