package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

public class AgentAwsCredentialsResolverTest {
    private static final String ENV_KEY = "AKIAENVENVENVENVENV1";
    private static final String ENV_SECRET = "env-secret-wJalrXUtnFEMI/K7MDENG";
    private static final String ID_KEY = "ASIAIDIDIDIDIDIDIDID";
    private static final String ID_SECRET = "id-secret-bPxRfiCYEXAMPLEKEY";
    private static final String ID_TOKEN = "id-session-token-FwoGZXIvYXdzEXAMPLE";

    private static Map<String, String> envWithKeys() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", ENV_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", ENV_SECRET);
        env.put("AWS_SESSION_TOKEN", "env-token");
        return env;
    }

    @Test
    public void credentialsIdComesFirstEvenWhenTheEnvironmentHasKeys() {
        AgentAwsCredentials c = AgentAwsCredentialsResolver.resolve("aws-prod",
                AwsSessionCredentials.create(ID_KEY, ID_SECRET, ID_TOKEN), envWithKeys());
        assertFalse(c.usesDefaultChain());
        assertEquals(ID_KEY, c.getAccessKeyId());
        assertEquals(ID_SECRET, c.getSecretAccessKey());
        assertEquals(ID_TOKEN, c.getSessionToken());
        assertEquals("Jenkins credentials 'aws-prod'", c.getSource());
    }

    @Test
    public void longLivedKeysOfACredentialsEntryHaveNoSessionToken() {
        AgentAwsCredentials c = AgentAwsCredentialsResolver.resolve("aws-prod",
                AwsBasicCredentials.create(ID_KEY, ID_SECRET), new HashMap<>());
        assertEquals(ID_KEY, c.getAccessKeyId());
        assertNull(c.getSessionToken());
    }

    @Test
    public void anEntryWithoutKeysMeansTheAgentsDefaultChain() {
        AgentAwsCredentials c = AgentAwsCredentialsResolver.resolve("instance-profile", null, envWithKeys());
        assertTrue(c.usesDefaultChain());
        assertNull(c.getAccessKeyId());
        assertTrue(c.getSource(), c.getSource().contains("'instance-profile'"));
    }

    @Test
    public void withoutIdTheStepsEnvironmentKeysAreUsed() {
        AgentAwsCredentials c = AgentAwsCredentialsResolver.resolve(null, null, envWithKeys());
        assertEquals(ENV_KEY, c.getAccessKeyId());
        assertEquals(ENV_SECRET, c.getSecretAccessKey());
        assertEquals("env-token", c.getSessionToken());
        assertTrue(c.getSource(), c.getSource().contains("step's environment"));
    }

    @Test
    public void aBlankIdCountsAsNoId() {
        assertEquals(ENV_KEY, AgentAwsCredentialsResolver.resolve("  ", null, envWithKeys()).getAccessKeyId());
    }

    @Test
    public void withNothingTheAgentsDefaultChainWithTheStepsProfile() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_PROFILE", "bakery");
        AgentAwsCredentials c = AgentAwsCredentialsResolver.resolve(null, null, env);
        assertTrue(c.usesDefaultChain());
        assertEquals("bakery", c.getProfile());
        assertNull(AgentAwsCredentialsResolver.resolve(null, null, new HashMap<>()).getProfile());
    }

    @Test
    public void halfBoundKeysAreAnErrorNamingTheMissingVariable() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", ENV_KEY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentAwsCredentialsResolver.resolve(null, null, env));
        assertTrue(e.getMessage(), e.getMessage().contains("no AWS_SECRET_ACCESS_KEY"));
        assertFalse(e.getMessage(), e.getMessage().contains(ENV_KEY));
    }

    @Test
    public void toStringNamesTheSourceButNoSecret() {
        AgentAwsCredentials c = AgentAwsCredentialsResolver.resolve("aws-prod",
                AwsSessionCredentials.create(ID_KEY, ID_SECRET, ID_TOKEN), new HashMap<>());
        assertEquals("AWS credentials from Jenkins credentials 'aws-prod'", c.toString());
    }
}
