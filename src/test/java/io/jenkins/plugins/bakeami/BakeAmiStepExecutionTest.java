package io.jenkins.plugins.bakeami;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.junit.Test;

/** The step's stop: the first one lets the bake clean up before the step ends; a second one ends it at once. */
public class BakeAmiStepExecutionTest {
    /** A context whose first lookup blocks, standing for a bake in progress. */
    private static class BlockingContext extends StepContext {
        final CountDownLatch running = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        @Override
        public <T> T get(Class<T> key) throws InterruptedException {
            running.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.sleep(200); // the agent's cleanup; the step must not end before it
                throw new InterruptedException("Cleanup after the stopped build: nothing was left");
            }
            return null;
        }

        @Override
        public void onSuccess(Object result) {
        }

        @Override
        public void onFailure(Throwable t) {
            failure.set(t);
        }

        private static final long serialVersionUID = 1L;
    }

    @Test
    public void firstStopInterruptsTheBakeAndTheStepEndsWithTheStopsCauseAfterCleanup() throws Exception {
        BlockingContext context = new BlockingContext();
        BakeAmiStep.Execution execution = new BakeAmiStep.Execution(new BakeAmiStep("ami/packer.json"), context);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread pool = new Thread(() -> {
            try {
                execution.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        pool.start();
        context.running.await();
        Exception cause = new InterruptedException("aborted by user"); // stands for FlowInterruptedException
        execution.stop(cause);
        assertNull("the context is not completed while the bake cleans up", context.failure.get());
        pool.join(10_000);
        assertFalse(pool.isAlive());
        assertSame(cause, thrown.get());
        assertEquals("Cleanup after the stopped build: nothing was left", cause.getSuppressed()[0].getMessage());
    }

    /** An interrupt may surface as another exception (an SDK call that gives up): the build is still ABORTED. */
    @Test
    public void aStopEndsTheStepWithItsCauseWhateverTheInterruptCaused() throws Exception {
        BlockingContext context = new BlockingContext() {
            @Override
            public <T> T get(Class<T> key) {
                running.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    throw new IllegalStateException("the SDK call was aborted");
                }
                return null;
            }

            private static final long serialVersionUID = 1L;
        };
        BakeAmiStep.Execution execution = new BakeAmiStep.Execution(new BakeAmiStep("ami/packer.json"), context);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread pool = new Thread(() -> {
            try {
                execution.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        pool.start();
        context.running.await();
        Exception cause = new InterruptedException("aborted by user");
        execution.stop(cause);
        pool.join(10_000);
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
