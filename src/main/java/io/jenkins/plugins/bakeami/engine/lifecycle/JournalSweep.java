package io.jenkins.plugins.bakeami.engine.lifecycle;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Sweeps what killed bakes left, as their {@link BakeJournal} entries say: an entry is swept only when its Packer is
 * gone (no process of its pids and start times, Packer's or one of its build's, runs on this machine) and it was
 * recorded on this machine for the same EC2 endpoint and with the same access as the sweep's (other credentials may
 * see another account, where what they do not find is not gone). A bake whose Packer still runs is never touched. Each swept entry's resources are removed in its own
 * region through {@link LeftoverSweep}; the entry is then cleared, or rewritten with what is still left (instances
 * still terminating, what waits for them, what could not be removed) for the next sweep.
 */
public final class JournalSweep {
    /** An entry and why a sweep with the given endpoint and access leaves it alone; null: it sweeps it. */
    public record Verdict(JournalEntry entry, String keptBecause) {
        public boolean swept() {
            return keptBecause == null;
        }
    }

    private final BakeJournal journal;
    private final Consumer<String> log;
    private final Clock clock;

    public JournalSweep(BakeJournal journal, Consumer<String> log, Clock clock) {
        this.journal = journal;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Every entry with what a sweep does with it.
     *
     * @param endpoint the sweep's EC2 endpoint override, null for AWS' own
     * @param access   who the sweep acts as ({@code BakeRequest.accessName()})
     */
    public List<Verdict> plan(String endpoint, String access) throws IOException {
        BakeJournal.Contents contents = journal.read();
        contents.unreadable().forEach(file -> log.accept("Skipped " + file + ": not a journal entry this version reads"));
        List<Verdict> verdicts = new ArrayList<>();
        String host = BakeJournal.thisHost();
        for (JournalEntry entry : contents.entries()) {
            String kept = null;
            if (!entry.host().equals(host)) {
                kept = "recorded on " + entry.host();
            } else if (entry.running().isPresent()) {
                kept = "its packer still runs (pid " + entry.running().get().pid() + ")";
            } else if (!Objects.equals(entry.endpoint(), endpoint)) {
                kept = "recorded for endpoint " + (entry.endpoint() == null ? "AWS" : entry.endpoint());
            } else if (!entry.access().equals(access)) {
                kept = "recorded with " + entry.access();
            }
            verdicts.add(new Verdict(entry, kept));
        }
        return verdicts;
    }

    /** Whether any entry would be swept: a local check, no EC2 call. */
    public boolean anyToSweep(String endpoint, String access) throws IOException {
        return plan(endpoint, access).stream().anyMatch(Verdict::swept);
    }

    /**
     * Sweeps the entries {@link #plan} sweeps, each in its region through the client {@code clients} opens there
     * (closed after). {@code wait}: wait for the instances to terminate and remove everything
     * ({@link LeftoverSweep#remove}); else one pass that never waits ({@link LeftoverSweep#start}), whose rest a
     * later sweep removes. A failure is reported and the other entries carry on.
     */
    public List<LeftoverSweep.Result> sweep(String endpoint, String access, Function<String, Ec2Client> clients,
            boolean wait) throws IOException {
        List<LeftoverSweep.Result> results = new ArrayList<>();
        for (Verdict verdict : plan(endpoint, access)) {
            if (!verdict.swept()) {
                continue;
            }
            JournalEntry entry = verdict.entry();
            if (entry.leftovers().isEmpty()) {
                journal.clear(entry.id());
                continue;
            }
            log.accept("Bake " + entry.bakeId() + " (packer pid " + entry.packerPid() + ", launched "
                    + entry.launchedAt() + ") was killed: its packer is gone. Removing what it left in "
                    + entry.region() + ": " + entry.leftovers().describe());
            try (Ec2Client ec2 = clients.apply(entry.region())) {
                LeftoverSweep sweep = new LeftoverSweep(ec2, log);
                LeftoverSweep.Result result = wait ? sweep.remove(entry.leftovers()) : sweep.start(entry.leftovers());
                log.accept(result.summary());
                if (result.remaining().isEmpty()) {
                    journal.clear(entry.id());
                } else {
                    journal.record(entry.with(result.remaining(), clock.instant()));
                }
                results.add(result);
            } catch (SdkException | IllegalArgumentException e) {
                String failure = "what bake " + entry.bakeId() + " left (" + e.getMessage() + ")";
                log.accept("Sweep of " + entry.region() + " failed, the entry stays for the next sweep: " + failure);
                results.add(new LeftoverSweep.Result(entry.region(), List.of(), List.of(), List.of(failure),
                        entry.leftovers()));
            }
        }
        return results;
    }

    /** The plan as a table: a heading, then one row per entry with what the sweep does with it. */
    public static List<String> table(BakeJournal journal, List<Verdict> plan, Clock clock) {
        List<String> lines = new ArrayList<>();
        lines.add("Journal of the bakes on this machine (" + journal.directory() + "): "
                + plan.stream().filter(Verdict::swept).count() + " of " + plan.size() + " to sweep");
        if (plan.isEmpty()) {
            return lines;
        }
        TextTable table = new TextTable("BAKE", "PACKER", "LAUNCHED", "AGE", "REGION", "LEFT", "ACTION");
        for (Verdict verdict : plan) {
            JournalEntry entry = verdict.entry();
            table.row(entry.bakeId(), "pid " + entry.packerPid(), String.valueOf(entry.launchedAt()),
                    Ages.format(Duration.between(entry.launchedAt(), clock.instant())), entry.region(),
                    entry.leftovers().describe(), verdict.swept() ? "remove" : "keep: " + verdict.keptBecause());
        }
        lines.addAll(table.lines());
        return lines;
    }
}
