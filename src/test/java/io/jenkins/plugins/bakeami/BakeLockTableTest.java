package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;

/**
 * The controller's lock per (identity, endpoint, region, checksum), without Jenkins: held by builds across calls,
 * first come first served, and never blocked by a build that is no longer running.
 */
public class BakeLockTableTest {
    /** The builds that are still running; all others are over. */
    private final Set<String> building = new HashSet<>(List.of("job#1", "job#2", "job#3"));
    private final BakeLockTable table = new BakeLockTable(building::contains);
    private final List<String> log = new ArrayList<>();

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
    public void theSameKeyWaitsForTheHolderNamesItAndGoesFirstComeFirstServed() {
        assertTrue(table.tryAcquire("k", "job#1", log::add));
        assertFalse(table.tryAcquire("k", "job#2", log::add));
        assertFalse(table.tryAcquire("k", "job#3", log::add));
        assertEquals("[bakeAmi] waiting for job#1, which bakes the same checksum (k)", log.get(0));
        assertTrue("a holder asking again (after a restart) keeps it", table.tryAcquire("k", "job#1", log::add));
        table.release("k", "job#1");
        assertFalse("job#2 came first", table.tryAcquire("k", "job#3", log::add));
        assertTrue(table.tryAcquire("k", "job#2", log::add));
        table.release("k", "job#2");
        assertTrue(table.tryAcquire("k", "job#3", log::add));
        table.release("k", "job#3");
        assertEquals("no key is kept once nobody holds or waits", 0, table.size());
    }

    @Test
    public void otherKeysDoNotWait() {
        assertTrue(table.tryAcquire("account|us-east-1|c1", "job#1", log::add));
        assertTrue(table.tryAcquire("account|eu-west-1|c1", "job#2", log::add));
        assertTrue(table.tryAcquire("account|us-east-1|c2", "job#3", log::add));
        assertEquals(3, table.size());
        assertEquals(List.of(), log);
    }

    @Test
    public void aStoppedWaiterLeavesTheQueue() {
        assertTrue(table.tryAcquire("k", "job#1", log::add));
        assertFalse(table.tryAcquire("k", "job#2", log::add));
        table.release("k", "job#2"); // job#2 was stopped while waiting
        table.release("k", "job#1");
        assertEquals(0, table.size());
        assertTrue(table.tryAcquire("k", "job#3", log::add));
    }

    /** After a restart a holder whose build did not resume (or was killed without releasing) blocks nobody. */
    @Test
    public void aHolderOrWaiterWhoseBuildIsOverIsGone() {
        assertTrue(table.tryAcquire("k", "job#1", log::add));
        assertFalse(table.tryAcquire("k", "job#2", log::add));
        building.remove("job#1");
        assertTrue("job#1's build is over: its lock passes on", table.tryAcquire("k", "job#2", log::add));
        assertFalse(table.tryAcquire("k", "job#3", log::add));
        building.remove("job#2");
        assertTrue(table.tryAcquire("k", "job#3", log::add));
    }
}
