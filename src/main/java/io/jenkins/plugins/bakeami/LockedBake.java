package io.jenkins.plugins.bakeami;

import hudson.model.TaskListener;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Probe, lock, bake: the part of {@link BakeAmiRunner} that makes builds of the same definition on this controller
 * bake once. The probe (checksum and lookup on the agent, no side effects) gives the checksum the lock is keyed by;
 * the lock is taken only when a bake will run; the bake under the lock looks up again, so a build that waited finds
 * the AMI of the one it waited for. Jenkins-free apart from the listener: where the callables run is an {@link Agent}.
 */
final class LockedBake {
    /** Runs a callable where the workspace is (in Jenkins: {@code FilePath.actAsync}, waited for by {@link AgentBakeWaiter}). */
    interface Agent {
        BakeAmiSummary run(BakeAmiCallable callable) throws IOException, InterruptedException;
    }

    private LockedBake() {
    }

    /**
     * @param credentialsId the configured id, or null: part of the lock's key
     * @param holder who bakes, for the messages of builds that wait (e.g. "job#42")
     */
    static BakeAmiSummary bake(BakeAmiParameters parameters, String credentialsId, TaskListener listener, Agent agent,
            BakeLockTable locks, String holder) throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        BakeAmiSummary probe = agent.run(BakeAmiCallable.probe(parameters, listener));
        log.println(Messages.Log_Probe(probe.getChecksum(), probe.getChecksumMode(), probe.isReused()));
        if (parameters.isDryRun() || probe.isReused()) {
            return agent.run(BakeAmiCallable.bake(parameters, listener)); // nothing will be baked: no lock
        }
        String key = BakeLockTable.key(parameters.getCredentials(), credentialsId, parameters.getEndpoint(),
                parameters.getRegion(), probe.getChecksum());
        try (BakeLockTable.Held lock = locks.acquire(key, holder, log::println)) {
            return agent.run(BakeAmiCallable.bake(parameters, listener));
        }
    }
}
