package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import hudson.EnvVars;
import io.jenkins.plugins.bakeami.engine.bake.BakeOutcome;
import io.jenkins.plugins.bakeami.engine.bake.BakeResult;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

public class BakeAmiActionTest {
    private static BakeAmiSummary outcome(boolean reused, long millis) {
        Map<String, String> amis = new LinkedHashMap<>();
        amis.put("us-east-1", "ami-0d8ebf1e938f7f16e");
        amis.put("eu-west-1", "ami-0aaaaaaaaaaaaaaaa");
        BakeResult result = new BakeResult("ami-0d8ebf1e938f7f16e", "us-east-1", amis,
                "3f786850e387550fdab836ed7e6dc881de23001b", "ami-bakery", reused ? BakeOutcome.REUSED : BakeOutcome.BAKED,
                Map.of("checksum", Duration.ofMillis(millis)), "ami-0123456789abcdef0");
        return new BakeAmiSummary(result, ".ami_id.json", null, null);
    }

    @Test
    public void showsResultDurationAndChangedFiles() {
        BakeAmiAction action = new BakeAmiAction(1, "ami/packer.json", outcome(false, 252_400),
                List.of("changed:  file ami/scripts/install.sh"), "job#41");
        assertEquals("baked", action.getResult());
        assertEquals("4 min 12 s", action.getDuration());
        assertEquals(List.of("changed:  file ami/scripts/install.sh"), action.getChangedFiles());
        assertEquals("job#41", action.getChangedSince());
        assertEquals("us-east-1", action.getRegion());
        assertEquals("ami-0d8ebf1e938f7f16e", action.getAmiIds().get("us-east-1"));
        assertEquals("reused", new BakeAmiAction(1, "t", outcome(true, 850), List.of(), null).getResult());
        assertEquals("850 ms", new BakeAmiAction(1, "t", outcome(true, 850), List.of(), null).getDuration());
        assertEquals("12 s", new BakeAmiAction(1, "t", outcome(true, 12_999), List.of(), null).getDuration());
    }

    /**
     * The REST API ({@code …/api/json?tree=actions[amiId,amiIds,sourceAmi]}) shows what stapler's model builder finds: the
     * class is an {@code @ExportedBean} and these getters are {@code @Exported}, under these names.
     */
    @Test
    public void theRestApiExportsTheAmiTheResultTheChecksumTheTemplateAndTheDurations() throws Exception {
        assertTrue(BakeAmiAction.class.isAnnotationPresent(ExportedBean.class));
        List<String> exported = new ArrayList<>();
        for (Method method : BakeAmiAction.class.getMethods()) {
            if (method.isAnnotationPresent(Exported.class)) {
                exported.add(method.getName());
            }
        }
        Collections.sort(exported);
        assertEquals(List.of("getAmiId", "getAmiIds", "getChecksum", "getChecksumMode", "getDurationMillis",
                "getPhaseMillis", "getPrune", "getRegion", "getResult", "getSourceAmi", "getTemplate", "isDryRun",
                "isReused"), exported);
        assertTrue(PruneSummary.class.isAnnotationPresent(ExportedBean.class));
        BakeAmiAction action = new BakeAmiAction(1, "ami/packer.json", outcome(false, 2_000), List.of(), null);
        assertEquals(Map.of("checksum", 2_000L), action.getPhaseMillis());
        assertEquals(2_000L, action.getDurationMillis());
        assertEquals("ami-bakery", action.getChecksumMode());
        assertEquals("the source image the AMI records", "ami-0123456789abcdef0", action.getSourceAmi());
    }

    @Test
    public void timingsLineNamesEachPhaseInOrder() {
        Map<String, Duration> phases = new LinkedHashMap<>();
        phases.put("checksum", Duration.ofMillis(120));
        phases.put("lookup", Duration.ofMillis(340));
        phases.put("packer", Duration.ofMillis(95_210));
        phases.put("tagging", Duration.ofMillis(400));
        BakeResult result = new BakeResult("ami-0d8ebf1e938f7f16e", "us-east-1", Map.of("us-east-1", "ami-0d8ebf1e938f7f16e"),
                "3f786850e387550fdab836ed7e6dc881de23001b", "ami-bakery", BakeOutcome.BAKED, phases, null);
        assertEquals("[bakeAmi] timings: checksum 0.1 s, lookup 0.3 s, packer 95.2 s, tagging 0.4 s",
                Messages.Log_Timings(new BakeAmiSummary(result, null, null, null).getTimings()));
    }

    @Test
    public void eachBakeOfABuildHasItsOwnPage() {
        assertEquals("bakeAmi", new BakeAmiAction(1, "t", outcome(true, 1), List.of(), null).getUrlName());
        assertEquals("bakeAmi-2", new BakeAmiAction(2, "t", outcome(true, 1), List.of(), null).getUrlName());
    }

    @Test
    public void freestyleEnvironmentHasTheAmiPerRegion() {
        AmiIdEnvironmentAction env = new AmiIdEnvironmentAction(outcome(true, 1));
        EnvVars vars = new EnvVars();
        env.buildEnvironment(null, vars);
        assertEquals("ami-0d8ebf1e938f7f16e", vars.get("AMI_ID"));
        assertEquals("ami-0d8ebf1e938f7f16e", vars.get("AMI_ID_US_EAST_1"));
        assertEquals("ami-0aaaaaaaaaaaaaaaa", vars.get("AMI_ID_EU_WEST_1"));
        assertEquals(3, vars.size());
        assertNull(env.getIconFileName());
        assertNull(env.getUrlName());
    }
}
