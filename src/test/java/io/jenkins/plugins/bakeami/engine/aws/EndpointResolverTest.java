package io.jenkins.plugins.bakeami.engine.aws;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.Test;

public class EndpointResolverTest {
    private static final Map<String, String> BOTH = Map.of(
            "AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:9001", "AWS_ENDPOINT_URL", "http://127.0.0.1:9002");

    @Test
    public void explicitSettingWinsOverTheEnvironment() {
        assertEquals(URI.create("https://ec2.example.test"), EndpointResolver.resolve("https://ec2.example.test", BOTH));
    }

    @Test
    public void serviceSpecificVariableWinsOverTheGeneralOne() {
        assertEquals(URI.create("http://127.0.0.1:9001"), EndpointResolver.resolve(null, BOTH));
        assertEquals(URI.create("http://127.0.0.1:9002"),
                EndpointResolver.resolve(" ", Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9002")));
    }

    @Test
    public void nothingSetMeansTheRegionsPublicEndpoint() {
        assertNull(EndpointResolver.resolve(null, Map.of("AWS_ENDPOINT_URL_EC2", "")));
        assertEquals("https://ec2.eu-west-1.amazonaws.com",
                new Ec2Target("eu-west-1", null, null).endpointForMessages());
    }

    @Test
    public void malformedEndpointNamesItsSource() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EndpointResolver.resolve(null, Map.of("AWS_ENDPOINT_URL_EC2", "ftp//nowhere")));
        assertTrue(e.getMessage(), e.getMessage().contains("AWS_ENDPOINT_URL_EC2"));
        assertTrue(e.getMessage(), e.getMessage().contains("ftp//nowhere"));
    }

    @Test
    public void regionNamesAreCheckedBeforeAnyCall() {
        assertEquals("us-gov-west-1", RegionNames.requireValid(" us-gov-west-1 ", "region"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegionNames.requireValid("us-east1", "region"));
        assertTrue(e.getMessage(), e.getMessage().contains("'us-east1'"));
    }
}
