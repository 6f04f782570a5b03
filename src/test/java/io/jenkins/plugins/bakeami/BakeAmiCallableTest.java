package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import hudson.EnvVars;
import hudson.model.TaskListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** What crosses the remoting channel: plain values that survive serialization, and no secret in any text form. */
public class BakeAmiCallableTest {
    private static final String KEY_ID = "ASIAQX7EXAMPLEKEYID1";
    private static final String SECRET = "Zq9/secret+Xk2EXAMPLESECRETKEYvalue1234";
    private static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLEsessionTOKEN==";
    private static final String ENV_SECRET = "env-secret-Pz81kQ";

    private static BakeAmiCallable callable() {
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        step.setDirs(List.of("ami", "common"));
        step.setVars(List.of("instance_type=t3.small"));
        step.setEndpoint("http://127.0.0.1:4566");
        step.setSubnetId("subnet-0123456789abcdef0");
        BakeAmiParameters request = BakeAmiParameters.from(step, new EnvVars("AWS_REGION", "us-west-2",
                "DB_PASSWORD", ENV_SECRET, "PATH", "/opt/packer/bin"),
                AgentAwsCredentials.keys("Jenkins credentials 'aws-prod'", KEY_ID, SECRET, TOKEN));
        return BakeAmiCallable.probe(request, "b4k3");
    }

    /** Records the class of every object written, to prove no Jenkins object travels along. */
    private static final class RecordingOutput extends ObjectOutputStream {
        final List<Class<?>> classes = new ArrayList<>();

        RecordingOutput(ByteArrayOutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) {
            classes.add(obj.getClass());
            return obj;
        }
    }

    @Test
    public void survivesJavaSerializationWithEveryValue() throws Exception {
        BakeAmiCallable original = callable();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (RecordingOutput out = new RecordingOutput(bytes)) {
            out.writeObject(original);
            for (Class<?> c : out.classes) {
                String name = c.getName();
                assertTrue("only JDK values and our own classes cross the channel: " + name,
                        name.startsWith("java.") || (name.startsWith("io.jenkins.plugins.bakeami.")
                                && !name.startsWith("io.jenkins.plugins.bakeami.tools.")));
            }
        }
        BakeAmiCallable copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (BakeAmiCallable) in.readObject();
        }
        BakeAmiParameters r = copy.getParameters();
        assertEquals("ami/packer.json", r.getTemplate());
        assertEquals(List.of("ami", "common"), r.getDirs());
        assertEquals("us-west-2", r.getRegion());
        assertEquals("http://127.0.0.1:4566", r.getEndpoint());
        assertEquals("t3.small", r.getVars().get("instance_type"));
        assertEquals("subnet-0123456789abcdef0", r.getSubnetId());
        assertEquals(KEY_ID, r.getCredentials().getAccessKeyId());
        assertEquals(SECRET, r.getCredentials().getSecretAccessKey());
        assertEquals(TOKEN, r.getCredentials().getSessionToken());
        assertEquals(original.toString(), copy.toString());
    }

    @Test
    public void noTextFormShowsTheSecretOrTheToken() throws Exception {
        BakeAmiCallable c = callable();
        List<String> texts = List.of(c.toString(), c.getParameters().toString(), c.getParameters().describe(),
                c.getParameters().getCredentials().toString(), String.valueOf(c.getParameters().getCredentials().getSource()));
        for (String text : texts) {
            assertFalse(text, text.contains(SECRET));
            assertFalse(text, text.contains(TOKEN));
            assertFalse(text, text.contains(ENV_SECRET));
        }
        assertTrue(c.toString(), c.toString().contains("Jenkins credentials 'aws-prod'"));
    }

    @Test
    public void theEnginesRequestCarriesEveryParameterAndTheStepsEnvironment() {
        BakeAmiStep step = new BakeAmiStep("ami/packer.json");
        step.setChecksumMode("strict");
        step.setExcludes(List.of("**/*.md"));
        step.setOnly("amazon-ebs.a,amazon-ebs.b");
        step.setTimeoutMinutes(30);
        step.setSubnetId("subnet-0123456789abcdef0");
        step.setOwners(List.of("self", "123456789012"));
        BakeAmiParameters parameters = BakeAmiParameters.from(step, new EnvVars("AWS_REGION", "eu-west-1",
                "PATH", "/opt/packer/bin", "AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:4566"),
                AgentAwsCredentials.keys("test", KEY_ID, SECRET, TOKEN));
        io.jenkins.plugins.bakeami.engine.bake.BakeRequest r = BakeAmiCallable.probe(parameters, "b4k3")
                .engineRequest(java.nio.file.Path.of("/ws"));
        assertEquals("/ws", r.workDirectory());
        assertEquals(List.of("ami"), r.dirs());
        assertEquals("strict", r.checksumMode());
        assertEquals(List.of("**/*.md"), r.excludes());
        assertEquals("eu-west-1", r.region());
        assertEquals("http://127.0.0.1:4566", r.endpoint());
        assertEquals(KEY_ID, r.keys().accessKeyId());
        assertEquals(TOKEN, r.keys().sessionToken());
        assertEquals("/opt/packer/bin", r.environment().get("PATH"));
        assertEquals(List.of("amazon-ebs.a", "amazon-ebs.b"), r.only());
        assertEquals(java.time.Duration.ofMinutes(30), r.timeout());
        assertEquals("subnet-0123456789abcdef0", r.subnetId());
        assertEquals(List.of("self", "123456789012"), r.owners());
        assertEquals("the default packer is looked up on the step's PATH", null, r.packerPath());
        assertFalse(r.dryRun());
        assertEquals("the listing waits in the bake's control directory beside the workspace",
                "/ws@tmp/bakeAmi-b4k3/listing.txt", r.listingFile());
        assertEquals(null, BakeAmiCallable.probe(BakeAmiParameters.from(new BakeAmiStep("p.json"),
                new EnvVars("AWS_REGION", "us-east-1"), AgentAwsCredentials.defaultChain("agent", null)), "b4k3")
                .engineRequest(java.nio.file.Path.of("/ws")).keys());
    }

    @Test
    public void theAgentsPathIsAddedOnlyWhenTheStepHasNone() {
        assertEquals("/opt/bin", BakeAmiCallable.packerEnvironment(java.util.Map.of("PATH", "/opt/bin")).get("PATH"));
        assertEquals("C:\\bin", BakeAmiCallable.packerEnvironment(java.util.Map.of("Path", "C:\\bin")).get("Path"));
        assertFalse(BakeAmiCallable.packerEnvironment(java.util.Map.of("Path", "C:\\bin")).containsKey("PATH"));
        assertEquals(System.getenv("PATH"), BakeAmiCallable.packerEnvironment(java.util.Map.of("A", "b")).get("PATH"));
    }

    @Test
    public void keysOfACredentialsEntryMustBeComplete() {
        IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> AgentAwsCredentials.keys("Jenkins credentials 'x'", KEY_ID, " ", null));
        assertFalse(e.getMessage().contains(KEY_ID));
    }
}
