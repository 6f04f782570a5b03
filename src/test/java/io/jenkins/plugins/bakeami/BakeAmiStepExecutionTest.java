package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import hudson.model.Result;
import io.jenkins.plugins.bakeami.testsupport.Await;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.junit.Test;

/** The step's stop: the first one lets the bake clean up before the step ends; a second one ends it at once. */
public class BakeAmiStepExecutionTest {
    /**
     * A context whose first lookup blocks, standing for a bake in progress: it runs until the stop interrupts it, then
     * "cleans up" until the test lets it end.
     */
    private static class BlockingContext extends StepContext {
        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch cleanupMayEnd = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        @Override
        public <T> T get(Class<T> key) throws InterruptedException {
            try {
                bakeUntilStopped();
            } catch (InterruptedException e) {
                if (!cleanupMayEnd.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new AssertionError("the test never let the cleanup end");
                }
                throw new InterruptedException("Cleanup after the stopped build: nothing was left");
            }
            return null;
        }

        /** Signals that the bake runs, then waits for the interrupt that stops it. */
        void bakeUntilStopped() throws InterruptedException {
            running.countDown();
            if (!new CountDownLatch(1).await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the bake was never stopped");
            }
        }

        @Override
        public void onSuccess(Object result) {
        }

        @Override
        public void onFailure(Throwable t) {
            failure.set(t);
        }

        // The step never calls these: it takes no body, saves no state and sets no result of its own.
        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public ListenableFuture<Void> saveState() {
            throw new UnsupportedOperationException("the step saves no state");
        }

        @Override
        public void setResult(Result r) {
            throw new UnsupportedOperationException("the step sets no result");
        }

        @Override
        public BodyInvoker newBodyInvoker() {
            throw new IllegalStateException("the step takes no body");
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        private static final long serialVersionUID = 1L;
    }

    /** Runs the execution's run() on a thread of its own, as the step's pool does; what it threw lands in thrown. */
    private static Thread runOnPool(BakeAmiStep.Execution execution, AtomicReference<Throwable> thrown) {
        Thread pool = new Thread(() -> {
            try {
                execution.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "step-pool");
        pool.start();
        return pool;
    }

    @Test
    public void firstStopInterruptsTheBakeAndTheStepEndsWithTheStopsCauseAfterCleanup() throws Exception {
        BlockingContext context = new BlockingContext();
        BakeAmiStep.Execution execution = new BakeAmiStep.Execution(new BakeAmiStep("ami/packer.json"), context);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread pool = runOnPool(execution, thrown);
        assertTrue(context.running.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        Exception cause = new InterruptedException("aborted by user"); // stands for FlowInterruptedException
        execution.stop(cause);
        assertNull("the context is not completed while the bake cleans up", context.failure.get());
        assertTrue("the step waits for the cleanup", pool.isAlive());
        context.cleanupMayEnd.countDown();
        Await.ended(pool);
        assertSame(cause, thrown.get());
        assertEquals("Cleanup after the stopped build: nothing was left", cause.getSuppressed()[0].getMessage());
    }

    /** An interrupt may surface as another exception (an SDK call that gives up): the build is still ABORTED. */
    @Test
    public void aStopEndsTheStepWithItsCauseWhateverTheInterruptCaused() throws Exception {
        BlockingContext context = new BlockingContext() {
            @Override
            public <T> T get(Class<T> key) {
                try {
                    bakeUntilStopped();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("the SDK call was aborted");
                }
                return null;
            }

            private static final long serialVersionUID = 1L;
        };
        BakeAmiStep.Execution execution = new BakeAmiStep.Execution(new BakeAmiStep("ami/packer.json"), context);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread pool = runOnPool(execution, thrown);
        assertTrue(context.running.await(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        Exception cause = new InterruptedException("aborted by user");
        execution.stop(cause);
        Await.ended(pool);
        assertSame(cause, thrown.get());
        assertEquals("the SDK call was aborted", cause.getSuppressed()[0].getMessage());
    }

    @Test
    public void aStopWithoutARunningBakeEndsTheStepAtOnce() throws Exception {
        BlockingContext context = new BlockingContext();
        BakeAmiStep.Execution execution = new BakeAmiStep.Execution(new BakeAmiStep("ami/packer.json"), context);
        Exception cause = new InterruptedException("aborted by user");
        execution.stop(cause);
        assertSame(cause, context.failure.get());
    }
}
