package io.jenkins.plugins.bakeami;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.model.Result;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A step's context as a pipeline gives one, for executions run without Jenkins: every abstract member of the real
 * {@link StepContext} is implemented. Like Jenkins' own (CpsStepContext), it is only a handle: serialized, it
 * keeps the build's id, and the build's objects (workspace, environment, listener, run) and the step's outcome are
 * found again by that id after the execution was read back, as they are after a controller restart.
 */
final class TestStepContext extends StepContext {
    private static final Map<String, List<Object>> OBJECTS = new ConcurrentHashMap<>();
    private static final Map<String, CompletableFuture<Object>> OUTCOMES = new ConcurrentHashMap<>();
    private static final Map<String, List<Result>> RESULTS = new ConcurrentHashMap<>();

    private final String id;

    /** The context of build {@code id}, whose {@link #get} answers with the first of {@code objects} of a type. */
    TestStepContext(String id, Object... objects) {
        this.id = id;
        OBJECTS.put(id, new CopyOnWriteArrayList<>(objects));
        OUTCOMES.put(id, new CompletableFuture<>());
        RESULTS.put(id, new CopyOnWriteArrayList<>());
    }

    @Override
    public <T> T get(Class<T> key) {
        for (Object object : OBJECTS.getOrDefault(id, List.of())) {
            if (key.isInstance(object)) {
                return key.cast(object);
            }
        }
        return null;
    }

    @Override
    public void onSuccess(Object result) {
        OUTCOMES.get(id).complete(result);
    }

    @Override
    public void onFailure(Throwable t) {
        OUTCOMES.get(id).completeExceptionally(t);
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public ListenableFuture<Void> saveState() {
        return Futures.immediateFuture(null);
    }

    @Override
    public void setResult(Result r) {
        RESULTS.get(id).add(r);
    }

    @Override
    public BodyInvoker newBodyInvoker() throws IllegalStateException {
        throw new IllegalStateException("bakeAmi takes no body");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestStepContext other && other.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    boolean isDone() {
        return OUTCOMES.get(id).isDone();
    }

    /** What the step returned; its failure is thrown as the cause of an ExecutionException. */
    Object outcome(Duration limit) throws Exception {
        return OUTCOMES.get(id).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The exception the step failed with. */
    Throwable failure(Duration limit) throws Exception {
        try {
            Object result = outcome(limit);
            throw new AssertionError("the step succeeded with " + result);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static final long serialVersionUID = 1L;
}
