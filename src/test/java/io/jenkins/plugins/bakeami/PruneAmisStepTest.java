package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class PruneAmisStepTest {
    private final PruneAmisStep.DescriptorImpl descriptor = new PruneAmisStep.DescriptorImpl();

    @Test
    public void defaultsOfANewStep() {
        PruneAmisStep step = new PruneAmisStep(" ami/packer.json ");
        assertEquals("ami/packer.json", step.getTemplate());
        assertEquals(3, step.getKeep());
        assertEquals("7d", step.getMinAge());
        assertFalse(step.isIncludeShared());
        assertFalse(step.isDryRun());
        assertNull(step.getFamily());
        assertNull(step.getRegion());
        assertNull(step.getCredentialsId());
        assertNull(step.getEndpoint());
        assertNull("unset: the global default, else ami-bakery", step.getChecksumMode());
        assertNull("unset: the global default, else ami_config_checksum", step.getTagKey());
        assertEquals(List.of(), step.getDirs());
        assertEquals(List.of(), step.getVars());
        assertEquals(List.of(), step.getVarFiles());
        assertEquals(List.of(), step.getExcludes());
    }

    @Test
    public void settersNormalizeWhatFormsAndScriptsSend() {
        PruneAmisStep step = new PruneAmisStep("ami/packer.json");
        step.setFamily("  ");
        assertNull(step.getFamily());
        step.setFamily(" web ");
        assertEquals("web", step.getFamily());
        step.setDirs(List.of("ami\ncommon, base "));
        assertEquals(List.of("ami", "common", "base"), step.getDirs());
        step.setTagKey(" ");
        assertNull(step.getTagKey());
        step.setChecksumMode("");
        assertNull(step.getChecksumMode());
        step.setMinAge(" 36h ");
        assertEquals("36h", step.getMinAge());
        step.setMinAge(" ");
        assertEquals("7d", step.getMinAge());
    }

    @Test
    public void functionNameContextAndArguments() {
        assertEquals("pruneAmis", descriptor.getFunctionName());
        assertEquals(Set.of(FilePath.class, TaskListener.class, Run.class, EnvVars.class),
                descriptor.getRequiredContext());
        assertFalse(descriptor.getDisplayName().isEmpty());
        assertEquals("ami/packer.json", descriptor.argumentsToString(
                Map.of("template", "ami/packer.json", "credentialsId", "aws-prod", "keep", 2)));
    }

    @Test
    public void formChecks() {
        assertEquals(FormValidation.Kind.OK, descriptor.doCheckKeep("1").kind);
        assertEquals(FormValidation.Kind.ERROR, descriptor.doCheckKeep("0").kind);
        assertEquals(FormValidation.Kind.ERROR, descriptor.doCheckKeep("three").kind);
        for (String age : List.of("0", "7d", "36h", "1h30m", "PT12H", "")) {
            assertEquals(age, FormValidation.Kind.OK, descriptor.doCheckMinAge(age).kind);
        }
        for (String age : List.of("-1d", "7", "soon")) {
            assertEquals(age, FormValidation.Kind.ERROR, descriptor.doCheckMinAge(age).kind);
        }
        assertEquals(FormValidation.Kind.OK, descriptor.doCheckFamily("").kind);
        assertEquals(FormValidation.Kind.OK, descriptor.doCheckFamily("web servers/prod").kind);
        assertEquals(FormValidation.Kind.ERROR, descriptor.doCheckFamily("aws:web").kind);
        assertEquals(FormValidation.Kind.ERROR, descriptor.doCheckTemplate(" ").kind);
        assertEquals(FormValidation.Kind.ERROR, descriptor.doCheckRegion("us_east_1").kind);
    }

    @Test
    public void badOptionsFailTheStepWithAMessageNamingThem() {
        EnvVars env = new EnvVars("AWS_REGION", "us-east-1");
        PruneAmisStep keepNone = new PruneAmisStep("ami/packer.json");
        keepNone.setKeep(0);
        assertEquals("pruneAmis: keep 0 is less than 1: the newest AMI is always kept", message(keepNone, env));
        PruneAmisStep days = new PruneAmisStep("ami/packer.json");
        days.setMinAge("7");
        TroubleshootingTable.assertDocumented("`minAge` that is not a duration (`bakeAmi`, `pruneAmis`)",
                message(days, env));
        PruneAmisStep family = new PruneAmisStep("ami/packer.json");
        family.setFamily("aws:web");
        assertTrue(message(family, env).startsWith("pruneAmis: Invalid family 'aws:web'"));
        assertTrue(message(new PruneAmisStep("ami/packer.json"), new EnvVars())
                .startsWith("pruneAmis: no region: set the region option"));
        PruneAmisStep tagKey = new PruneAmisStep("ami/packer.json");
        tagKey.setTagKey("aws:checksum");
        assertTrue(message(tagKey, env).startsWith("pruneAmis: tagKey 'aws:checksum'"));
        assertTrue(message(new PruneAmisStep(" "), env).startsWith("pruneAmis: template is required"));
    }

    private static String message(PruneAmisStep step, EnvVars env) {
        return assertThrows(AbortException.class, () -> step.resolve(GlobalDefaults.NONE, null, env, new SilentListener()))
                .getMessage();
    }
}
