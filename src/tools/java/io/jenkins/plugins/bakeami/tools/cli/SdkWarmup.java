package io.jenkins.plugins.bakeami.tools.cli;

import java.security.KeyStore;
import javax.crypto.Mac;
import javax.net.ssl.TrustManagerFactory;
import javax.xml.stream.XMLInputFactory;

/**
 * Loads the AWS SDK's EC2 client on a second core while the command parses its options and computes the checksum.
 * A no-op bake or a lookup is one EC2 call, but a fresh JVM first spends about a second loading and verifying the
 * SDK (the EC2 client alone pulls in some 600 request classes, the region metadata some 300, TLS its trust store);
 * done here, that time overlaps work the command does anyway. Purely an optimisation: any failure is ignored and
 * the command loads what it needs itself.
 */
final class SdkWarmup {
    // in the order the command needs them: the client builder's HTTP client and region metadata, then the client
    private static final String[] CLASSES = {
        "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient",
        "software.amazon.awssdk.regions.internal.MetadataLoader",
        "software.amazon.awssdk.services.ec2.DefaultEc2Client",
        "software.amazon.awssdk.services.ec2.model.DescribeImagesRequest",
        "software.amazon.awssdk.services.ec2.model.DescribeImagesResponse",
    };

    private SdkWarmup() {}

    /** Starts the warm-up for commands that call EC2; returns at once. */
    static void startFor(String[] args) {
        if (args.length == 0 || !(args[0].equals("bake") || args[0].equals("lookup"))) {
            return;
        }
        Thread thread = new Thread(SdkWarmup::load, "aws-sdk-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private static void load() {
        try {
            ClassLoader loader = SdkWarmup.class.getClassLoader();
            // the default trust store, which the HTTP client reads: parsed once, then cached by the JDK
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).init((KeyStore) null);
            for (String name : CLASSES) {
                Class.forName(name, true, loader);
            }
            // what the first call needs: the SigV4 signer's HMAC and the XML parser of the responses
            Mac.getInstance("HmacSHA256");
            XMLInputFactory.newInstance();
        } catch (Exception | LinkageError e) {
            // only an optimisation
        }
    }
}
