package io.jenkins.plugins.bakeami.engine.bake;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.testsupport.Await;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The client built while the checksum runs: built once, on its own thread, and always closed. */
public class EarlyEc2ClientTest {

    /** An Ec2Client that only counts down {@code closed} when closed. */
    private static Ec2Client recordingClient(CountDownLatch closed) {
        return (Ec2Client) Proxy.newProxyInstance(Ec2Client.class.getClassLoader(), new Class<?>[] {Ec2Client.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        closed.countDown();
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    public void buildsOnAnotherThreadAndClosesTheClientItGave() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        Ec2Client built = recordingClient(closed);
        AtomicReference<Thread> builder = new AtomicReference<>();
        try (EarlyEc2Client early = new EarlyEc2Client(() -> {
            builder.set(Thread.currentThread());
            return built;
        })) {
            assertSame(built, early.get());
            assertSame("the same client on every call", built, early.get());
            assertNotEquals(Thread.currentThread(), builder.get());
            assertEquals("bake-ami-ec2-client", builder.get().getName());
            assertEquals("not closed while in use", 1, closed.getCount());
        }
        assertTrue(closed.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    public void closedBeforeItIsBuiltClosesItOnceBuilt() throws Exception {
        // a checksum that fails (bad input) or is cancelled closes the early client before the SDK is done with it
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        EarlyEc2Client early = new EarlyEc2Client(() -> {
            try {
                assertTrue("the test released the build", release.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return recordingClient(closed);
        });
        early.close(); // returns at once: a cancelled bake does not wait for the SDK
        assertEquals("nothing to close before the client is built", 1, closed.getCount());
        release.countDown();
        assertTrue("closed as soon as it was built", closed.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    public void aFailureToBuildIsThrownByGetAsItWas() {
        IllegalArgumentException problem = new IllegalArgumentException("Unknown region: 'mars-1'");
        try (EarlyEc2Client early = new EarlyEc2Client(() -> {
            throw problem;
        })) {
            assertSame(problem, assertThrows(IllegalArgumentException.class, early::get));
        }
    }
}
