package io.jenkins.plugins.bakeami.engine.packer;

import static io.jenkins.plugins.bakeami.engine.packer.PackerTestSupport.fakeExecutable;
import static io.jenkins.plugins.bakeami.engine.packer.PackerTestSupport.fakePacker;
import static io.jenkins.plugins.bakeami.engine.packer.PackerTestSupport.realPacker;
import static io.jenkins.plugins.bakeami.engine.packer.PackerTestSupport.write;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.hasItem;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.jenkins.plugins.bakeami.engine.packer.PackerTestSupport.Lines;
import io.jenkins.plugins.bakeami.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

/** The runner against the real packer 1.6.6 (null and file builders, shell-local), and fake packers. */
public class PackerRunnerTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public final Timeout timeout = Await.testTimeout();

    private Path dir;

    @Before
    public void setUp() throws Exception {
        dir = tmp.newFolder("ami").toPath();
    }

    private static String nullBuildJson(String variables, String... inline) {
        StringBuilder sb = new StringBuilder("{\n  \"variables\": {" + variables + "},\n"
                + "  \"builders\": [{\"type\": \"null\", \"communicator\": \"none\"}],\n"
                + "  \"provisioners\": [{\"type\": \"shell-local\", \"inline\": [");
        for (int i = 0; i < inline.length; i++) {
            sb.append(i == 0 ? "\n    " : ",\n    ").append('"').append(inline[i].replace("\\", "\\\\")
                    .replace("\"", "\\\"")).append('"');
        }
        return sb.append("\n  ]}]\n}\n").toString();
    }

    private static String nullBuildHcl(String variables, String... inline) {
        StringBuilder sb = new StringBuilder(variables + "\nsource \"null\" \"one\" {\n  communicator = \"none\"\n}\n"
                + "build {\n  sources = [\"source.null.one\"]\n  provisioner \"shell-local\" {\n    inline = [");
        for (int i = 0; i < inline.length; i++) {
            sb.append(i == 0 ? "\n      " : ",\n      ").append('"').append(inline[i].replace("\\", "\\\\")
                    .replace("\"", "\\\"")).append('"');
        }
        return sb.append("\n    ]\n  }\n}\n").toString();
    }

    /** A provisioner that goes on only once the test has seen its first line in the log (or fails after 30 s). */
    private static String[] waitForGoFile(Path go) {
        return new String[] {
            "echo first-line",
            "i=0; while [ ! -f '" + go + "' ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done",
            "test -f '" + go + "' || exit 7"};
    }

    private Lines createOnFirstLine(Path go) {
        return new Lines(line -> {
            if (line.contains("first-line")) {
                try {
                    Files.createFile(go);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    /** A packer that does not exist: a test that passes with it proves the run stopped before Packer started. */
    private PackerExecutable neverStarted() {
        return fakeExecutable(tmp.getRoot().toPath().resolve("no-such-bin/packer"));
    }

    // ---- validate ----

    @Test
    public void brokenJsonTemplateFailsValidationWithPackersMessage() throws Exception {
        Path template = write(dir, "packer.json", "{\"builders\": [{\"type\": \"null\", \"communicator\": \"none\"}],"
                + " \"provisioners\": [{\"type\": \"shell-local\"}]}");
        Lines log = new Lines();
        try {
            new PackerRunner(realPacker()).build(PackerInvocation.builder(PackerTemplate.load(template)).build(), log);
            fail();
        } catch (PackerException e) {
            assertThat(e.getMessage(), containsString("packer validate rejected the template " + template
                    + " (exit code 1):"));
            assertThat(e.getMessage(), containsString("Command, Inline, Script and Scripts options cannot all be"
                    + " empty."));
        }
        assertThat(log.text(), containsString("Command, Inline, Script and Scripts options cannot all be empty."));
        assertThat(log.text(), containsString(" validate -machine-readable packer.json"));
        assertThat(log.text(), not(containsString(" build ")));
    }

    @Test
    public void brokenHclTemplateFailsValidationWithPackersMessage() throws Exception {
        Path template = write(dir, "app.pkr.hcl", "source \"null\" \"x\" {\n  communicator = \"none\"\n}\n"
                + "build {\n  sources = [\"source.null.x\"]\n  provisioner \"shell-local\" {\n    inlin = [\"x\"]\n"
                + "  }\n}\n");
        Lines log = new Lines();
        try {
            new PackerRunner(realPacker()).build(PackerInvocation.builder(PackerTemplate.load(template)).build(), log);
            fail();
        } catch (PackerException e) {
            assertThat(e.getMessage(), containsString("packer validate rejected the template " + template));
            assertThat(e.getMessage(), containsString("An argument named \"inlin\" is not"));
        }
        assertThat(log.text(), not(containsString(" build ")));
    }

    @Test
    public void validateAloneRunsNoBuild() throws Exception {
        Path marker = dir.resolve("built");
        Path template = write(dir, "packer.json", nullBuildJson("", "touch '" + marker + "'"));
        Lines log = new Lines();
        new PackerRunner(realPacker()).validate(PackerInvocation.builder(PackerTemplate.load(template)).build(), log);
        assertTrue(Files.notExists(marker));
        assertEquals(1, log.all().stream().filter(l -> l.startsWith("$ ")).count());
        assertThat(log.text(), containsString(" validate -machine-readable packer.json"));
        assertThat(log.text(), not(containsString(" build ")));
    }

    // ---- builds ----

    @Test
    public void jsonBuildStreamsUiLinesWhileRunningAndKeepsRawOutput() throws Exception {
        Path go = dir.resolve("go");
        String[] wait = waitForGoFile(go);
        Path template = write(dir, "packer.json", nullBuildJson("\"config_checksum\": \"\"",
                wait[0], wait[1], wait[2], "echo second-line checksum={{user `config_checksum`}}, done"));
        Path rawLog = tmp.getRoot().toPath().resolve("packer-raw.log");
        Lines log = createOnFirstLine(go);
        PackerBuildResult result = new PackerRunner(realPacker()).build(PackerInvocation
                .builder(PackerTemplate.load(template)).checksum("abc123").requireAmiArtifact(false)
                .rawLogFile(rawLog).build(), log);

        // The provisioner waits for a file the sink creates on the first line: the build could only finish
        // because that line reached the sink while packer was still running.
        List<String> lines = log.all();
        int first = log.indexOf("    null: first-line");
        int second = log.indexOf("    null: second-line checksum=abc123, done");
        assertTrue(lines.toString(), first >= 0 && second > first);
        assertThat(lines, hasItem("==> Builds finished. The artifacts of successful builds are:"));
        assertThat(lines, hasItem("--> null: Did not export anything. This is the null builder"));
        for (String line : lines) {
            assertThat(line, not(containsString(",ui,")));
        }

        assertThat(result.outputTail(), hasItem(containsString(",ui,message,    null: second-line"
                + " checksum=abc123%!(PACKER_COMMA) done")));
        assertEquals(List.of(new PackerArtifact("null", 0, "fnoeding.null", "Null",
                "Did not export anything. This is the null builder", List.of())), result.artifacts());
        assertEquals(Map.of(), result.amiIdsByTarget());
        String raw = Files.readString(rawLog, StandardCharsets.UTF_8);
        assertThat(raw, containsString(",ui,message,    null: first-line\n"));
        assertThat(raw, containsString(",null,artifact,0,end\n"));
        assertThat(raw, containsString("# $ " + realPacker().path() + " build -machine-readable -color=false -var"
                + " config_checksum=abc123 packer.json"));
    }

    @Test
    public void hclBuildStreamsAndGetsTheChecksum() throws Exception {
        Path go = dir.resolve("go");
        String[] wait = waitForGoFile(go);
        Path template = write(dir, "app.pkr.hcl", nullBuildHcl("variable \"config_checksum\" {\n  type = string\n}\n",
                wait[0], wait[1], wait[2], "echo second-line checksum=${var.config_checksum}"));
        Lines log = createOnFirstLine(go);
        PackerBuildResult result = new PackerRunner(realPacker()).build(PackerInvocation
                .builder(PackerTemplate.load(template)).checksum("f00d").requireAmiArtifact(false).build(), log);
        int first = log.indexOf("    null.one: first-line");
        int second = log.indexOf("    null.one: second-line checksum=f00d");
        assertTrue(log.text(), first >= 0 && second > first);
        assertEquals("null.one", result.artifacts().get(0).target());
    }

    @Test
    public void hclTemplateDirectoryWithSeedVariables() throws Exception {
        write(dir, "variables.pkr.hcl", "variable \"aws_region\" {}\n");
        write(dir, "build.pkr.hcl", nullBuildHcl("", "echo region=${var.aws_region}"));
        Lines log = new Lines();
        // aws_subnet_id and config_checksum are not declared: passing them would make packer refuse the build
        PackerBuildResult result = new PackerRunner(realPacker()).build(PackerInvocation
                .builder(PackerTemplate.load(dir)).awsRegion("eu-west-3").awsSubnetId("subnet-1").checksum("abc")
                .requireAmiArtifact(false).build(), log);
        assertThat(log.all(), hasItem("    null.one: region=eu-west-3"));
        assertThat(log.text(), containsString(" build -machine-readable -color=false -var aws_region=eu-west-3 ."));
        assertThat(log.text(), not(containsString("config_checksum")));
        assertThat(log.text(), not(containsString("aws_subnet_id")));
        assertEquals(1, result.artifacts().size());
    }

    @Test
    public void checksumIsNotPassedToAJsonTemplateThatDoesNotDeclareIt() throws Exception {
        Path template = write(dir, "packer.json", nullBuildJson("", "echo hello"));
        Lines log = new Lines();
        new PackerRunner(realPacker()).build(PackerInvocation.builder(PackerTemplate.load(template))
                .checksum("abc123").requireAmiArtifact(false).build(), log);
        assertThat(log.all(), hasItem("    null: hello"));
        assertThat(log.text(), not(containsString("config_checksum")));
        assertThat(log.text(), not(containsString("abc123")));
    }

    @Test
    public void undeclaredUserVariableFailsBeforePackerStarts() throws Exception {
        Path template = write(dir, "app.pkr.hcl", nullBuildHcl("variable \"a\" {}\n", "echo hi"));
        Lines log = new Lines();
        try {
            new PackerRunner(neverStarted()).build(PackerInvocation.builder(PackerTemplate.load(template))
                    .variable("a", "1").variable("instance_type", "t3.micro").build(), log);
            fail();
        } catch (PackerException e) {
            assertEquals("Variable instance_type is not declared by the Packer template " + template
                    + " (it declares: a)", e.getMessage());
        }
        assertEquals(List.of(), log.all());
    }

    @Test
    public void environmentReachesPackerOnlyAndSecretsAreMasked() throws Exception {
        String accessKey = "AKIATESTKEY12345";
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRET";
        String token = "FwoGZXIvYXdzEXAMPLETOKEN";
        Path template = write(dir, "packer.json", nullBuildJson("",
                "echo key_len=${#AWS_ACCESS_KEY_ID}",
                "echo secret=$AWS_SECRET_ACCESS_KEY token=$AWS_SESSION_TOKEN",
                "echo secret_sha=$(printf %s \"$AWS_SECRET_ACCESS_KEY\" | sha256sum | cut -c1-64)",
                "echo region=$AWS_REGION default=$AWS_DEFAULT_REGION checkpoint=$CHECKPOINT_DISABLE",
                "echo home=[$HOME] extra=$EXTRA_VAR"));
        Path rawLog = tmp.getRoot().toPath().resolve("raw.log");
        Lines log = new Lines();
        PackerBuildResult result = new PackerRunner(realPacker()).build(PackerInvocation
                .builder(PackerTemplate.load(template))
                .awsCredentials(accessKey, secret, token).awsRegion("eu-west-3")
                .environment("EXTRA_VAR", "extra-value").environment("PATH", "/usr/bin:/bin")
                .inheritEnvironment(false).rawLogFile(rawLog).requireAmiArtifact(false).build(), log);

        String sha = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        assertThat(log.all(), hasItem("    null: key_len=16"));
        assertThat(log.all(), hasItem("    null: secret=**** token=****"));
        assertThat(log.all(), hasItem("    null: secret_sha=" + sha));
        assertThat(log.all(), hasItem("    null: region=eu-west-3 default=eu-west-3 checkpoint=1"));
        assertThat(log.all(), hasItem("    null: home=[] extra=extra-value"));
        for (String where : List.of(log.text(), String.join("\n", result.outputTail()),
                Files.readString(rawLog, StandardCharsets.UTF_8))) {
            assertThat(where, not(containsString(secret)));
            assertThat(where, not(containsString(token)));
        }
        // the JVM's own environment and properties are untouched
        assertNotEquals(secret, System.getenv("AWS_SECRET_ACCESS_KEY"));
        assertNull(System.getenv("EXTRA_VAR"));
        assertNull(System.getProperty("EXTRA_VAR"));
        assertNull(System.getProperty("aws.secretAccessKey"));
    }

    @Test
    public void sensitiveTemplateVariablesAreMasked() throws Exception {
        Path template = write(dir, "packer.json", "{\"variables\": {\"pw\": \"\"}, \"sensitive-variables\": [\"pw\"],"
                + " \"builders\": [{\"type\": \"null\", \"communicator\": \"none\"}],"
                + " \"provisioners\": [{\"type\": \"shell-local\", \"inline\": [\"echo pw={{user `pw`}}\"]}]}");
        Lines log = new Lines();
        new PackerRunner(realPacker()).build(PackerInvocation.builder(PackerTemplate.load(template))
                .variable("pw", "hunter2-pw").requireAmiArtifact(false).build(), log);
        assertThat(log.all(), hasItem("    null: pw=****"));
        assertThat(log.text(), not(containsString("hunter2-pw")));
    }

    @Test
    public void varFilesAndOnlyAndWorkingDirectory() throws Exception {
        Path template = write(dir, "packer.json", "{\"variables\": {\"content\": \"\"},\n"
                + " \"builders\": [{\"type\": \"null\", \"communicator\": \"none\"},\n"
                + "   {\"type\": \"file\", \"content\": \"{{user `content`}}\", \"target\": \"out.txt\"}]}");
        Path varFile = write(tmp.getRoot().toPath(), "vars/values.json", "{\"content\": \"from the var file\"}");
        Lines log = new Lines();
        PackerBuildResult result = new PackerRunner(realPacker()).build(PackerInvocation
                .builder(PackerTemplate.load(template)).varFile(varFile).only(List.of("file"))
                .requireAmiArtifact(false).build(), log);
        assertEquals(1, result.artifacts().size());
        PackerArtifact file = result.artifacts().get(0);
        assertEquals("packer.file", file.builderId());
        assertEquals(List.of("out.txt"), file.files());
        // packer ran in the template's directory, as the seed runs it
        assertEquals("from the var file", Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8));
        assertThat(log.text(), containsString(" -only=file -var-file=" + varFile + " packer.json"));
    }

    @Test
    public void missingVarFileIsNamed() throws Exception {
        Path template = write(dir, "packer.json", nullBuildJson("", "echo hi"));
        Path missing = tmp.getRoot().toPath().resolve("missing.json");
        try {
            new PackerRunner(neverStarted()).build(PackerInvocation.builder(PackerTemplate.load(template))
                    .varFile(missing).build(), new Lines());
            fail();
        } catch (PackerException e) {
            assertEquals("Packer var file " + missing + " does not exist or is not a file", e.getMessage());
        }
    }

    @Test
    public void commandLinesCarryTheSameArgumentsForValidateAndBuild() throws Exception {
        Path template = write(dir, "packer.json", PackerTemplateTest.SEED_TEMPLATE);
        Path varFile = write(dir, "extra.json", "{}");
        Path packer = Path.of("/opt/packer/bin/packer");
        PackerRunner runner = new PackerRunner(fakeExecutable(packer));
        PackerInvocation invocation = PackerInvocation.builder(PackerTemplate.load(template))
                .awsRegion("us-east-1").awsSubnetId("subnet-9").checksum("c0ffee").variable("aws_access_key", "AKIA1")
                .varFile(varFile).only(List.of("amazon-ebs", "second")).force(true).build();
        Map<String, String> vars = invocation.effectiveVariables();
        List<String> common = List.of("-only=amazon-ebs,second", "-var", "aws_region=us-east-1", "-var",
                "aws_subnet_id=subnet-9", "-var", "config_checksum=c0ffee", "-var", "aws_access_key=AKIA1",
                "-var-file=" + varFile, "packer.json");
        List<String> validate = new java.util.ArrayList<>(List.of(packer.toString(), "validate", "-machine-readable"));
        validate.addAll(common);
        List<String> build = new java.util.ArrayList<>(List.of(packer.toString(), "build", "-machine-readable",
                "-color=false", "-force"));
        build.addAll(common);
        assertEquals(validate, runner.validateCommand(invocation, vars));
        assertEquals(build, runner.buildCommand(invocation, vars));
        assertEquals("/opt/packer/bin/packer build -var 'a b=it'\\''s' -var 'k=****' packer.json",
                PackerRunner.display(List.of("/opt/packer/bin/packer", "build", "-var", "a b=it's", "-var",
                        "k=s3cret", "packer.json"), new SecretMasker(List.of("s3cret"))::mask));
    }

    // ---- failures ----

    @Test
    public void successWithoutAnAmiArtifactIsAnError() throws Exception {
        Path template = write(dir, "packer.json", nullBuildJson("", "echo hi"));
        try {
            new PackerRunner(realPacker()).build(PackerInvocation.builder(PackerTemplate.load(template)).build(),
                    new Lines());
            fail();
        } catch (PackerException e) {
            assertThat(e.getMessage(), containsString("packer build of " + template + " finished (exit code 0) but"
                    + " made no AMI: its artifacts were: null fnoeding.null \"Null\""));
        }
    }

    @Test
    public void provisionerFailureCarriesPackersErrorLines() throws Exception {
        Path template = write(dir, "packer.json", nullBuildJson("", "echo before", "exit 3"));
        Lines log = new Lines();
        try {
            new PackerRunner(realPacker()).build(PackerInvocation.builder(PackerTemplate.load(template))
                    .requireAmiArtifact(false).build(), log);
            fail();
        } catch (PackerException e) {
            assertThat(e.getMessage(), containsString("packer build of " + template + " failed (exit code 1):\n"));
            assertThat(e.getMessage(), containsString("Script exited with non-zero exit status: 3"));
            assertThat(e.getMessage(), containsString("Some builds didn't complete successfully and had errors:"));
            assertThat(e.getMessage(), not(containsString(",ui,")));
        }
        assertThat(log.all(), hasItem("    null: before"));
    }

    @Test
    public void fakeAmazonBuildReturnsAmisPerRegion() throws Exception {
        Path template = write(dir, "packer.json", nullBuildJson("", "echo unused"));
        Path fake = fakePacker(tmp.newFolder("bin").toPath(), "Packer v1.6.6",
                "echo '1700000000,,ui,say,==> amazon-ebs: Creating AMI app from instance i-0abc'\n"
                        + "echo '1700000000,,ui,message,    amazon-ebs: AMI: ami-0aaa'\n"
                        + "echo '1700000000,amazon-ebs,artifact-count,1'\n"
                        + "echo '1700000000,amazon-ebs,artifact,0,builder-id,mitchellh.amazonebs'\n"
                        + "echo '1700000000,amazon-ebs,artifact,0,id,us-east-1:ami-0aaa%!(PACKER_COMMA)"
                        + "us-west-2:ami-0bbb'\n"
                        + "echo '1700000000,amazon-ebs,artifact,0,end'\n"
                        + "exit 0");
        PackerBuildResult result = new PackerRunner(fakeExecutable(fake)).build(PackerInvocation
                .builder(PackerTemplate.load(template)).build(), new Lines());
        assertEquals(Map.of("us-east-1", "ami-0aaa", "us-west-2", "ami-0bbb"), result.amiIdsByRegion());
        assertEquals(List.of("us-east-1", "us-west-2"), List.copyOf(result.amiIdsByRegion().keySet()));
        assertEquals(List.of("ami-0aaa"), result.resources().amiIds());
    }

    @Test
    public void fakeExitZeroWithoutAnyArtifactIsAnError() throws Exception {
        Path template = write(dir, "packer.json", nullBuildJson("", "echo unused"));
        Path fake = fakePacker(tmp.newFolder("bin").toPath(), "Packer v1.6.6",
                "echo '1700000000,,ui,say,==> Builds finished but no artifacts were created.'\nexit 0");
        try {
            new PackerRunner(fakeExecutable(fake)).build(PackerInvocation.builder(PackerTemplate.load(template))
                    .build(), new Lines());
            fail();
        } catch (PackerException e) {
            assertThat(e.getMessage(), containsString("finished (exit code 0) but made no AMI: it reported no"
                    + " artifact at all"));
        }
    }

    @Test
    public void crashOutputThatIsNotMachineReadableExplainsTheFailure() throws Exception {
        Path template = write(dir, "packer.json", nullBuildJson("", "echo unused"));
        Path fake = fakePacker(tmp.newFolder("bin").toPath(), "Packer v1.6.6",
                "echo 'panic: runtime error: invalid memory address' >&2\nexit 2");
        Lines log = new Lines();
        try {
            new PackerRunner(fakeExecutable(fake)).build(PackerInvocation.builder(PackerTemplate.load(template))
                    .build(), log);
            fail();
        } catch (PackerException e) {
            assertThat(e.getMessage(), containsString("failed (exit code 2):\npanic: runtime error: invalid memory"
                    + " address"));
        }
        assertThat(log.all(), hasItem("panic: runtime error: invalid memory address"));
    }
}
