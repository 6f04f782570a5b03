package io.jenkins.plugins.bakeami;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import jenkins.MasterToSlaveFileCallable;

/**
 * The bake, sent to the agent that holds the workspace: checksum, lookup and Packer all run there. It carries only
 * the resolved {@link BakeRequest} (plain values) and the build's {@link TaskListener}, which remoting hands to the
 * agent as a stream to the build log, so Packer's output shows as it comes.
 *
 * <p>An abort of the build interrupts the thread that waits for this callable; remoting interrupts the agent thread
 * running {@link #invoke}, and the engine then cancels Packer cleanly.
 */
public final class BakeAmiCallable extends MasterToSlaveFileCallable<BakeOutcome> {
    private final BakeRequest request;
    private final TaskListener listener;

    public BakeAmiCallable(BakeRequest request, TaskListener listener) {
        this.request = request;
        this.listener = listener;
    }

    @Override
    public BakeOutcome invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        return bake(workspace, listener.getLogger());
    }

    /**
     * ENGINE WIRING POINT: the one place that calls the engine's bake (io.jenkins.plugins.bakeami.engine.bake),
     * with the workspace, the request's values and the log, and turns its result into a {@link BakeOutcome}.
     * The engine's bake API does not exist yet; until it is wired this fails the build with a clear message.
     */
    BakeOutcome bake(File workspace, PrintStream log) throws IOException, InterruptedException {
        throw new IOException("bakeAmi: this build of the plugin has no bake engine wired in yet (BakeAmiCallable.bake)");
    }

    BakeRequest getRequest() {
        return request;
    }

    @Override
    public String toString() {
        return "BakeAmiCallable[" + request.describe() + "]";
    }

    private static final long serialVersionUID = 1L;
}
