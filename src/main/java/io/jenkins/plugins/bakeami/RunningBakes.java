package io.jenkins.plugins.bakeami;

import java.util.HashMap;
import java.util.Map;

/**
 * The bakes running in this JVM (the agent's), by the id the controller gave each: how a stop from the controller
 * ({@link StopBakeCallable}) finds the thread to interrupt. A bake is interrupted at most once, so that the engine's
 * cleanup (which runs after the first interrupt) is not cut short by a second one. A stop that arrives before its
 * bake started is remembered, and the bake is interrupted as it registers. Jenkins-free.
 */
final class RunningBakes {
    private static final Map<String, Entry> BAKES = new HashMap<>();

    private static final class Entry {
        Thread thread;
        boolean stopped;
    }

    /** Unregisters the bake when closed. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private RunningBakes() {
    }

    static synchronized Registration register(String bakeId, Thread thread) {
        Entry entry = BAKES.computeIfAbsent(bakeId, id -> new Entry());
        entry.thread = thread;
        if (entry.stopped) {
            thread.interrupt();
        }
        return () -> unregister(bakeId, entry);
    }

    /** @return true when a running bake was interrupted now; false when it was already stopped or not running yet */
    static synchronized boolean stop(String bakeId) {
        Entry entry = BAKES.computeIfAbsent(bakeId, id -> new Entry());
        if (entry.stopped) {
            return false;
        }
        entry.stopped = true;
        if (entry.thread == null) {
            return false;
        }
        entry.thread.interrupt();
        return true;
    }

    static synchronized boolean isRunning(String bakeId) {
        Entry entry = BAKES.get(bakeId);
        return entry != null && entry.thread != null;
    }

    private static synchronized void unregister(String bakeId, Entry entry) {
        BAKES.remove(bakeId, entry);
    }
}
