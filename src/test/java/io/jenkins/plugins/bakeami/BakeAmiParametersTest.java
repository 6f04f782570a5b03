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
        return assertThrows(hudson.AbortException.class, () -> BakeAmiRunner.resolve(step, GlobalDefaults.NONE, null, env, "",
                new SilentListener())).getMessage();
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

    private static final GlobalDefaults TEAM = new GlobalDefaults("eu-central-1", "aws-team", "team_checksum",
            List.of("self", "123456789012"), "strict", 30, "packer-1.11");

    /** Every option the step leaves unset takes the global default; the log line says so for each. */
    @Test
    public void globalDefaultsFillWhatTheStepLeavesUnset() {
        BakeAmiParameters r = BakeAmiParameters.from(new BakeAmiStep("ami/packer.json"), TEAM, new EnvVars(), "aws-team",
                CHAIN, "/opt/packer-1.11/packer", null);
        assertEquals("eu-central-1", r.getRegion());
        assertEquals("team_checksum", r.getTagKey());
        assertEquals(List.of("self", "123456789012"), r.getOwners());
        assertEquals("strict", r.getChecksumMode());
        assertEquals(30, r.getTimeoutMinutes());
        assertEquals("/opt/packer-1.11/packer", r.getPackerPath());
        assertEquals("aws-team", r.getCredentialsId());
        String line = r.describe();
        for (String expected : List.of("checksum mode strict (global default)", "region eu-central-1 (global default)",
                "tag key team_checksum (global default)", "owners [self, 123456789012] (global default)",
                "timeout 30 min (global default)", "packer /opt/packer-1.11/packer (tool 'packer-1.11', global default)")) {
            assertTrue(line, line.contains(expected));
        }
    }

    /** An option on the step wins over the global default, even when it equals the built-in default. */
    @Test
    public void stepOptionsWinOverGlobalDefaults() {
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        step.setRegion("us-west-2");
        step.setTagKey("ami_config_checksum");
        step.setOwners(List.of("self"));
        step.setChecksumMode("ami-bakery");
        step.setTimeoutMinutes(0);
        step.setPackerPath("/usr/local/bin/packer");
        BakeAmiParameters r = BakeAmiParameters.from(step, TEAM, new EnvVars(), null, CHAIN, null, null);
        assertEquals("us-west-2", r.getRegion());
        assertEquals("ami_config_checksum", r.getTagKey());
        assertEquals(List.of("self"), r.getOwners());
        assertEquals("ami-bakery", r.getChecksumMode());
        assertEquals("0 is the step's own: no limit", 0, r.getTimeoutMinutes());
        assertEquals("packerPath wins over the global default installation", "/usr/local/bin/packer", r.getPackerPath());
        String line = r.describe();
        for (String expected : List.of("checksum mode ami-bakery (option)", "region us-west-2 (option)",
                "tag key ami_config_checksum (option)", "owners [self] (option)", "timeout none (option)",
                "packer /usr/local/bin/packer (packerPath option)")) {
            assertTrue(line, line.contains(expected));
        }
        assertNull("packerPath wins: no installation is resolved", BakeAmiParameters.packerToolName(step, TEAM));
    }

    @Test
    public void theStepsPackerToolWinsOverTheGlobalOneAndADryRunNeedsNone() {
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        assertEquals("packer-1.11", BakeAmiParameters.packerToolName(step, TEAM));
        assertNull(BakeAmiParameters.packerToolName(step, GlobalDefaults.NONE));
        step.setPackerTool("packer-1.9");
        assertEquals("packer-1.9", BakeAmiParameters.packerToolName(step, GlobalDefaults.NONE));
        assertEquals("packer-1.9", BakeAmiParameters.packerToolName(step, TEAM));
        BakeAmiParameters r = BakeAmiParameters.from(step, TEAM, new EnvVars(), null, CHAIN, "/opt/packer-1.9/packer",
                null);
        assertTrue(r.describe(), r.describe().contains("packer /opt/packer-1.9/packer (tool 'packer-1.9', option)"));
        step.setDryRun(true);
        assertNull(BakeAmiParameters.packerToolName(step, TEAM));
        assertTrue(BakeAmiParameters.from(step, TEAM, new EnvVars(), null, CHAIN, null, null).describe()
                .contains("packer not run (dry run)"));
    }

    @Test
    public void withoutGlobalDefaultsTheBuiltInOnesApplyAndSaySo() {
        String line = from(new BakeAmiStep("ami/packer.json"), "AWS_REGION", "us-east-1").describe();
        for (String expected : List.of("checksum mode ami-bakery (default)", "region us-east-1 (AWS_REGION)",
                "tag key ami_config_checksum (default)", "owners [self] (default)", "timeout none (default)",
                "packer packer (PATH)")) {
            assertTrue(line, line.contains(expected));
        }
    }

    /** The build's own environment is more specific than the global default region. */
    @Test
    public void theStepsEnvironmentRegionWinsOverTheGlobalDefault() {
        BakeAmiParameters r = BakeAmiParameters.from(new BakeAmiStep("p.json"), TEAM,
                new EnvVars("AWS_DEFAULT_REGION", "ap-south-1"), null, CHAIN, "/opt/packer", null);
        assertEquals("ap-south-1", r.getRegion());
        assertTrue(r.describe(), r.describe().contains("region ap-south-1 (AWS_DEFAULT_REGION)"));
    }

    @Test
    public void anInvalidGlobalDefaultIsAnErrorNamingWhereItIsSet() {
        GlobalDefaults bad = new GlobalDefaults(null, null, "aws:checksum", List.of(), null, null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> from(new BakeAmiStep("p.json"), bad));
        assertTrue(e.getMessage(), e.getMessage().startsWith("the global default (Manage Jenkins → System, Bake AMI): "
                + "tagKey 'aws:checksum'"));
        GlobalDefaults badRegion = new GlobalDefaults("Mars", null, null, List.of(), null, null, null);
        e = assertThrows(IllegalArgumentException.class, () -> BakeAmiParameters.from(new BakeAmiStep("p.json"),
                badRegion, new EnvVars(), null, CHAIN, null, null));
        assertTrue(e.getMessage(), e.getMessage().startsWith("the global default (Manage Jenkins → System, Bake AMI): "
                + "Invalid AWS region 'Mars'"));
        BakeAmiStep step = new BakeAmiStep("p.json");
        step.setTagKey("mine");
        assertEquals("a job that sets the option is not failed by a bad global default", "mine", from(step, bad).getTagKey());
        assertEquals("the build's region is used, the bad default never", "us-east-1",
                from(new BakeAmiStep("p.json"), badRegion).getRegion());
    }

    /**
     * Options that depend on a globally defaulted one are checked against the value that applies: lineEndings needs
     * the strict checksum (the step's, else the global default), sourceTagKey a tag other than the checksum's (the
     * step's, else the global default); the journal names the access by the global default credentials id too.
     */
    @Test
    public void optionsThatDependOnAGloballyDefaultedOneAreCheckedAgainstIt() {
        GlobalDefaults team = new GlobalDefaults(null, null, "team_checksum", List.of(), "strict", null, null);
        BakeAmiStep normalize = new BakeAmiStep("p.json");
        normalize.setLineEndings("normalize");
        assertEquals("normalize", from(normalize, team).getLineEndings());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> from(normalize, GlobalDefaults.NONE));
        assertTrue(e.getMessage(), e.getMessage().startsWith("lineEndings 'normalize' needs checksumMode 'strict'"));
        normalize.setChecksumMode("ami-bakery");
        assertThrows("the step's own mode wins", IllegalArgumentException.class, () -> from(normalize, team));

        BakeAmiStep source = new BakeAmiStep("p.json");
        source.setSourceTagKey("team_checksum");
        assertEquals("team_checksum", from(source, GlobalDefaults.NONE).getSourceTagKey());
        e = assertThrows(IllegalArgumentException.class, () -> from(source, team));
        assertTrue(e.getMessage(), e.getMessage().startsWith("sourceTagKey 'team_checksum' is the tag of the checksum"));

        BakeAmiParameters r = BakeAmiParameters.from(new BakeAmiStep("p.json"), TEAM, new EnvVars(), "aws-team",
                CHAIN, "/opt/packer", null);
        assertEquals("credentials aws-team", r.getAccess());
    }

    private static BakeAmiParameters from(BakeAmiStep step, GlobalDefaults defaults) {
        return BakeAmiParameters.from(step, defaults, new EnvVars("AWS_REGION", "us-east-1"), null, CHAIN, null, null);
    }

    @Test
    public void theGlobalDefaultCredentialsIdAppliesOnlyWhenTheStepBindsNoKeys() {
        assertEquals("aws-prod", AgentAwsCredentialsResolver.credentialsId(" aws-prod ", "aws-team", new EnvVars()));
        assertEquals("aws-team", AgentAwsCredentialsResolver.credentialsId(null, "aws-team", new EnvVars()));
        assertNull("withCredentials/withAWS around the step win", AgentAwsCredentialsResolver.credentialsId(null,
                "aws-team", new EnvVars("AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", "s")));
        assertEquals("aws-prod", AgentAwsCredentialsResolver.credentialsId("aws-prod", "aws-team",
                new EnvVars("AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", "s")));
        assertNull(AgentAwsCredentialsResolver.credentialsId(null, null, new EnvVars()));
        assertEquals("AWS credentials from Jenkins credentials 'aws-team' (global default)",
                AgentAwsCredentialsResolver.resolve("aws-team", true, null, new EnvVars()).toString()
                        .replace(" (no keys: the agent's default provider chain)", ""));
    }
}
