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
        assertEquals("us-gov-west-1", RegionNames.requireValid(" us-gov-west-1 ", "region", Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegionNames.requireValid("us-east1", "region", Map.of()));
        assertEquals("Invalid AWS region 'us-east1' (region): expected a name like us-east-1", e.getMessage());
    }

    /** The SDK's own region list decides, not a pattern: a real region of an odd shape passes, a made-up one not. */
    @Test
    public void regionsAreCheckedAgainstTheSdksRegionList() {
        assertEquals("eusc-de-east-1", RegionNames.requireValid("eusc-de-east-1", "--region", Map.of()));
        assertEquals("us-isob-east-1", RegionNames.requireValid("us-isob-east-1", "--region", Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegionNames.requireValid("zz-east-1", "--region", Map.of()));
        assertEquals("Unknown AWS region 'zz-east-1' (--region): not in the AWS SDK's region list (a typo?); for a"
                + " region newer than the SDK, set BAKE_AMI_EXTRA_REGIONS=zz-east-1", e.getMessage());
        // the SDK's pseudo-regions of global services are not EC2 regions
        assertThrows(IllegalArgumentException.class, () -> RegionNames.requireValid("aws-global", "--region", Map.of()));
    }

    @Test
    public void aRegionNewerThanTheSdkIsAcceptedWhenTheEnvironmentNamesIt() {
        Map<String, String> environment = Map.of(RegionNames.EXTRA_REGIONS_VARIABLE, "zz-north-9, zz-east-1");
        assertEquals("zz-east-1", RegionNames.requireValid("zz-east-1", "AWS_REGION", environment));
        assertEquals(null, RegionNames.problem("zz-north-9", environment));
        assertTrue(RegionNames.problem("zz-west-1", environment).startsWith("Unknown AWS region 'zz-west-1':"));
    }
}
