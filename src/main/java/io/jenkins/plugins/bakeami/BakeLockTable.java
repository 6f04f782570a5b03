package io.jenkins.plugins.bakeami;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The controller's bake locks: one bake at a time per key (AWS identity, endpoint, region, checksum), so that builds
 * of the same definition started together bake once: the first bakes, the others wait, then find its AMI. Different
 * keys never wait on each other. Fair (first come, first served) and interruptible (a stopped build stops waiting).
 * A key's lock is dropped when no build holds or waits for it. Jenkins-free.
 *
 * <p>The lock lives in the controller's JVM: builds of two controllers (or a CLI run beside Jenkins) do not see it.
 * See docs/architecture.md for what happens then.
 */
final class BakeLockTable {
    /** The table all builds of this controller share. */
    static final BakeLockTable CONTROLLER = new BakeLockTable();

    private final Map<String, Slot> slots = new HashMap<>();

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock(true);
        int users;
        volatile String holder;
    }

    /** Releases the lock when closed. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The lock key: who (a Jenkins credentials id, an access key id bound in the environment, or the agent's default
     * chain with its profile), where (endpoint, region) and what (checksum). Session keys that a credentials id
     * yields change with every build, hence the id, not the key, names the identity.
     */
    static String key(AgentAwsCredentials credentials, String credentialsId, String endpoint, String region,
            String checksum) {
        String who;
        if (credentialsId != null) {
            who = "credentials " + credentialsId;
        } else if (credentials != null && !credentials.usesDefaultChain()) {
            who = "access key " + credentials.getAccessKeyId();
        } else {
            who = "default chain" + (credentials == null || credentials.getProfile() == null ? ""
                    : " profile " + credentials.getProfile());
        }
        return who + " | " + (endpoint == null ? "aws" : endpoint) + " | " + region + " | " + checksum;
    }

    /**
     * Takes the lock of {@code key}, waiting for the build that holds it (logging who that is).
     *
     * @param holder who takes it, for the messages of those who wait (e.g. the build's "job#42")
     */
    Held acquire(String key, String holder, Consumer<String> log) throws InterruptedException {
        Slot slot;
        synchronized (this) {
            slot = slots.computeIfAbsent(key, k -> new Slot());
            slot.users++;
        }
        try {
            if (!slot.lock.tryLock()) {
                log.accept("[bakeAmi] waiting for " + slot.holder + ", which bakes the same checksum (" + key + ")");
                slot.lock.lockInterruptibly();
            }
        } catch (InterruptedException e) {
            release(key, slot);
            throw e;
        }
        slot.holder = holder;
        return () -> {
            slot.holder = null;
            slot.lock.unlock();
            release(key, slot);
        };
    }

    /** Keys with a holder or a waiter; for tests. */
    synchronized int size() {
        return slots.size();
    }

    private synchronized void release(String key, Slot slot) {
        if (--slot.users == 0) {
            slots.remove(key, slot);
        }
    }
}
