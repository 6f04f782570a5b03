package io.jenkins.plugins.bakeami.tools.ec2;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import software.amazon.awssdk.regions.Region;

/**
 * The emulator's STS under AWS's own host names, for a client that cannot be pointed at another STS endpoint:
 * Packer 1.6.6 (aws-sdk-go 1.44) reads no {@code AWS_ENDPOINT_URL_STS} and asks {@code https://sts.amazonaws.com}
 * (or {@code sts.REGION.amazonaws.com}) for a profile's role. It does honour {@code HTTPS_PROXY} and
 * {@code AWS_CA_BUNDLE}, so this is an HTTP {@code CONNECT} proxy on 127.0.0.1 that accepts tunnels to those STS
 * hosts only, ends their TLS with a certificate of a test CA made for the occasion (by the JDK's {@code keytool}),
 * and passes the requests inside to the emulator ({@link #packerEnvironment()} gives the two variables). Never used
 * outside tests and the demo; nothing but the STS host names is tunnelled.
 */
public final class StsTlsFront implements Closeable {
    private static final Pattern STS_HOST = Pattern.compile("sts(\\.[a-z0-9-]+)?\\.amazonaws\\.com:443");
    private static final String PASSWORD = "emulator";
    private static final int MAX_HEADER = 16 * 1024;

    private final int emulatorPort;
    private final Path caBundle;
    private final SSLContext tls;
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final List<String> tunnels = new CopyOnWriteArrayList<>();

    private StsTlsFront(int emulatorPort, Path directory) throws IOException, InterruptedException {
        this.emulatorPort = emulatorPort;
        Path keyStore = directory.resolve("sts-front.p12");
        this.caBundle = directory.resolve("sts-front-ca.pem");
        makeCertificates(keyStore, caBundle);
        this.tls = serverContext(keyStore);
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Thread acceptor = new Thread(this::accept, "sts-tls-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a front for {@code emulator}, its CA and key store written into {@code directory}.
     *
     * @throws UncheckedIOException when keytool fails or no port is free
     */
    public static StsTlsFront start(Ec2Emulator emulator, Path directory) {
        try {
            return new StsTlsFront(emulator.port(), directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the STS TLS front: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the STS TLS front's certificates", e);
        }
    }

    /** What Packer's environment needs to reach the emulator's STS through this front. */
    public Map<String, String> packerEnvironment() {
        return Map.of("HTTPS_PROXY", "http://127.0.0.1:" + server.getLocalPort(), "AWS_CA_BUNDLE", caBundle.toString());
    }

    /** The hosts tunnelled so far ({@code sts.amazonaws.com:443}...), oldest first. */
    public List<String> tunnels() {
        return List.copyOf(tunnels);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread connection = new Thread(() -> serve(client), "sts-tls-front-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            String request = readHead(client.getInputStream());
            String[] first = request.split("\r\n", 2)[0].split(" ");
            OutputStream toClient = client.getOutputStream();
            if (first.length < 2 || !first[0].equals("CONNECT") || !STS_HOST.matcher(first[1]).matches()) {
                toClient.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            tunnels.add(first[1]);
            toClient.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            toClient.flush();
            SSLSocket inner = (SSLSocket) tls.getSocketFactory().createSocket(client,
                    client.getInetAddress().getHostAddress(), client.getPort(), true);
            inner.setUseClientMode(false);
            try (inner; Socket emulator = new Socket(InetAddress.getLoopbackAddress(), emulatorPort)) {
                open.add(emulator);
                Thread back = new Thread(() -> pump(emulator, inner), "sts-tls-front-answers");
                back.setDaemon(true);
                back.start();
                pump(inner, emulator);
                back.join(TimeUnit.SECONDS.toMillis(30));
            } finally {
                open.removeIf(Socket::isClosed);
            }
        } catch (IOException e) {
            // the client or the emulator went away: nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until {@code from} ends, then half-closes {@code to} (an HTTP/1.1 tunnel carries several requests). */
    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            if (to instanceof SSLSocket) {
                to.close();
            } else {
                to.shutdownOutput();
            }
        } catch (IOException e) {
            // one side closed: the other copy ends on its own
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0 && head.size() < MAX_HEADER) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** A CA and, signed by it, a server certificate for every STS host name; the CA also as PEM, for clients. */
    private static void makeCertificates(Path keyStore, Path caPem) throws IOException, InterruptedException {
        Files.deleteIfExists(keyStore);
        Path request = keyStore.resolveSibling("sts-front.csr");
        Path signed = keyStore.resolveSibling("sts-front.pem");
        String names = "dns:sts.amazonaws.com," + Region.regions().stream().filter(r -> !r.isGlobalRegion())
                .map(r -> "dns:sts." + r.id() + ".amazonaws.com").collect(Collectors.joining(","));
        keytool(keyStore, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=bakeAmi test CA (STS front)", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign");
        keytool(keyStore, "-genkeypair", "-alias", "sts", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=sts.amazonaws.com");
        keytool(keyStore, "-certreq", "-alias", "sts", "-file", request.toString());
        keytool(keyStore, "-gencert", "-alias", "ca", "-infile", request.toString(), "-outfile", signed.toString(),
                "-rfc", "-validity", "2", "-ext", "san=" + names, "-ext", "eku=serverAuth", "-ext", "bc=ca:false");
        keytool(keyStore, "-importcert", "-alias", "sts", "-file", signed.toString(), "-noprompt");
        keytool(keyStore, "-exportcert", "-alias", "ca", "-rfc", "-file", caPem.toString());
        Files.deleteIfExists(request);
        Files.deleteIfExists(signed);
        if (!Files.exists(caPem)) {
            throw new IOException("keytool wrote no CA certificate");
        }
    }

    /** Runs the JDK's keytool on {@code keyStore}; its output becomes the message of a failure. */
    private static void keytool(Path keyStore, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + arguments[0] + " failed: " + output.strip());
        }
    }

    private static SSLContext serverContext(Path keyStore) throws IOException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot load the STS front's key store: " + e.getMessage(), e);
        }
    }
}
