package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Every call the emulator answered: when, which action, region, account, the request parameters (signature
 * parameters removed; EC2 requests carry no other secrets) and the outcome. Thread-safe.
 */
public final class CallLog {
    /**
     * One answered call.
     *
     * @param time        when it arrived
     * @param action      the {@code Action} parameter ("" when missing)
     * @param region      the region of the credential scope ("" when unsigned)
     * @param account     the account of the access key ("" when refused before)
     * @param accessKeyId the access key id (an identifier, not a secret)
     * @param params      the request parameters without {@code X-Amz-*} signature parameters
     * @param httpStatus  the status answered (0 when the connection was dropped)
     * @param errorCode   the EC2 error code answered, or null on success
     */
    public record Call(Instant time, String action, String region, String account, String accessKeyId,
            Map<String, String> params, int httpStatus, String errorCode) {

        @Override
        public String toString() {
            return time + " " + region + " " + account + " " + action + " -> " + httpStatus
                    + (errorCode == null ? "" : " " + errorCode) + " " + params;
        }

        public boolean succeeded() {
            return errorCode == null && httpStatus == 200;
        }

        /** A request parameter, or null. */
        public String param(String name) {
            return params.get(name);
        }
    }

    private final List<Call> calls = new ArrayList<>();
    private final java.util.function.Consumer<Call> listener;

    CallLog(java.util.function.Consumer<Call> listener) {
        this.listener = listener;
    }

    void add(Call call) {
        synchronized (this) {
            calls.add(call);
        }
        listener.accept(call);
    }

    /** Every call so far, oldest first. */
    public synchronized List<Call> calls() {
        return Collections.unmodifiableList(new ArrayList<>(calls));
    }

    /** The calls of one action, oldest first. */
    public synchronized List<Call> calls(String action) {
        List<Call> out = new ArrayList<>();
        for (Call c : calls) {
            if (c.action().equals(action)) {
                out.add(c);
            }
        }
        return out;
    }

    public synchronized int count(String action) {
        return calls(action).size();
    }

    /** The action names in call order, e.g. for asserting a sequence. */
    public synchronized List<String> actions() {
        List<String> out = new ArrayList<>();
        for (Call c : calls) {
            out.add(c.action());
        }
        return out;
    }

    public synchronized void clear() {
        calls.clear();
    }
}
