package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.Test;

public class BakeAmiBuilderTest {
    @Test
    public void sameDefaultsAsTheStep() {
        BakeAmiBuilder builder = new BakeAmiBuilder("ami/packer.json");
        BakeAmiParameters fromBuilder = BakeAmiParameters.from(builder, new hudson.EnvVars("AWS_REGION", "us-east-1"),
                AgentAwsCredentials.defaultChain("test", null));
        BakeAmiParameters fromStep = BakeAmiParameters.from(new BakeAmiStep("ami/packer.json"),
                new hudson.EnvVars("AWS_REGION", "us-east-1"), AgentAwsCredentials.defaultChain("test", null));
        assertEquals(fromStep.describe(), fromBuilder.describe());
        assertTrue(builder.isArchive());
        assertEquals(List.of(), builder.getOwners());
        assertEquals(List.of("self"), fromBuilder.getOwners());
    }

    /** Stands in for XStream loading a job saved before an option existed: the field is absent, hence null. */
    @Test
    public void readResolveGivesMissingOptionsTheirDefaults() throws Exception {
        BakeAmiBuilder builder = new BakeAmiBuilder("ami/packer.json");
        for (String name : new String[] {"dirs", "owners", "vars", "varFiles", "excludes", "checksumMode", "tagKey",
            "amiIdFile", "packerPath"}) {
            Field f = BakeAmiBuilder.class.getDeclaredField(name);
            f.setAccessible(true);
            f.set(builder, null);
        }
        // XStream calls readResolve reflectively after it filled the fields
        Method readResolve = BakeAmiBuilder.class.getDeclaredMethod("readResolve");
        readResolve.setAccessible(true);
        BakeAmiBuilder loaded = (BakeAmiBuilder) readResolve.invoke(builder);
        assertEquals(List.of(), loaded.getDirs());
        assertEquals(List.of(), loaded.getOwners());
        assertEquals("unset: the global default applies", null, loaded.getChecksumMode());
        assertEquals(null, loaded.getTagKey());
        assertEquals(".ami_id.json", loaded.getAmiIdFile());
        assertEquals("packer", loaded.getPackerPath());
        assertEquals(List.of(), loaded.getExcludes());
    }
}
