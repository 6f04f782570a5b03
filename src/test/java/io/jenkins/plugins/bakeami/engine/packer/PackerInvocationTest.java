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

    @Test
    public void userVariableWinsOverOfferedOne() throws Exception {
        PackerInvocation inv = PackerInvocation.builder(seed())
                .awsRegion("us-east-1").variable("aws_region", "eu-west-1").build();
        assertEquals(Map.of("aws_region", "eu-west-1"), inv.effectiveVariables());
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
