package io.jenkins.plugins.bakeami;

import hudson.remoting.VirtualChannel;
import java.io.File;
import jenkins.MasterToSlaveFileCallable;

/**
 * Sent by the controller when the build is stopped: interrupts the bake with that id on the agent (once), which makes
 * the engine stop Packer cleanly and clean up. Sent through the same workspace as the bake, so it reaches the same
 * agent JVM.
 */
final class StopBakeCallable extends MasterToSlaveFileCallable<Boolean> {
    private final String bakeId;

    StopBakeCallable(String bakeId) {
        this.bakeId = bakeId;
    }

    @Override
    public Boolean invoke(File workspace, VirtualChannel channel) {
        return RunningBakes.stop(bakeId);
    }

    private static final long serialVersionUID = 1L;
}
