package io.jenkins.plugins.bakeami.tools.ec2;

import static io.jenkins.plugins.bakeami.tools.ec2.Ec2EmulatorImagesTest.expectEc2Error;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** The wire: authentication, errors, faults, the call log. */
public class Ec2EmulatorProtocolTest {
    private static final String KEY = "AKIAPROTOCOLTEST0001";
    private static final String REGION = "eu-west-1";

    private Ec2Emulator emulator;
    private final List<String> diagnostics = new ArrayList<>();

    @Before
    public void start() {
        emulator = Ec2Emulator.builder().delays(Delays.uniform(Duration.ofMillis(20)))
                .diagnostics(line -> {
                    synchronized (diagnostics) {
                        diagnostics.add(line);
                    }
                }).start();
    }

    @After
    public void stop() {
        emulator.close();
    }

    @Test
    public void listensOnLoopbackAndAnswersEc2Xml() throws IOException {
        assertTrue(emulator.endpoint().toString(), emulator.endpoint().toString().matches("http://127\\.0\\.0\\.1:[0-9]+"));
        RawEc2.Answer answer = RawEc2.post(emulator.endpoint(), "Action=DescribeImages&Version=2016-11-15&Owner.1=amazon",
                RawEc2.authorization(KEY, REGION));
        assertEquals(200, answer.status());
        assertTrue(answer.body(), answer.body().startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<DescribeImagesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>"));
        assertTrue(answer.body(), answer.body().contains("<imagesSet><item><imageId>" + Ec2Emulator.BASE_IMAGE_ID + "</imageId>"));
        // GET with a query string works as well
        RawEc2.Answer get = RawEc2.get(emulator.endpoint(), "Action=DescribeImages&Version=2016-11-15&ImageId.1="
                + Ec2Emulator.BASE_IMAGE_ID, RawEc2.authorization(KEY, REGION));
        assertEquals(200, get.status());
        assertTrue(get.body().contains("<name>debian-base</name>"));
    }

    @Test
    public void unsignedRequestIsRefusedAsEc2RefusesIt() throws IOException {
        RawEc2.Answer answer = RawEc2.post(emulator.endpoint(), "Action=DescribeImages&Version=2016-11-15", null);
        assertEquals(400, answer.status());
        assertTrue(answer.body(), answer.body().contains("<Response><Errors><Error><Code>MissingParameter</Code>"
                + "<Message>The request must contain the parameter AWSAccessKeyId</Message></Error></Errors><RequestID>"));
        CallLog.Call call = emulator.callLog().calls().get(0);
        assertEquals("DescribeImages", call.action());
        assertEquals("MissingParameter", call.errorCode());
        assertEquals("", call.account());
    }

    @Test
    public void unknownActionIsInvalidActionAndReportedLoudly() throws IOException {
        RawEc2.Answer answer = RawEc2.post(emulator.endpoint(), "Action=DescribeFlyingPigs&Version=2016-11-15&PigId.1=p-1",
                RawEc2.authorization(KEY, REGION));
        assertEquals(400, answer.status());
        assertTrue(answer.body(), answer.body().contains("<Code>InvalidAction</Code>"));
        assertEquals(1, diagnostics.size());
        assertTrue(diagnostics.get(0), diagnostics.get(0).contains("DescribeFlyingPigs") && diagnostics.get(0).contains("PigId.1=p-1"));
    }

    @Test
    public void strictAccountsRefuseUnknownKeysWithAuthFailure() {
        emulator.accounts().strict(true).map("AKIAKNOWN00000000001", "333333333333");
        try (Ec2Client unknown = EmulatorClients.noRetries(emulator, KEY, REGION);
                Ec2Client known = EmulatorClients.noRetries(emulator, "AKIAKNOWN00000000001", REGION)) {
            Ec2Exception e = expectEc2Error(() -> unknown.describeImages(b -> b.owners("self")));
            assertEquals("AuthFailure", e.awsErrorDetails().errorCode());
            assertEquals(401, e.statusCode());
            assertTrue(known.describeImages(b -> b.owners("self")).images().isEmpty());
        }
    }

    @Test
    public void unmappedKeysGetAStableDerivedAccount() {
        String account = emulator.accountFor(KEY);
        assertTrue(account, account.matches("[0-9]{12}"));
        assertEquals(account, Accounts.derivedAccount(KEY));
        assertFalse(account.equals(Accounts.derivedAccount("AKIAOTHER")));
        String image = emulator.seedImage(REGION, account, "mine", Map.of(), "available", null, false);
        try (Ec2Client ec2 = EmulatorClients.client(emulator, KEY, REGION)) {
            assertEquals(image, ec2.describeImages(b -> b.owners("self")).images().get(0).imageId());
        }
    }

    @Test
    public void throttlingIsRequestLimitExceededAndTheSdkRetriesIt() {
        emulator.faults().throttleNext(1);
        try (Ec2Client once = EmulatorClients.noRetries(emulator, KEY, REGION)) {
            Ec2Exception e = expectEc2Error(() -> once.describeImages(b -> b.owners("self")));
            assertEquals("RequestLimitExceeded", e.awsErrorDetails().errorCode());
            assertEquals(503, e.statusCode());
            assertTrue(e.isThrottlingException());
        }
        emulator.callLog().clear();
        emulator.faults().throttleNext(2);
        try (Ec2Client retrying = EmulatorClients.client(emulator, KEY, REGION)) {
            assertTrue(retrying.describeImages(b -> b.owners("self")).images().isEmpty());
        }
        List<CallLog.Call> calls = emulator.callLog().calls("DescribeImages");
        assertEquals(3, calls.size());
        assertEquals("RequestLimitExceeded", calls.get(0).errorCode());
        assertEquals("RequestLimitExceeded", calls.get(1).errorCode());
        assertTrue(calls.get(2).succeeded());
    }

    @Test
    public void throttleRateThrottlesAShareOfCallsRepeatably() {
        emulator.faults().seed(42).throttleRate(0.5);
        List<String> first = outcomes(30);
        emulator.faults().seed(42);
        List<String> second = outcomes(30);
        assertEquals(first, second);
        long throttled = first.stream().filter("RequestLimitExceeded"::equals).count();
        assertTrue("throttled " + throttled + " of 30", throttled > 3 && throttled < 27);
    }

    private List<String> outcomes(int n) {
        List<String> out = new ArrayList<>();
        try (Ec2Client once = EmulatorClients.noRetries(emulator, KEY, REGION)) {
            for (int i = 0; i < n; i++) {
                try {
                    once.describeRegions();
                    out.add("ok");
                } catch (Ec2Exception e) {
                    out.add(e.awsErrorDetails().errorCode());
                }
            }
        }
        return out;
    }

    @Test
    public void serverErrorsAndFailedActionsCarryEc2Codes() {
        try (Ec2Client once = EmulatorClients.noRetries(emulator, KEY, REGION)) {
            emulator.faults().serverErrorNext(1);
            Ec2Exception e = expectEc2Error(() -> once.describeImages(b -> b.owners("self")));
            assertEquals("InternalError", e.awsErrorDetails().errorCode());
            assertEquals(500, e.statusCode());

            emulator.faults().failAction("CreateTags", "UnauthorizedOperation", "You are not authorized to perform this operation.", 1);
            Ec2Exception denied = expectEc2Error(() -> once.createTags(b -> b.resources(Ec2Emulator.BASE_IMAGE_ID)
                    .tags(t -> t.key("k").value("v"))));
            assertEquals("UnauthorizedOperation", denied.awsErrorDetails().errorCode());
            assertEquals(403, denied.statusCode());
            // only once
            once.createTags(b -> b.resources(Ec2Emulator.BASE_IMAGE_ID).tags(t -> t.key("k").value("v")));
        }
    }

    @Test
    public void droppedConnectionsAndAStoppedServerAreClientErrors() {
        String image = emulator.seedImage(REGION, emulator.accountFor(KEY), "kept", Map.of(), "available", null, false);
        try (Ec2Client once = EmulatorClients.noRetries(emulator, KEY, REGION)) {
            emulator.faults().dropNext(1);
            try {
                once.describeImages(b -> b.owners("self"));
                fail("a dropped connection must fail the call");
            } catch (SdkClientException expected) {
                // no answer at all
            }
            emulator.stopListening();
            try {
                once.describeImages(b -> b.owners("self"));
                fail("a stopped emulator must refuse connections");
            } catch (SdkClientException expected) {
                assertTrue(String.valueOf(expected), hasCause(expected, ConnectException.class));
            }
            emulator.listen();
            assertEquals(image, once.describeImages(b -> b.owners("self")).images().get(0).imageId());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    public void leaksAndCallsCanBeReadOverHttp() throws IOException {
        try (Ec2Client ec2 = EmulatorClients.client(emulator, KEY, REGION)) {
            ec2.createKeyPair(b -> b.keyName("forgotten"));
        }
        RawEc2.Answer leaks = RawEc2.get(emulator.endpoint(), "", null);
        assertEquals(400, leaks.status()); // the EC2 side still wants a signature
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) emulator.endpoint().resolve("/_emulator/leaks").toURL().openConnection();
        Map<String, Object> report = (Map<String, Object>) Json.parse(new String(c.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        List<Map<String, Object>> list = (List<Map<String, Object>>) report.get("leaks");
        assertEquals(1, list.size());
        assertEquals("key-pair", list.get(0).get("kind"));
        assertEquals("forgotten", list.get(0).get("id"));
        c = (java.net.HttpURLConnection) emulator.endpoint().resolve("/_emulator/calls").toURL().openConnection();
        String calls = new String(c.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(calls, calls.contains("\"action\": \"CreateKeyPair\""));
        assertFalse(calls, calls.contains("PRIVATE KEY"));
    }

    @Test
    public void dryRunsAnswerDryRunOperationAndChangeNothing() {
        try (Ec2Client once = EmulatorClients.noRetries(emulator, KEY, REGION)) {
            Ec2Exception e = expectEc2Error(() -> once.createKeyPair(b -> b.keyName("dry").dryRun(true)));
            assertEquals("DryRunOperation", e.awsErrorDetails().errorCode());
            assertEquals(412, e.statusCode());
        }
        assertTrue(emulator.leakReport().isEmpty());
    }

    @Test
    public void concurrentCallsAreAllAnsweredConsistently() throws Exception {
        int threads = 8;
        int each = 10;
        java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try (Ec2Client ec2 = EmulatorClients.client(emulator, KEY, REGION)) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String id = ec2.runInstances(b -> b.imageId(Ec2Emulator.BASE_IMAGE_ID).minCount(1).maxCount(1))
                                .instances().get(0).instanceId();
                        ids.add(id);
                        ec2.createTags(b -> b.resources(id).tags(x -> x.key("n").value(id)));
                        ec2.describeImages(b -> b.owners("amazon"));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertEquals(threads * each, ids.size());
            int tagged = ec2.describeTags(b -> b.filters(f -> f.name("resource-type").values("instance"))).tags().size();
            assertEquals(threads * each, tagged);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * each, emulator.leakReport().leaks("instance").size());
        assertEquals(threads * each, emulator.callLog().count("RunInstances"));
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
