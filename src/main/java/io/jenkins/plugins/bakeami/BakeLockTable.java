package io.jenkins.plugins.bakeami;

import hudson.model.Run;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The controller's bake locks: one bake at a time per key (AWS identity, endpoint, region, checksum), so that builds
 * of the same definition started together bake once: the first bakes, the others wait, then find its AMI. Different
 * keys never wait on each other. First come, first served.
 *
 * <p>A lock belongs to a build (its id, e.g. "job#42"), not to a thread: a bake holds it across many short calls
 * made from Jenkins' timer, and takes it again after a controller restart ({@link DurableBake#reclaimLock}), since
 * the table lives in memory. Nobody asks for it without asking again later (no blocking wait): a waiting build asks
 * at each of its polls, a stopped one leaves the queue. A holder or waiter whose build is no longer building (it was
 * killed without releasing, or its flow was not resumed) is treated as gone and never blocks others.
 *
 * <p>The lock lives in the controller's JVM: builds of two controllers (or a CLI run beside Jenkins) do not see it.
 * See docs/architecture.md for what happens then.
 */
final class BakeLockTable {
    /** The table all builds of this controller share; a build's id names it in {@link Run#fromExternalizableId}. */
    static final BakeLockTable CONTROLLER = new BakeLockTable(BakeLockTable::isBuilding);

    private final Predicate<String> building;
    private final Map<String, String> holders = new HashMap<>();
    private final Map<String, Deque<String>> queues = new HashMap<>();

    /** @param building whether the build of that id is still running (holders and waiters that are not are gone) */
    BakeLockTable(Predicate<String> building) {
        this.building = building;
    }

    /**
     * The lock key: who (a Jenkins credentials id, an access key id bound in the environment, or the agent's default
     * chain with its profile), where (endpoint, region) and what (checksum). Session keys that a credentials id
     * yields change with every build, hence the id, not the key, names the identity.
     */
    static String key(AgentAwsCredentials credentials, String credentialsId, String endpoint, String region,
            String checksum) {
        return AgentAwsCredentials.identity(credentials, credentialsId) + " | " + (endpoint == null ? "aws" : endpoint) + " | " + region + " | " + checksum;
    }

    /**
     * Takes the lock of {@code key} for {@code holder} when it is free and no earlier waiter is still waiting (or
     * when {@code holder} has it already); else queues {@code holder}, logs whom it waits for, and answers false.
     */
    synchronized boolean tryAcquire(String key, String holder, Consumer<String> log) {
        String current = holders.get(key);
        if (holder.equals(current)) {
            return true;
        }
        if (current != null && !building.test(current)) {
            holders.remove(key); // its build is over: it will never release
            current = null;
        }
        Deque<String> queue = queues.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (!queue.contains(holder)) {
            queue.addLast(holder);
        }
        queue.removeIf(waiter -> !waiter.equals(holder) && !building.test(waiter));
        if (current == null && holder.equals(queue.peekFirst())) {
            queue.removeFirst();
            if (queue.isEmpty()) {
                queues.remove(key);
            }
            holders.put(key, holder);
            return true;
        }
        log.accept(Messages.Log_LockWait(current != null ? current : queue.peekFirst(), key));
        return false;
    }

    /** Releases {@code holder}'s lock of {@code key}, or takes it out of the queue for it. */
    synchronized void release(String key, String holder) {
        holders.remove(key, holder);
        Deque<String> queue = queues.get(key);
        if (queue != null) {
            queue.remove(holder);
            if (queue.isEmpty()) {
                queues.remove(key);
            }
        }
    }

    /** The table as one build uses it. */
    DurableBake.Locks forBuild(String holder) {
        return new DurableBake.Locks() {
            @Override
            public boolean tryAcquire(String key, Consumer<String> log) {
                return BakeLockTable.this.tryAcquire(key, holder, log);
            }

            @Override
            public void release(String key) {
                BakeLockTable.this.release(key, holder);
            }
        };
    }

    /** Keys with a holder or a waiter; for tests. */
    synchronized int size() {
        Map<String, Boolean> keys = new HashMap<>();
        holders.keySet().forEach(k -> keys.put(k, true));
        queues.keySet().forEach(k -> keys.put(k, true));
        return keys.size();
    }

    /** Whether the build of that id is still running; when that cannot be told, it is taken as running. */
    private static boolean isBuilding(String buildId) {
        try {
            Run<?, ?> run = Run.fromExternalizableId(buildId);
            return run != null && run.isBuilding();
        } catch (RuntimeException e) {
            return true;
        }
    }
}
