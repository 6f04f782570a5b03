package io.jenkins.plugins.bakeami.engine.bake;

import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.lifecycle.BakeJournal;
import io.jenkins.plugins.bakeami.engine.lifecycle.JournalEntry;
import io.jenkins.plugins.bakeami.engine.lifecycle.JournalSweep;
import io.jenkins.plugins.bakeami.engine.lifecycle.Leftovers;
import io.jenkins.plugins.bakeami.engine.packer.PackerResources;
import io.jenkins.plugins.bakeami.engine.packer.PackerRun;
import io.jenkins.plugins.bakeami.engine.packer.ProcessId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A bake's side of the journal of the machine that runs Packer ({@link BakeJournal}): the entry of its Packer run,
 * written when Packer is launched and again whenever Packer announces a new builder resource (the polls read its
 * output there, on that machine), and removed when the bake ends normally or was stopped cleanly; and the sweep of
 * what killed bakes on that machine left ({@link JournalSweep}), which a bake's probe starts and its end follows up.
 * A journal that cannot be written never fails the bake: it says so, and the bake goes on.
 */
final class BakeJournaling {
    private final Bakery bakery;
    private final Consumer<String> log;

    BakeJournaling(Bakery bakery) {
        this.bakery = bakery;
        this.log = bakery.log();
    }

    /** Packer was launched: its entry, before it created anything. */
    void started(BakeRequest request, Ec2Target target, PackerRun run) {
        record(request, target, run);
    }

    /** After a poll or a stop: the entry again when Packer announced something new meanwhile. */
    void polled(BakeRequest request, Ec2Target target, PackerRun run, PackerResources before) {
        if (!run.announced().equals(before)) {
            record(request, target, run);
        }
    }

    /** The bake is over and nothing of its run is left for a sweep: Packer cleaned up, or the bake did. */
    void cleared(BakeRequest request, PackerRun run) {
        try {
            BakeJournal.of(request.environment()).clear(JournalEntry.id(request.bakeId(), run.packer().pid()));
        } catch (IOException e) {
            log.accept("Cannot clear this bake's entry in the journal: " + e + ". The next sweep finds nothing of it"
                    + " left and clears it");
        }
    }

    /**
     * Sweeps what killed bakes on this machine left for this bake's endpoint and access (nothing at all, not even an
     * EC2 call, when the journal holds no such entry; never in a dry run). {@code wait}: wait for their instances to
     * terminate and remove everything (the CLI, after its bake); else one pass that never waits, run to its end even
     * when the bake is stopped meanwhile (the interrupt is kept for the caller). Never fails the bake.
     */
    void sweep(BakeRequest request, Ec2Target target, boolean wait) {
        if (request.dryRun()) {
            return;
        }
        JournalSweep sweep = new JournalSweep(BakeJournal.of(request.environment()), log, Clock.systemUTC());
        String endpoint = endpoint(target);
        try {
            if (!sweep.anyToSweep(endpoint, request.accessName())) {
                return;
            }
            if (wait) {
                sweep.sweep(endpoint, request.accessName(), region -> bakery.openEc2(target.inRegion(region)), true);
                return;
            }
            boolean interrupted = Cancel.runUninterruptibly("bake-journal-sweep", () -> {
                sweep.sweep(endpoint, request.accessName(), region -> bakery.openEc2(target.inRegion(region)), false);
                return null;
            });
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } catch (IOException | BakeException | RuntimeException e) {
            log.accept("The sweep of the journal " + BakeJournal.of(request.environment()).directory() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The endpoint override as the journal records it; null for AWS' own. */
    private static String endpoint(Ec2Target target) {
        return target.endpoint() == null ? null : target.endpoint().toString();
    }

    private void record(BakeRequest request, Ec2Target target, PackerRun run) {
        Path template = Path.of(request.workDirectory()).toAbsolutePath().normalize().resolve(request.template())
                .normalize();
        List<ProcessId> processes = run.processes();
        JournalEntry entry = new JournalEntry(request.bakeId(), BakeJournal.thisHost(), processes.get(0),
                processes.subList(1, processes.size()), run.launchedAt(), template.toString(),
                endpoint(target), request.accessName(),
                new Leftovers(target.region(), run.announced()), Instant.now());
        BakeJournal journal = BakeJournal.of(request.environment());
        try {
            journal.record(entry);
        } catch (IOException e) {
            log.accept("Cannot write the bake journal " + journal.directory() + ": " + e + ". If this bake is killed,"
                    + " what Packer created is only found by its shape (bake-ami sweep --older-than)");
        }
    }
}
