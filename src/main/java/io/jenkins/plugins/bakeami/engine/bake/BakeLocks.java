package io.jenkins.plugins.bakeami.engine.bake;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One bake at a time per (endpoint, credentials, region, checksum) in this JVM: concurrent bakes of the same
 * definition wait for the first, then find its AMI instead of baking a second one. Different checksums or
 * regions never wait on each other.
 */
final class BakeLocks {
    private static final ConcurrentHashMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private BakeLocks() {}

    static ReentrantLock lockFor(String key) {
        return LOCKS.computeIfAbsent(key, k -> new ReentrantLock(true));
    }
}
