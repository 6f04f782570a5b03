package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import hudson.EnvVars;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class BakeAmiParametersTest {
    private static final AgentAwsCredentials CHAIN = AgentAwsCredentials.defaultChain("test", null);

    private static BakeAmiParameters from(BakeAmiStep step, String... env) {
        return BakeAmiParameters.from(step, new EnvVars(env), CHAIN);
    }

    @Test
    public void defaultsFillEveryOption() {
        BakeAmiParameters r = from(new BakeAmiStep("ami/packer.json"), "AWS_DEFAULT_REGION", "eu-west-1");
        assertEquals("ami/packer.json", r.getTemplate());
        assertEquals(List.of("ami"), r.getDirs());
        assertEquals("ami-bakery", r.getChecksumMode());
        assertEquals("eu-west-1", r.getRegion());
        assertNull(r.getEndpoint());
        assertEquals("ami_config_checksum", r.getTagKey());
        assertEquals(List.of("self"), r.getOwners());
        assertEquals(Map.of(), r.getVars());
        assertEquals(".ami_id.json", r.getAmiIdFile());
        assertEquals("packer", r.getPackerPath());
        assertEquals(0, r.getTimeoutMinutes());
        assertNull(r.getSubnetId());
        assertTrue(r.getVarFiles().isEmpty());
        assertTrue(r.getExcludes().isEmpty());
        assertEquals("track", r.getBaseImage());
        assertEquals("ami_source_ami", r.getSourceTagKey());
        assertTrue(r.isRepairRegions());
    }

    /** The base image and region options reach the engine's request as set. */
    @Test
    public void baseImageAndRepairOptionsReachTheEngine() {
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        step.setBaseImage("require");
        step.setSourceTagKey("team/base");
        step.setRepairRegions(false);
        io.jenkins.plugins.bakeami.engine.bake.BakeRequest request = BakeAmiCallable.engineRequest(
                from(step, "AWS_REGION", "us-east-1"), java.nio.file.Path.of("/ws")).build();
        assertEquals(io.jenkins.plugins.bakeami.engine.bake.BaseImagePolicy.REQUIRE, request.baseImage());
        assertEquals("team/base", request.sourceTagKey());
        assertFalse(request.repairRegions());
    }

    /** bakeAmi's family and retention: no family and no pruning unless asked; the access in words, no secret. */
    @Test
    public void familyAndRetentionDefaultToNoneAndAreCheckedAsTheBakeResolvesThem() throws Exception {
        BakeAmiParameters r = from(new BakeAmiStep("ami/packer.json"), "AWS_REGION", "eu-west-1");
        assertNull(r.getFamily());
        assertNull("keep 0: no pruning", r.retention());
        assertEquals(java.time.Duration.ofDays(7), r.getMinAge());
        assertEquals("default chain", r.getAccess());

        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        step.setFamily(" web servers ");
        step.setKeep(2);
        step.setMinAge("36h");
        step.setIncludeShared(true);
        step.setCredentialsId("aws-prod");
        BakeAmiParameters pruning = BakeAmiParameters.from(step, new EnvVars("AWS_REGION", "eu-west-1"),
                AgentAwsCredentials.keys("Jenkins credentials 'aws-prod'", "AKIAPARAMETERS000001", "secret-Xq1", null));
        assertEquals("web servers", pruning.getFamily());
        assertEquals("keep 2, min age 36h, shared and public AMIs pruned too", pruning.retention().describe());
        assertEquals("the credentials id names the access, not its keys", "credentials aws-prod", pruning.getAccess());
        assertTrue(pruning.describe(), pruning.describe().endsWith(", family web servers, then prune: keep 2, min age"
                + " 36h, shared and public AMIs pruned too"));

        EnvVars env = new EnvVars("AWS_REGION", "eu-west-1");
        BakeAmiStep family = new BakeAmiStep("ami/packer.json");
        family.setFamily("aws:web");
        TroubleshootingTable.assertDocumented("`family` that is not a tag value (`bakeAmi`, `pruneAmis`)",
                resolveError(family, env));
        BakeAmiStep keep = new BakeAmiStep("ami/packer.json");
        keep.setKeep(-1);
        TroubleshootingTable.assertDocumented("`keep` below 0 (`bakeAmi`)", resolveError(keep, env));
        BakeAmiStep minAge = new BakeAmiStep("ami/packer.json");
        minAge.setMinAge("a week");
        TroubleshootingTable.assertDocumented("`minAge` that is not a duration (`bakeAmi`, `pruneAmis`)",
                resolveError(minAge, env));
    }

    private static String resolveError(BakeAmiStep step, EnvVars env) {
        return assertThrows(hudson.AbortException.class, () -> BakeAmiRunner.resolve(step, null, env)).getMessage();
    }

    @Test
    public void dirsDefaultToTheTemplatesDirectory() {
        assertEquals(".", BakeAmiParameters.directoryOf("packer.json"));
        assertEquals("ami", BakeAmiParameters.directoryOf("ami/packer.json"));
        assertEquals("apps/web/ami", BakeAmiParameters.directoryOf("apps\\web\\ami\\packer.pkr.hcl"));
    }

    /**
     * As on the command line: a list that names no directory, or has an empty entry, is refused (the engine's message);
     * a blank field is "not set" (a form always sends it) and means the template's directory.
     */
    @Test
    public void anExplicitlyEmptyDirectoryListIsAnError() {
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        step.setDirs(List.of("", "  \n"));
        assertEquals(List.of("ami"), from(step, "AWS_REGION", "us-east-1").getDirs());
        for (String empty : List.of(" , ", ",,", "ami,,common", "ami\ncommon,")) {
            step.setDirs(List.of(empty));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> from(step, "AWS_REGION", "us-east-1"));
            assertTrue(e.getMessage(), e.getMessage().startsWith("The list of AMI definition directories ["));
            assertTrue(e.getMessage(), e.getMessage().endsWith("] has an empty entry (check for a stray comma or an empty"
                    + " setting)"));
        }
    }

    @Test
    public void regionOptionWinsOverAwsRegionWhichWinsOverAwsDefaultRegion() {
        BakeAmiStep step = new BakeAmiStep("p.json");
        assertEquals("eu-west-3", from(step, "AWS_REGION", "eu-west-3", "AWS_DEFAULT_REGION", "us-east-2").getRegion());
        step.setRegion("ap-south-1");
        assertEquals("ap-south-1", from(step, "AWS_REGION", "eu-west-3").getRegion());
    }

    @Test
    public void noRegionAnywhereIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> from(new BakeAmiStep("p.json")));
        assertTrue(e.getMessage(), e.getMessage().contains("AWS_REGION or AWS_DEFAULT_REGION"));
    }

    @Test
    public void aBadRegionInTheEnvironmentNamesTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> from(new BakeAmiStep("p.json"), "AWS_REGION", "Mars"));
        assertEquals("AWS_REGION of the step's environment: Invalid AWS region 'Mars': expected a name like us-east-1",
                e.getMessage());
    }

    /** The engine's rule (the SDK's region list, BAKE_AMI_EXTRA_REGIONS for newer ones) through the step's input path. */
    @Test
    public void regionsAreCheckedAgainstTheSdkListWithTheStepsEscape() {
        BakeAmiStep step = new BakeAmiStep("p.json");
        step.setRegion("eusc-de-east-1");
        assertEquals("eusc-de-east-1", from(step).getRegion());
        step.setRegion("zz-east-1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> from(step));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Unknown AWS region 'zz-east-1': not in the AWS SDK's"));
        assertEquals("zz-east-1", from(step, "BAKE_AMI_EXTRA_REGIONS", "zz-east-1").getRegion());
    }

    @Test
    public void endpointComesFromTheStepsEnvironmentEc2SpecificFirst() {
        BakeAmiStep step = new BakeAmiStep("p.json");
        assertEquals("http://127.0.0.1:4566", from(step, "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566").getEndpoint());
        assertEquals("http://127.0.0.1:9999", from(step, "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:9999").getEndpoint());
        step.setEndpoint("https://ec2.example.test");
        assertEquals("https://ec2.example.test", from(step, "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:9999").getEndpoint());
    }

    @Test
    public void varsKeepTheirOrderAndValuesMayHoldEqualsAndCommas() {
        BakeAmiStep step = new BakeAmiStep("p.json");
        step.setVars(List.of("b=1", "a=x=y,z\nc = spaced "));
        assertEquals(List.of("b", "a", "c"), List.copyOf(from(step, "AWS_REGION", "us-east-1").getVars().keySet()));
        assertEquals("x=y,z", from(step, "AWS_REGION", "us-east-1").getVars().get("a"));
        assertEquals("spaced", from(step, "AWS_REGION", "us-east-1").getVars().get("c"));
    }

    @Test
    public void eachInvalidOptionIsAnErrorNamingIt() {
        assertOptionError("template", s -> { }, new BakeAmiStep("  "));
        assertOptionError("tagKey 'aws:x'", s -> s.setTagKey("aws:x"), new BakeAmiStep("p.json"));
        assertOptionError("endpoint 'ftp://x'", s -> s.setEndpoint("ftp://x"), new BakeAmiStep("p.json"));
        assertOptionError("owners entry 'everyone'", s -> s.setOwners(List.of("self,everyone")), new BakeAmiStep("p.json"));
        assertOptionError("vars entry '=1'", s -> s.setVars(List.of("=1")), new BakeAmiStep("p.json"));
        assertOptionError("checksumMode 'md5'", s -> s.setChecksumMode("md5"), new BakeAmiStep("p.json"));
        assertOptionError("timeoutMinutes -1", s -> s.setTimeoutMinutes(-1), new BakeAmiStep("p.json"));
        assertOptionError("amiIdFile '../x.json'", s -> s.setAmiIdFile("../x.json"), new BakeAmiStep("p.json"));
        assertOptionError("subnetId 'sub-1'", s -> s.setSubnetId("sub-1"), new BakeAmiStep("p.json"));
        assertOptionError("Invalid AWS region 'US-EAST-1'", s -> s.setRegion("US-EAST-1"), new BakeAmiStep("p.json"));
        assertOptionError("baseImage 'latest' is not one of track, require, ignore", s -> s.setBaseImage("latest"),
                new BakeAmiStep("p.json"));
        assertOptionError("sourceTagKey 'aws:base'", s -> s.setSourceTagKey("aws:base"), new BakeAmiStep("p.json"));
        assertOptionError("sourceTagKey 'ami_family' is the tag of the checksum or the family",
                s -> s.setSourceTagKey("ami_family"), new BakeAmiStep("p.json"));
        assertOptionError("sourceTagKey 'sum' is the tag of the checksum or the family", s -> {
            s.setTagKey("sum");
            s.setSourceTagKey("sum");
        }, new BakeAmiStep("p.json"));
    }

    private static void assertOptionError(String expected, java.util.function.Consumer<BakeAmiStep> change, BakeAmiStep step) {
        change.accept(step);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> from(step, "AWS_REGION", "us-east-1"));
        assertTrue(e.getMessage(), e.getMessage().startsWith(expected));
    }

    @Test
    public void describeNamesWhatAndWhereButNoSecret() {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        BakeAmiParameters r = BakeAmiParameters.from(new BakeAmiStep("ami/packer.json"), new EnvVars("AWS_REGION", "us-east-1"),
                AgentAwsCredentials.keys("Jenkins credentials 'aws-prod'", "AKIAIOSFODNN7EXAMPLE", secret, "token-123"));
        String line = r.describe();
        assertTrue(line, line.contains("template ami/packer.json"));
        assertTrue(line, line.contains("region us-east-1 (AWS_REGION)"));
        assertTrue(line, line.contains("Jenkins credentials 'aws-prod'"));
        assertTrue(line, !line.contains(secret) && !line.contains("token-123"));
        assertTrue(r.toString(), !r.toString().contains(secret));
    }
}
