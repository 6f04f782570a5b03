package io.jenkins.plugins.bakeami.engine.aws;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.registry.AmiRegistry;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import io.jenkins.plugins.bakeami.tools.ec2.Ec2Emulator;
import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Both HTTP clients behave alike for the engine: the plugin's (Apache) and the command line's (URL connection) find
 * the AMI, retry throttling, and report an unreachable endpoint after their attempts with the same message.
 */
@RunWith(Parameterized.class)
public class Ec2ClientsTransportTest {
    private static final String REGION = "us-east-1";
    private static final String KEY = "AKIATRANSPORT0000001";
    private static final String ACCOUNT = "111122223333";
    private static final String CHECKSUM = "89abcdef0123456789abcdef0123456789abcdef";

    @Parameters(name = "{0}")
    public static List<Ec2Clients.Transport> transports() {
        return List.of(Ec2Clients.Transport.values());
    }

    private final Ec2Clients.Transport transport;
    private Ec2Emulator emulator;

    public Ec2ClientsTransportTest(Ec2Clients.Transport transport) {
        this.transport = transport;
    }

    @Before
    public void start() {
        emulator = Ec2Emulator.builder().start();
        emulator.accounts().map(KEY, ACCOUNT);
    }

    @After
    public void stop() {
        emulator.close();
    }

    private Ec2Target target(URI endpoint) {
        return new Ec2Target(REGION, endpoint, new AwsKeys(KEY, "secret-not-real", null));
    }

    @Test
    public void findsTheTaggedImageThroughThrottling() {
        String id = emulator.seedImage(ImageSeed.named("app").region(REGION).owner(ACCOUNT)
                .tag(AmiRegistry.DEFAULT_TAG_KEY, CHECKSUM));
        emulator.faults().throttleNext(2);
        Ec2Target target = target(emulator.endpoint());
        try (Ec2Client ec2 = Ec2Clients.open(target, PackerTestEnvironment.fastEc2Limits(), transport)) {
            String found = new AmiRegistry(ec2, target)
                    .findByChecksum(AmiRegistry.DEFAULT_TAG_KEY, CHECKSUM, AmiRegistry.DEFAULT_OWNERS).orElseThrow().imageId();
            assertEquals(id, found);
        }
        assertEquals("two throttled attempts, then the answer", 3, emulator.callLog().count("DescribeImages"));
    }

    /** Every attempt is refused: the client gives up after its attempts, and says what it could not reach. */
    @Test
    public void unreachableEndpointIsAClearErrorAfterTheAttempts() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        Ec2Target down = target(URI.create("http://127.0.0.1:" + freePort));
        Ec2Clients.Limits limits = PackerTestEnvironment.fastEc2Limits();
        try (Ec2Client ec2 = Ec2Clients.open(down, limits, transport)) {
            Ec2CallException e = assertThrows(Ec2CallException.class, () -> new AmiRegistry(ec2, down)
                    .findByChecksum(AmiRegistry.DEFAULT_TAG_KEY, CHECKSUM, AmiRegistry.DEFAULT_OWNERS));
            assertTrue(e.getMessage(), e.getMessage().contains("cannot reach the endpoint"));
            assertTrue(e.getMessage(), e.getMessage().contains("127.0.0.1:" + freePort));
            assertTrue(e.getMessage(), e.getMessage().contains("SDK Attempt Count: " + limits.maxAttempts()));
        }
    }
}
