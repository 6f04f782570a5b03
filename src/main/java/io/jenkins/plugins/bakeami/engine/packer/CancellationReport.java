package io.jenkins.plugins.bakeami.engine.packer;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * What happened when a Packer run was stopped (interrupt, {@link Cancellation#cancel()} or timeout), so the bake
 * can say what was cleaned and clean through EC2 what may be left. Serializable, so it survives the way from a
 * Jenkins agent to the controller inside its exception.
 *
 * @param reason            why it was stopped
 * @param action            {@code packer validate} or {@code packer build}
 * @param template          the template's path
 * @param started           whether a Packer process was running (false: stopped before starting one)
 * @param pid               the Packer process id, or -1 when none was started
 * @param gracePeriod       how long Packer was allowed to clean up after SIGTERM
 * @param exitedAfterTerm   Packer exited by itself within the grace period (it ran its cleanup)
 * @param waited            from SIGTERM until Packer exited or was killed
 * @param killed            Packer had to be killed (SIGKILL): its cleanup may not have finished
 * @param interruptedAgain  a further interrupt during the grace period ended it early
 * @param killedDescendants processes of Packer's tree (e.g. a shell-local provisioner's children) still alive after
 *                          Packer was gone, which were killed
 * @param survivors         processes that were still alive even after SIGKILL
 * @param resources         what Packer said it created during the run; after a kill these may be left behind, and
 *                          an announced AMI may be left behind either way
 */
public record CancellationReport(Reason reason, String action, String template, boolean started, long pid,
                                 Duration gracePeriod, boolean exitedAfterTerm, Duration waited, boolean killed,
                                 boolean interruptedAgain, List<KilledProcess> killedDescendants,
                                 List<KilledProcess> survivors, PackerResources resources)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        INTERRUPTED("was interrupted"),
        CANCELLED("was cancelled"),
        TIMED_OUT("timed out");

        private final String words;

        Reason(String words) {
            this.words = words;
        }

        /** E.g. "timed out", to follow "packer build of TEMPLATE". */
        public String words() {
            return words;
        }
    }

    public CancellationReport {
        killedDescendants = List.copyOf(killedDescendants);
        survivors = List.copyOf(survivors);
    }

    static CancellationReport notStarted(Reason reason, String action, String template) {
        return new CancellationReport(reason, action, template, false, -1, Duration.ZERO, false, Duration.ZERO,
                false, false, List.of(), List.of(), PackerResources.none());
    }

    /** One paragraph for the log and the exception message. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(action).append(" of ").append(template).append(' ').append(reason.words);
        if (!started) {
            return sb.append(" before packer was started.").toString();
        }
        sb.append(": ");
        if (exitedAfterTerm) {
            sb.append("packer (pid ").append(pid).append(") exited ").append(ProcessTreeStopper.seconds(waited))
                    .append(" after SIGTERM, having run its cleanup");
        } else if (interruptedAgain) {
            sb.append("interrupted again after ").append(ProcessTreeStopper.seconds(waited))
                    .append(" of waiting for packer (pid ").append(pid).append(") to clean up; packer was killed");
        } else {
            sb.append("packer (pid ").append(pid).append(") did not exit within the grace period of ")
                    .append(ProcessTreeStopper.seconds(gracePeriod)).append(" after SIGTERM and was killed");
        }
        sb.append('.');
        if (!killedDescendants.isEmpty()) {
            sb.append(" Killed leftover processes: ").append(killedDescendants).append('.');
        }
        if (!survivors.isEmpty()) {
            sb.append(" Still running after SIGKILL: ").append(survivors).append('.');
        }
        if (!resources.isEmpty()) {
            sb.append(killed ? " Possibly left behind (Packer's cleanup did not finish): "
                            : " Created by packer during the run (check they are gone): ")
                    .append(resources.describe()).append('.');
        }
        return sb.toString();
    }
}
