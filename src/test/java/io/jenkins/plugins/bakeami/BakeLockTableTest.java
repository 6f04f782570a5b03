package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.bakeami.testsupport.Await;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;

/** The controller's lock per (identity, endpoint, region, checksum), without Jenkins. */
public class BakeLockTableTest {
    private final BakeLockTable table = new BakeLockTable();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @Test
    public void keyNamesIdentityEndpointRegionAndChecksum() {
        AgentAwsCredentials keys = AgentAwsCredentials.keys("env", "AKIAEXAMPLE", "secret-value", "token-value");
        assertEquals("credentials aws-prod | aws | us-east-1 | abc",
                BakeLockTable.key(keys, "aws-prod", null, "us-east-1", "abc"));
        assertEquals("access key AKIAEXAMPLE | http://127.0.0.1:1 | eu-west-1 | abc",
                BakeLockTable.key(keys, null, "http://127.0.0.1:1", "eu-west-1", "abc"));
        assertEquals("default chain profile ci | aws | us-east-1 | abc",
                BakeLockTable.key(AgentAwsCredentials.defaultChain("agent", "ci"), null, null, "us-east-1", "abc"));
        String key = BakeLockTable.key(keys, null, null, "us-east-1", "abc");
        assertFalse(key, key.contains("secret-value") || key.contains("token-value"));
    }

    @Test
    public void theSameKeyWaitsForTheHolderAndNamesIt() throws Exception {
        BakeLockTable.Held first = table.acquire("k", "job#1", log::add);
        CountDownLatch acquired = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            try (BakeLockTable.Held held = table.acquire("k", "job#2", log::add)) {
                acquired.countDown();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        second.start();
        Await.until("job#2 says whom it waits for", () -> !log.isEmpty());
        assertEquals(List.of("[bakeAmi] waiting for job#1, which bakes the same checksum (k)"), log);
        assertEquals("waits while job#1 holds the lock", 1, acquired.getCount());
        first.close();
        assertTrue(acquired.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        Await.ended(second);
        assertEquals("no key is kept once nobody holds or waits", 0, table.size());
    }

    @Test
    public void otherKeysDoNotWait() throws Exception {
        try (BakeLockTable.Held a = table.acquire("account|us-east-1|c1", "job#1", log::add);
                BakeLockTable.Held b = table.acquire("account|eu-west-1|c1", "job#2", log::add);
                BakeLockTable.Held c = table.acquire("account|us-east-1|c2", "job#3", log::add)) {
            assertEquals(3, table.size());
        }
        assertEquals(List.of(), log);
        assertEquals(0, table.size());
    }

    @Test
    public void aStoppedBuildStopsWaiting() throws Exception {
        BakeLockTable.Held first = table.acquire("k", "job#1", log::add);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                table.acquire("k", "job#2", log::add).close();
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        waiter.start();
        Await.until("job#2 waits", () -> !log.isEmpty());
        waiter.interrupt();
        Await.ended(waiter);
        assertTrue(String.valueOf(ended.get()), ended.get() instanceof InterruptedException);
        assertEquals(1, table.size());
        first.close();
        assertEquals(0, table.size());
        assertNotEquals(null, table.acquire("k", "job#3", log::add));
    }
}
