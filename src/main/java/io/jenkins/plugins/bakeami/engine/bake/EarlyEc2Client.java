package io.jenkins.plugins.bakeami.engine.bake;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The bake's EC2 client, built on a thread of its own while the bake runs its preflight ({@code packer version}) and
 * computes the checksum. Building an SDK client in a fresh JVM (the command line, a new agent) takes 150 to 400 ms,
 * mostly class loading and the SDK's region metadata; started first, that time overlaps the preflight and the
 * checksum instead of following them. Building it calls nothing. Closing closes the client
 * whether or not it was used and whether or not it is built yet, so a failed or cancelled checksum leaves no client
 * open.
 */
final class EarlyEc2Client implements AutoCloseable {
    private final CompletableFuture<Ec2Client> client;

    EarlyEc2Client(Supplier<Ec2Client> open) {
        client = CompletableFuture.supplyAsync(open, EarlyEc2Client::startThread);
    }

    private static void startThread(Runnable build) {
        Thread thread = new Thread(build, "bake-ami-ec2-client");
        thread.setDaemon(true);
        thread.start();
    }

    /** The client, waiting for it if need be; a failure to build it is thrown here, as if built on this thread. */
    Ec2Client get() throws InterruptedException {
        try {
            return client.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("cannot create the EC2 client: " + cause, cause);
        }
    }

    /** Closes the client now if it is built, else as soon as it is; never waits. */
    @Override
    public void close() {
        client.whenComplete((built, failure) -> {
            if (built != null) {
                built.close();
            }
        });
    }
}
