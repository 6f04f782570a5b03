package io.jenkins.plugins.bakeami.engine.packer;

import static io.jenkins.plugins.bakeami.engine.packer.PackerTestSupport.write;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PackerInvocationTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private PackerTemplate seed() throws Exception {
        return PackerTemplate.load(write(tmp.getRoot().toPath(), "packer.json", PackerTemplateTest.SEED_TEMPLATE));
    }

    private PackerTemplate hcl(String declarations) throws Exception {
        return PackerTemplate.load(write(tmp.getRoot().toPath(), "t.pkr.hcl", declarations));
    }

    @Test
    public void seedVariablesArePassedWhenDeclared() throws Exception {
        PackerInvocation inv = PackerInvocation.builder(seed())
                .awsRegion("us-east-1").awsSubnetId("subnet-1").checksum("abc").build();
        assertEquals(Map.of("aws_region", "us-east-1", "aws_subnet_id", "subnet-1", "config_checksum", "abc"),
                inv.effectiveVariables());
        assertEquals("us-east-1", inv.environment().get("AWS_REGION"));
        assertEquals("us-east-1", inv.environment().get("AWS_DEFAULT_REGION"));
    }

    @Test
    public void offeredVariablesAreLeftOutWhenNotDeclared() throws Exception {
        PackerInvocation inv = PackerInvocation.builder(hcl("variable \"aws_region\" {}\n"))
                .awsRegion("eu-west-1").awsSubnetId("subnet-1").checksum("abc").build();
        assertEquals(Map.of("aws_region", "eu-west-1"), inv.effectiveVariables());
    }

    @Test
    public void checksumVariableNameIsConfigurable() throws Exception {
        PackerInvocation inv = PackerInvocation.builder(hcl("variable \"ami_checksum\" {}\n"))
                .checksum("abc").checksumVariable("ami_checksum").build();
        assertEquals(Map.of("ami_checksum", "abc"), inv.effectiveVariables());
    }

    /** A variable the bake sets itself may be given only with the same value: else Packer builds elsewhere. */
    @Test
    public void aUserVariableContradictingAnOfferedOneIsAnErrorNamingBothValues() throws Exception {
        PackerInvocation agrees = PackerInvocation.builder(seed())
                .awsRegion("us-east-1").variable("aws_region", "us-east-1").build();
        assertEquals(Map.of("aws_region", "us-east-1"), agrees.effectiveVariables());
        PackerInvocation contradicts = PackerInvocation.builder(seed())
                .awsRegion("us-east-1").variable("aws_region", "us-west-2").build();
        PackerException e = org.junit.Assert.assertThrows(PackerException.class, contradicts::effectiveVariables);
        assertEquals("Packer variable aws_region is 'us-west-2' (given as a variable) but the bake sets it to"
                + " 'us-east-1': Packer would build with the one value while the bake looks up and tags with the other,"
                + " and every later run would bake again. Remove it: the bake passes aws_region itself", e.getMessage());
    }

    /** The same through a var file, JSON (legacy templates) or HCL (.pkrvars.hcl). */
    @Test
    public void aVarFileContradictingAnOfferedVariableIsAnErrorNamingTheFile() throws Exception {
        java.nio.file.Path json = write(tmp.getRoot().toPath(), "vars.json", "{\"aws_region\": \"us-west-2\"}");
        PackerException e = org.junit.Assert.assertThrows(PackerException.class, () -> PackerInvocation.builder(seed())
                .awsRegion("us-east-1").varFile(json).build().effectiveVariables());
        assertThat(e.getMessage(), containsString("Packer variable aws_region is 'us-west-2' (in the var file " + json
                + ") but the bake sets it to 'us-east-1'"));

        PackerTemplate hcl = hcl("variable \"aws_region\" {}\nvariable \"config_checksum\" {}\n");
        java.nio.file.Path region = write(tmp.getRoot().toPath(), "region.pkrvars.hcl",
                "# the region\naws_region = \"eu-west-1\"\nother = { a = \"b\" }\n");
        e = org.junit.Assert.assertThrows(PackerException.class, () -> PackerInvocation.builder(hcl)
                .awsRegion("us-east-1").varFile(region).build().effectiveVariables());
        assertThat(e.getMessage(), containsString("aws_region is 'eu-west-1' (in the var file " + region + ")"));
        java.nio.file.Path checksum = write(tmp.getRoot().toPath(), "sum.pkrvars.hcl",
                "config_checksum = \"${var.other}\"\n");
        e = org.junit.Assert.assertThrows(PackerException.class, () -> PackerInvocation.builder(hcl)
                .checksum("abc").varFile(checksum).build().effectiveVariables());
        assertThat(e.getMessage(), containsString("Packer variable config_checksum is set (in the var file " + checksum
                + ") but the bake sets it to 'abc'"));

        java.nio.file.Path agrees = write(tmp.getRoot().toPath(), "same.pkrvars.hcl", "aws_region = \"us-east-1\"\n");
        assertEquals(Map.of("aws_region", "us-east-1"), PackerInvocation.builder(hcl).awsRegion("us-east-1")
                .varFile(agrees).build().effectiveVariables());
    }

    @Test
    public void aVarFileThatIsMissingOrBrokenIsNamed() throws Exception {
        java.nio.file.Path missing = tmp.getRoot().toPath().resolve("missing.json");
        PackerException e = org.junit.Assert.assertThrows(PackerException.class,
                () -> PackerInvocation.builder(seed()).varFile(missing).build().effectiveVariables());
        assertEquals("Packer var file " + missing + " does not exist or is not a file", e.getMessage());
        java.nio.file.Path broken = write(tmp.getRoot().toPath(), "broken.json", "{\"aws_region\": }");
        e = org.junit.Assert.assertThrows(PackerException.class,
                () -> PackerInvocation.builder(seed()).varFile(broken).build().effectiveVariables());
        assertThat(e.getMessage(), containsString("Packer var file " + broken + " is not valid JSON at line 1, column 16"));
    }

    @Test
    public void undeclaredUserVariableIsAnErrorNamingItAndTheTemplate() throws Exception {
        PackerTemplate template = hcl("variable \"a\" {}\nvariable \"b\" {}\n");
        try {
            PackerInvocation.builder(template).variable("a", "1").variable("instance_type", "t3.micro").build()
                    .effectiveVariables();
            fail();
        } catch (PackerException e) {
            assertEquals("Variable instance_type is not declared by the Packer template " + template.path()
                    + " (it declares: a, b)", e.getMessage());
        }
        PackerTemplate none = PackerTemplate.load(write(tmp.getRoot().toPath(), "none.json", "{\"builders\": []}"));
        try {
            PackerInvocation.builder(none).variable("x", "1").variable("y", "2").build().effectiveVariables();
            fail();
        } catch (PackerException e) {
            assertEquals("Variables x, y are not declared by the Packer template " + none.path()
                    + " (it declares: no variables)", e.getMessage());
        }
    }

    @Test
    public void secretsCoverCredentialsSensitiveAndSecretLookingVariables() throws Exception {
        PackerTemplate t = PackerTemplate.load(write(tmp.getRoot().toPath(), "s.json",
                "{\"variables\": {\"pw\": \"\", \"aws_secret_key\": \"\", \"token_count\": \"\", \"name\": \"\"},"
                        + " \"sensitive-variables\": [\"pw\"], \"builders\": []}"));
        PackerInvocation inv = PackerInvocation.builder(t)
                .awsCredentials("AKIAEXAMPLE", "wJalrSecret", "SessionTok")
                .variable("pw", "p4ss").variable("aws_secret_key", "other-secret").variable("token_count", "1")
                .variable("name", "app").secret("extra").build();
        assertEquals(Set.of("extra", "wJalrSecret", "SessionTok", "p4ss", "other-secret"), inv.secrets());
        assertEquals("AKIAEXAMPLE", inv.environment().get("AWS_ACCESS_KEY_ID"));
        assertThat(inv.toString(), not(containsString("wJalrSecret")));
        assertThat(inv.toString(), not(containsString("p4ss")));
        assertThat(inv.toString(), containsString("AWS_SECRET_ACCESS_KEY"));
    }

    @Test
    public void rejectsInvalidNamesAndDurations() throws Exception {
        PackerInvocation.Builder b = PackerInvocation.builder(seed());
        assertThrowsIae(() -> b.variable("a=b", "1"));
        assertThrowsIae(() -> b.variable("", "1"));
        assertThrowsIae(() -> b.environment("A=B", "1"));
        assertThrowsIae(() -> b.only(List.of("a,b")));
        assertThrowsIae(() -> b.timeout(java.time.Duration.ZERO));
        assertThrowsIae(() -> b.gracePeriod(java.time.Duration.ofSeconds(-1)));
        assertTrue(b.build().requireAmiArtifact());
        assertEquals(PackerInvocation.DEFAULT_GRACE_PERIOD, b.build().gracePeriod());
    }

    private static void assertThrowsIae(Runnable r) {
        try {
            r.run();
            fail();
        } catch (IllegalArgumentException expected) {
            // fine
        }
    }
}
