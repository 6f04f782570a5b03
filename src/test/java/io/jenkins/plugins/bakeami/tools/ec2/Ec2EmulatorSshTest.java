package io.jenkins.plugins.bakeami.tools.ec2;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.After;
import org.junit.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The emulator with an {@link SshEndpoint}: what a launched, stopped, started and terminated instance shows and
 * tells the endpoint, and that the key it lets in is the public half of the key CreateKeyPair returned.
 */
public class Ec2EmulatorSshTest {
    private static final String KEY = "AKIASSHENDPOINTTEST1";
    private static final String REGION = "us-east-1";

    /** Records what the emulator tells it. */
    private static final class RecordingEndpoint implements SshEndpoint {
        final List<String> events = new ArrayList<>();

        @Override
        public String address() {
            return "127.0.0.1";
        }

        @Override
        public synchronized void boot(String instanceId, String publicKey) {
            events.add("boot " + instanceId + " " + publicKey);
        }

        @Override
        public synchronized void shutDown(String instanceId) {
            events.add("shutDown " + instanceId);
        }

        synchronized List<String> events() {
            return List.copyOf(events);
        }
    }

    private final RecordingEndpoint endpoint = new RecordingEndpoint();
    private Ec2Emulator emulator;
    private Ec2Client ec2;

    private void start(Ec2Emulator.Builder builder) {
        emulator = builder.delays(Delays.uniform(Duration.ofMillis(100))).start();
        ec2 = EmulatorClients.client(emulator, KEY, REGION);
    }

    @After
    public void stop() {
        if (ec2 != null) {
            ec2.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    private Instance describe(String instanceId) {
        return ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    @Test
    public void anInstanceIsReachableWhileUpWithTheKeyPairsPublicKey() {
        start(Ec2Emulator.builder().sshEndpoint(endpoint));
        String pem = ec2.createKeyPair(b -> b.keyName("packer_ssh")).keyMaterial();
        String id = ec2.runInstances(b -> b.imageId(Ec2Emulator.BASE_IMAGE_ID).minCount(1).maxCount(1)
                .keyName("packer_ssh")).instances().get(0).instanceId();

        List<String> events = endpoint.events();
        assertEquals(events.toString(), 1, events.size());
        String[] boot = events.get(0).split(" ");
        assertEquals(List.of("boot", id, "ssh-rsa"), List.of(boot[0], boot[1], boot[2]));
        assertEquals("the key pair's name ends the authorized_keys line", "packer_ssh", boot[4]);
        assertEquals("the public key is the private key's", rsaPublicPartOfPkcs1(pem), rsaPartOfSshKey(boot[3]));

        EmulatorClients.waiter(ec2).waitUntilInstanceRunning(b -> b.instanceIds(id));
        assertEquals("127.0.0.1", describe(id).publicIpAddress());
        assertEquals(List.of(id), ec2.describeInstances(b -> b.filters(f -> f.name("ip-address").values("127.0.0.1")))
                .reservations().stream().flatMap(r -> r.instances().stream()).map(Instance::instanceId).toList());

        ec2.stopInstances(b -> b.instanceIds(id));
        assertEquals("shutDown " + id, endpoint.events().get(1));
        assertNull("a stopped instance gives its public IP back", describe(id).publicIpAddress());
        EmulatorClients.waiter(ec2).waitUntilInstanceStopped(b -> b.instanceIds(id));

        ec2.startInstances(b -> b.instanceIds(id));
        assertEquals(events.get(0), endpoint.events().get(2));
        assertEquals("127.0.0.1", describe(id).publicIpAddress());

        ec2.terminateInstances(b -> b.instanceIds(id));
        assertEquals("shutDown " + id, endpoint.events().get(3));
        assertNull(describe(id).publicIpAddress());
        assertEquals(4, endpoint.events().size());
    }

    @Test
    public void anInstanceWithoutKeyPairBootsWithNoKey() {
        start(Ec2Emulator.builder().sshEndpoint(endpoint));
        String id = ec2.runInstances(b -> b.imageId(Ec2Emulator.BASE_IMAGE_ID).minCount(1).maxCount(1))
                .instances().get(0).instanceId();
        assertEquals(List.of("boot " + id + " null"), endpoint.events());
        assertEquals("127.0.0.1", describe(id).publicIpAddress());
    }

    @Test
    public void withoutAnEndpointInstancesHaveNoPublicAddress() {
        start(Ec2Emulator.builder());
        ec2.createKeyPair(b -> b.keyName("packer_none"));
        String id = ec2.runInstances(b -> b.imageId(Ec2Emulator.BASE_IMAGE_ID).minCount(1).maxCount(1)
                .keyName("packer_none")).instances().get(0).instanceId();
        EmulatorClients.waiter(ec2).waitUntilInstanceRunning(b -> b.instanceIds(id));
        assertNull(describe(id).publicIpAddress());
        assertTrue(describe(id).privateIpAddress().startsWith("172.31."));
    }

    /** Modulus and public exponent of a PKCS#1 RSAPrivateKey PEM (SEQUENCE { version, n, e, ... }). */
    private static List<BigInteger> rsaPublicPartOfPkcs1(String pem) {
        assertTrue(pem, pem.startsWith("-----BEGIN RSA PRIVATE KEY-----\n"));
        assertTrue(pem, pem.endsWith("\n-----END RSA PRIVATE KEY-----"));
        ByteBuffer der = ByteBuffer.wrap(Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "")));
        assertEquals(0x30, der.get() & 0xff);
        derLength(der);
        BigInteger version = derInteger(der);
        assertEquals(BigInteger.ZERO, version);
        BigInteger n = derInteger(der);
        BigInteger e = derInteger(der);
        return List.of(n, e);
    }

    private static BigInteger derInteger(ByteBuffer der) {
        assertEquals(0x02, der.get() & 0xff);
        byte[] value = new byte[derLength(der)];
        der.get(value);
        return new BigInteger(value);
    }

    private static int derLength(ByteBuffer der) {
        int first = der.get() & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (der.get() & 0xff);
        }
        return length;
    }

    /** Modulus and public exponent of an OpenSSH {@code ssh-rsa} key blob (string type, mpint e, mpint n). */
    private static List<BigInteger> rsaPartOfSshKey(String base64) {
        ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
        assertEquals("ssh-rsa", new String(sshString(blob), StandardCharsets.US_ASCII));
        BigInteger e = new BigInteger(sshString(blob));
        BigInteger n = new BigInteger(sshString(blob));
        assertEquals(0, blob.remaining());
        return List.of(n, e);
    }

    private static byte[] sshString(ByteBuffer blob) {
        byte[] value = new byte[blob.getInt()];
        blob.get(value);
        return value;
    }
}
