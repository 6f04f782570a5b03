package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The state of every region, behind one lock: requests are short, and one lock keeps cross-region work (CopyImage)
 * and the lifecycle transitions simple and race-free.
 */
final class Ec2State {
    private final Object lock = new Object();
    private final TreeMap<String, RegionState> regions = new TreeMap<>();
    final Clock clock;
    final Ids ids;
    final Accounts accounts;
    private volatile Delays delays;
    /** A test asked for new images to end in failed. */
    volatile boolean failNewImages;
    /** Where instances answer SSH, or null: then they have no public address. */
    volatile SshEndpoint sshEndpoint;
    /** Called when a region is first used, to put the seeded images into it. */
    private final java.util.function.Consumer<RegionState> onNewRegion;

    Ec2State(Clock clock, Ids ids, Accounts accounts, Delays delays, java.util.function.Consumer<RegionState> onNewRegion) {
        this.clock = clock;
        this.ids = ids;
        this.accounts = accounts;
        this.delays = delays;
        this.onNewRegion = onNewRegion;
    }

    <T> T locked(Supplier<T> work) {
        synchronized (lock) {
            return work.get();
        }
    }

    void locked(Runnable work) {
        synchronized (lock) {
            work.run();
        }
    }

    /** The region's state, created (and seeded) on first use. Call with the lock held. */
    RegionState region(String name) {
        RegionState r = regions.get(name);
        if (r == null) {
            r = new RegionState(name);
            regions.put(name, r);
            onNewRegion.accept(r);
        }
        return r;
    }

    /** Every region used so far. Call with the lock held. */
    Map<String, RegionState> regions() {
        return Collections.unmodifiableMap(regions);
    }

    /** Applies the transitions whose time has come, in every region. Call with the lock held. */
    void settle() {
        long now = clock.millis();
        for (RegionState r : regions.values()) {
            r.settle(now, delays);
        }
    }

    Delays delays() {
        return delays;
    }

    void delays(Delays delays) {
        this.delays = delays;
    }
}
