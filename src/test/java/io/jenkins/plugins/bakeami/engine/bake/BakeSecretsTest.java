package io.jenkins.plugins.bakeami.engine.bake;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.engine.aws.AwsKeys;
import io.jenkins.plugins.bakeami.testsupport.Await;
import io.jenkins.plugins.bakeami.testsupport.PackerTestEnvironment;
import io.jenkins.plugins.bakeami.testsupport.RequiredTools;
import io.jenkins.plugins.bakeami.tools.ec2.ImageSeed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Known secret values (secret access key, session token, a {@code -var} whose name says password) go through
 * every bake path: success, reuse, dry run, failures before and inside Packer, an unreachable endpoint, a cancel.
 * None may appear in the captured log, any exception's messages and stack trace text, any file the bake wrote, or
 * the serialized result and exceptions. Also: a newer AMI of another account carrying our tag is never returned.
 */
public class BakeSecretsTest {
    private static final String SECRET_KEY = "sEcReT-aCcEsS-kEy-4815162342";
    private static final String SESSION_TOKEN = "sEsSiOn-ToKeN-Zm9vYmFyYmF6";
    private static final String PASSWORD = "pAsSwOrD-value-99c0ffee";
    private static final List<String> SECRETS = List.of(SECRET_KEY, SESSION_TOKEN, PASSWORD);
    private static final String OTHER_ACCOUNT = "999988887777";

    @Rule
    public BakeFixture fx = new BakeFixture();

    @Rule
    public final Timeout timeout = Await.testTimeout();

    private final StringBuilder everything = new StringBuilder();

    @Test
    public void noSecretInAnyOutputOfAnyPath() throws Exception {
        RequiredTools.requirePacker();
        definition("echo connecting with {{user `db_password`}}");

        BakeResult baked = succeeds(() -> bakery().bake(request().listingFile("listing.txt").build()));
        assertEquals(BakeOutcome.BAKED, baked.outcome());
        assertTrue("the provisioner's output reached the log, masked", fx.logText().contains("connecting with ****"));
        assertEquals(BakeOutcome.REUSED, succeeds(() -> bakery().bake(request().build())).outcome());
        assertEquals(BakeOutcome.WOULD_REUSE, succeeds(() -> bakery().bake(request().dryRun(true).build())).outcome());
        assertTrue(fails(() -> bakery().bake(request().region("nowhere").build())).getMessage().contains("nowhere"));
        // force: the lookup would find the AMI, and the check of the variables comes before Packer
        assertTrue(fails(() -> bakery().bake(request().force(true).vars(Map.of("db_password", PASSWORD,
                "undeclared_password", PASSWORD)).build())).getMessage().contains("undeclared_password"));
        assertTrue(fails(() -> bakery().bake(request().endpoint("http://127.0.0.1:1").build())).getMessage()
                .contains("cannot reach the endpoint"));

        definition("echo failing with {{user `db_password`}} && exit 3");
        BakeException failed = fails(() -> bakery().bake(request().build()));
        assertTrue(failed.getMessage(), failed.getMessage().contains("exit code"));
        assertTrue(fx.logText(), fx.logText().contains("failing with ****"));

        definition("echo cancelled {{user `db_password`}}");
        Throwable cancelled = cancelDuringTheInstanceWait();
        assertTrue(String.valueOf(cancelled), cancelled instanceof InterruptedException);
        System.out.println("cancel during the instance wait: " + cancelled.getMessage());
        if (Boolean.getBoolean("bake.debug")) {
            System.out.println(fx.logText());
            fx.emulator.callLog().calls().forEach(System.out::println);
        }

        everything.append(fx.logText());
        try (Stream<Path> files = Files.walk(fx.workspace)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                everything.append('\n').append(file).append(":\n")
                        .append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        assertTrue(everything.toString(), everything.toString().contains("ami_id"));
        for (String secret : SECRETS) {
            int at = everything.indexOf(secret);
            assertEquals("secret found: ..." + (at < 0 ? "" : everything.substring(Math.max(0, at - 300), at + 40)),
                    -1, at);
        }
    }

    /** The bake-level view of the registry's owner rule: their newer AMI with our tag on it is not reused. */
    @Test
    public void aNewerForeignAmiCarryingOurTagIsNotReturned() throws Exception {
        RequiredTools.requirePacker();
        definition("echo provisioning");
        BakeResult ours = bakery().bake(request().build());
        String theirs = fx.emulator.seedImage(ImageSeed.named("foreign").region(BakeFixture.REGION)
                .owner(OTHER_ACCOUNT).publicImage(true).creationDate(fx.clock.instant().plusSeconds(3600)));
        // A tag we put on their public image is visible to us, so only the owner restriction keeps it out.
        try (var ec2 = io.jenkins.plugins.bakeami.engine.aws.Ec2Clients.open(new io.jenkins.plugins.bakeami.engine
                .aws.Ec2Target(BakeFixture.REGION, fx.emulator.endpoint(), keys()), PackerTestEnvironment.fastEc2Limits())) {
            ec2.createTags(b -> b.resources(theirs).tags(t -> t.key(BakeRequest.DEFAULT_TAG_KEY).value(ours.checksum())));
        }
        BakeResult again = bakery().bake(request().build());
        assertEquals(BakeOutcome.REUSED, again.outcome());
        assertEquals(ours.amiId(), again.amiId());
        BakeResult trustingThem = bakery().bake(request().owners(List.of(OTHER_ACCOUNT)).dryRun(true).build());
        assertEquals("the tag is visible, so the owner setting is what keeps it out", theirs, trustingThem.amiId());
    }

    private interface BakeCall {
        BakeResult run() throws Exception;
    }

    /** Runs a path that must succeed; keeps its result (its text and serialized form). */
    private BakeResult succeeds(BakeCall call) throws Exception {
        BakeResult result = call.run();
        everything.append(result).append('\n').append(serialized(result));
        return result;
    }

    /** Runs a path that must fail with a BakeException; keeps its messages, stack trace and serialized form. */
    private BakeException fails(BakeCall call) throws IOException {
        BakeException e = assertThrows(BakeException.class, call::run);
        describe(e);
        return e;
    }

    private void describe(Throwable e) throws IOException {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        everything.append(trace).append('\n');
        for (Throwable t = e; t != null; t = t.getCause()) {
            everything.append(t.getMessage()).append('\n').append(t.getLocalizedMessage()).append('\n');
        }
        everything.append(serialized(e));
    }

    private Throwable cancelDuringTheInstanceWait() throws Exception {
        fx.emulator.callLog().clear();
        // the instance stays pending until the cancel: Packer waits for it when the cancel comes
        fx.emulator.delays(BakeFixture.DELAYS.withInstancePending(Duration.ofMinutes(30)));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread bake = new Thread(() -> {
            try {
                bakery().bake(request().build());
                outcome.set(new AssertionError("the bake finished although it was cancelled"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        bake.start();
        Await.until("packer waits for its instance",
                () -> fx.emulator.callLog().count("DescribeInstances") > 0 || !bake.isAlive(), fx::logText);
        assertTrue("the bake ended before packer waited for its instance:\n" + fx.logText(), bake.isAlive());
        bake.interrupt();
        Await.ended(bake);
        describe(outcome.get());
        assertTrue(fx.emulator.leakReport().toString(), fx.emulator.leakReport().isEmpty());
        return outcome.get();
    }

    private static String serialized(Serializable value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    private void definition(String provisionerCommand) throws IOException {
        Path template = fx.writeJsonDefinition(provisionerCommand, "");
        String text = Files.readString(template, StandardCharsets.UTF_8)
                .replace("\"ec2_endpoint\": \"\"}", "\"ec2_endpoint\": \"\", \"db_password\": \"\"}");
        Files.writeString(template, text, StandardCharsets.UTF_8);
    }

    private Bakery bakery() {
        return fx.bakery();
    }

    private static AwsKeys keys() {
        return new AwsKeys(BakeFixture.ACCESS_KEY, SECRET_KEY, SESSION_TOKEN);
    }

    private BakeRequest.Builder request() {
        return fx.request("ami/packer.json").keys(keys()).vars(Map.of("db_password", PASSWORD));
    }
}
