package io.jenkins.plugins.bakeami.engine.lifecycle;

import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Target;
import io.jenkins.plugins.bakeami.engine.bake.Cancel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Region;

/**
 * Retention of one family in every region the account has enabled: finds the family's AMIs (tag
 * {@code ami_family}, owned by the account), keeps what {@link FamilyInRegion} says must stay, deregisters the rest
 * and deletes their snapshots. A region that cannot be searched is reported and skipped; an AMI that cannot be
 * deleted is reported and the others carry on. Knows nothing of Jenkins.
 */
public final class Pruner {
    private final Consumer<String> log;
    private final Ec2Clients.Limits limits;
    private final Ec2Clients.Transport transport;
    private final Clock clock;

    /** @param clock what "now" is for the AMIs' ages (tests fix it) */
    public Pruner(Consumer<String> log, Ec2Clients.Limits limits, Ec2Clients.Transport transport, Clock clock) {
        this.log = log;
        this.limits = limits;
        this.transport = transport;
        this.clock = clock;
    }

    /**
     * @throws Ec2CallException when the regions cannot be listed (nothing was deleted then)
     * @throws InterruptedException when stopped; every AMI deleted until then was logged
     */
    public PruneReport prune(PruneRequest request) throws InterruptedException {
        Instant now = clock.instant();
        log.accept("Pruning family " + request.family() + ": " + request.policy().describe()
                + (request.dryRun() ? " (dry run)" : ""));
        List<PruneReport.Decision> decisions = new ArrayList<>();
        List<PruneReport.RegionFailure> failures = new ArrayList<>();
        List<String> regions;
        try {
            regions = regions(request.target());
        } catch (Ec2CallException e) {
            if (Cancel.isInterrupt(e)) {
                throw stopped("before the first region", e);
            }
            throw e;
        }
        for (String region : regions) {
            Ec2Target target = request.target().inRegion(region);
            try (Ec2Client ec2 = Ec2Clients.open(target, limits, transport)) {
                decisions.addAll(new FamilyInRegion(ec2, target, request, now, log).prune());
            } catch (Ec2CallException e) {
                if (Cancel.isInterrupt(e)) {
                    throw stopped("in " + region, e);
                }
                failures.add(new PruneReport.RegionFailure(region, e.getMessage()));
                log.accept("Skipped " + region + ", nothing deleted there: " + e.getMessage());
            }
        }
        return new PruneReport(request.family(), request.policy().describe(), request.dryRun(), decisions, failures);
    }

    private static InterruptedException stopped(String where, Exception cause) {
        InterruptedException stopped = new InterruptedException("Prune stopped " + where);
        stopped.initCause(cause);
        return stopped;
    }

    /** The regions the account has enabled, asked in the home region. */
    private List<String> regions(Ec2Target home) {
        try (Ec2Client ec2 = Ec2Clients.open(home, limits, transport)) {
            return ec2.describeRegions(b -> b.allRegions(false)).regions().stream().map(Region::regionName).sorted()
                    .toList();
        } catch (SdkException e) {
            throw Ec2CallException.of("DescribeRegions", home, e);
        }
    }
}
