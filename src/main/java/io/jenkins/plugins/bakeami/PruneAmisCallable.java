package io.jenkins.plugins.bakeami;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.bakeami.engine.aws.Ec2CallException;
import io.jenkins.plugins.bakeami.engine.aws.Ec2Clients;
import io.jenkins.plugins.bakeami.engine.bake.BakeException;
import io.jenkins.plugins.bakeami.engine.bake.BakePreflight;
import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.bake.BakeResult;
import io.jenkins.plugins.bakeami.engine.bake.Bakery;
import io.jenkins.plugins.bakeami.engine.lifecycle.PruneReport;
import io.jenkins.plugins.bakeami.engine.lifecycle.PruneRequest;
import io.jenkins.plugins.bakeami.engine.lifecycle.Pruner;
import io.jenkins.plugins.bakeami.engine.lifecycle.RetentionPolicy;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import jenkins.MasterToSlaveFileCallable;

/**
 * The prune, sent to the agent that holds the workspace: the current checksum first, computed by a silent dry run
 * of the bake with bakeAmi's own parameters (so it is the checksum bakeAmi would compute there), then the engine's
 * {@link Pruner}. Carries plain values only (the resolved {@link BakeAmiParameters} and the retention options) and
 * the build's listener, which the engine logs its progress to.
 */
public final class PruneAmisCallable extends MasterToSlaveFileCallable<PruneReport> {
    private final BakeAmiParameters parameters;
    private final RetentionPolicy policy;
    private final boolean dryRun;
    private final TaskListener listener;
    /** Tests shorten the EC2 client's retries and fix the clock; null: the defaults. Never sent to an agent. */
    private transient Ec2Clients.Limits limits;
    private transient Clock clock;

    /** The family is the parameters' (null: the template's path relative to the workspace). */
    PruneAmisCallable(BakeAmiParameters parameters, RetentionPolicy policy, boolean dryRun, TaskListener listener) {
        this.parameters = parameters;
        this.policy = policy;
        this.dryRun = dryRun;
        this.listener = listener;
    }

    @Override
    public PruneReport invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        return prune(workspace.toPath(), listener.getLogger());
    }

    PruneReport prune(Path workspace, PrintStream log) throws IOException, InterruptedException {
        Path work = workspace.toAbsolutePath().normalize();
        Ec2Clients.Limits ec2Limits = limits == null ? Ec2Clients.Limits.DEFAULT : limits;
        try {
            // the current checksum as a bake computes it: a silent dry run, which changes nothing
            BakeRequest definition = BakeAmiCallable.engineRequest(parameters, work).dryRun(true).build();
            BakeResult current = new Bakery(line -> { }, ec2Limits).bake(definition);
            log.println(Messages.Log_Prune("current checksum " + current.checksum() + " (" + current.checksumMode()
                    + ")" + (current.amiId() == null ? ", no AMI carries it yet" : " of " + current.amiId())));
            PruneRequest request = PruneRequest.of(definition, current.checksum(), policy, dryRun);
            return new Pruner(line -> log.println(Messages.Log_Prune(line)), ec2Limits, Ec2Clients.Transport.APACHE,
                    clock == null ? Clock.systemUTC() : clock).prune(request);
        } catch (BakeException | IllegalArgumentException | Ec2CallException e) {
            throw new AbortException("pruneAmis: " + e.getMessage());
        }
    }

    /** One line for the build log: what is pruned, where, with which access; never a secret. */
    String describe() {
        String family = parameters.getFamily();
        return "family " + (family == null ? "of template " + parameters.getTemplate() : family) + ", "
                + policy.describe() + (dryRun ? ", dry run" : "") + "; " + parameters.describe();
    }

    PruneAmisCallable withTestSettings(Ec2Clients.Limits testLimits, Clock testClock) {
        this.limits = testLimits;
        this.clock = testClock;
        return this;
    }

    @Override
    public String toString() {
        return "PruneAmisCallable[" + describe() + "]";
    }

    private static final long serialVersionUID = 1L;
}
