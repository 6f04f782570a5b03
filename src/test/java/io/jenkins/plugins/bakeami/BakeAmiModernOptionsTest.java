package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import hudson.util.FormValidation;
import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Test;

/**
 * Issue 15's options on the step and the builder (their defaults, the checks shared by the build and the forms) and
 * their way into the engine's request; the GitHub token is carried to the agent and never shown.
 */
public class BakeAmiModernOptionsTest {
    private static final Map<String, String> ENV = Map.of("AWS_REGION", "us-east-1");
    private static final AgentAwsCredentials CHAIN = AgentAwsCredentials.defaultChain("the agent's chain", null);

    @Test
    public void defaultsAreTheEnginesDefaults() {
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        BakeRequest request = BakeAmiCallable.engineRequest(BakeAmiParameters.from(step, ENV, CHAIN), Path.of("/ws"))
                .build();
        assertEquals(BakeRequest.DEFAULT_LINE_ENDINGS, request.lineEndings());
        assertEquals(BakeRequest.DEFAULT_ON_ERROR, request.onError());
        assertEquals(BakeRequest.DEFAULT_INIT, request.init());
        assertFalse(request.debug());
        assertEquals(null, request.pluginPath());
        assertEquals(null, request.githubToken());
        assertEquals(null, request.role());
    }

    @Test
    public void optionsReachTheEnginesRequest() {
        BakeAmiBuilder builder = new BakeAmiBuilder("ami/packer.json");
        builder.setChecksumMode("strict");
        builder.setLineEndings("normalize");
        builder.setDebug(true);
        builder.setOnError("abort");
        builder.setInit("always");
        builder.setPluginPath("  /var/cache/packer-plugins ");
        BakeAmiParameters parameters = BakeAmiParameters.from(builder, GlobalDefaults.NONE, ENV, null, CHAIN, null,
                "ghp_secretToken123");
        BakeRequest request = BakeAmiCallable.engineRequest(parameters, Path.of("/ws")).build();
        assertEquals("normalize", request.lineEndings());
        assertTrue(request.debug());
        assertEquals("abort", request.onError());
        assertEquals("always", request.init());
        assertEquals("/var/cache/packer-plugins", request.pluginPath());
        assertEquals("ghp_secretToken123", request.githubToken());
        assertFalse(parameters.toString().contains("ghp_secretToken123"));
        assertFalse(request.toString().contains("ghp_secretToken123"));
    }

    @Test
    public void badValuesAreRefusedNamingTheOption() {
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        step.setLineEndings("normalize");
        assertEquals("lineEndings 'normalize' needs checksumMode 'strict': the ami-bakery checksum is the seed's, byte"
                + " for byte", assertThrows(IllegalArgumentException.class,
                        () -> BakeAmiParameters.from(step, ENV, CHAIN)).getMessage());
        BakeAmiStep ask = new BakeAmiStep("ami/packer.json");
        ask.setOnError("ask");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BakeAmiParameters.from(ask, ENV, CHAIN))
                .getMessage().startsWith("onError 'ask' is refused: "));
        BakeAmiStep init = new BakeAmiStep("ami/packer.json");
        init.setInit("sometimes");
        assertEquals("init 'sometimes' is not one of auto, always, never", assertThrows(
                IllegalArgumentException.class, () -> BakeAmiParameters.from(init, ENV, CHAIN)).getMessage());
    }

    @Test
    public void formsOfferTheValuesAndCheckThem() {
        assertEquals(2, BakeAmiForms.fillLineEndingsItems().size());
        assertEquals(2, BakeAmiForms.fillOnErrorItems().size());
        assertEquals(3, BakeAmiForms.fillInitItems().size());
        assertEquals(FormValidation.Kind.ERROR, BakeAmiForms.checkLineEndings("normalize", "ami-bakery").kind);
        assertEquals(FormValidation.Kind.OK, BakeAmiForms.checkLineEndings("normalize", "strict").kind);
        assertEquals(FormValidation.Kind.ERROR, BakeAmiForms.checkLineEndings("crlf", "strict").kind);
        BakeAmiStep.DescriptorImpl descriptor = new BakeAmiStep.DescriptorImpl();
        assertEquals(FormValidation.Kind.ERROR, descriptor.doCheckRole("role/x").kind);
        assertEquals(FormValidation.Kind.OK, descriptor.doCheckSessionDuration("3600").kind);
    }
}
