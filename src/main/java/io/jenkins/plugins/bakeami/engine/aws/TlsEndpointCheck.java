package io.jenkins.plugins.bakeami.engine.aws;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An {@code https://} endpoint override that speaks plain HTTP is found with one TLS handshake, in seconds. Without
 * this, every EC2 call would send its TLS hello to a server that waits for an HTTP request line, and each attempt
 * would wait out the read timeout (30 s) with no hint. Nothing is sent but the TLS hello; no EC2 API is called.
 */
public final class TlsEndpointCheck {
    /** How long the server may take to answer the TLS hello: a TLS server answers at once. */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    private TlsEndpointCheck() {}

    /**
     * @param endpoint the endpoint override, or null (the region's public endpoint, always TLS: nothing to check)
     * @throws IllegalArgumentException when the endpoint connects but does not speak TLS
     */
    public static void requireTlsWhenHttps(URI endpoint) {
        if (endpoint == null || !"https".equalsIgnoreCase(endpoint.getScheme()) || proxyConfigured()) {
            return;
        }
        int port = endpoint.getPort() < 0 ? 443 : endpoint.getPort();
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(endpoint.getHost(), port), (int) HANDSHAKE_TIMEOUT.toMillis());
            } catch (IOException e) {
                return; // not reachable at all: the EC2 call says so, with its retries
            }
            handshake(socket, endpoint, port);
        } catch (IOException e) {
            // closing failed: nothing to report
        }
    }

    private static void handshake(Socket socket, URI endpoint, int port) throws IOException {
        String plain = "http://" + endpoint.getHost() + ":" + port;
        try (SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(socket, endpoint.getHost(), port, false)) {
            tls.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
            tls.startHandshake();
        } catch (SocketTimeoutException e) {
            throw new IllegalArgumentException("EC2 endpoint " + endpoint + " accepts connections but did not answer a"
                    + " TLS handshake within " + HANDSHAKE_TIMEOUT.toSeconds() + " s: it does not speak https. If it"
                    + " speaks plain HTTP, use " + plain);
        } catch (SSLException e) {
            String reason = String.valueOf(e.getMessage());
            if (reason.toLowerCase(Locale.ROOT).contains("plaintext") || reason.contains("unrecognized SSL message")) {
                throw new IllegalArgumentException("EC2 endpoint " + endpoint + " does not speak TLS (" + reason
                        + "). If it speaks plain HTTP, use " + plain);
            }
            // another TLS problem (a certificate, a protocol version): the EC2 call reports it
        }
    }

    /** Through a proxy, a direct connection says nothing of what the SDK will reach. */
    private static boolean proxyConfigured() {
        return System.getProperty("https.proxyHost") != null || System.getenv("HTTPS_PROXY") != null
                || System.getenv("https_proxy") != null;
    }
}
