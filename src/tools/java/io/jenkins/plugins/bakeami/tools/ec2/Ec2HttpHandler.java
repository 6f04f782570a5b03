package io.jenkins.plugins.bakeami.tools.ec2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The HTTP side of the emulator: reads an EC2 Query request (form POST or GET query string), finds region and
 * account from the SigV4 credential scope, refuses an expired session token, applies injected faults, runs the action
 * under the state lock and answers with EC2's XML (or EC2's error XML). A request signed for {@code sts} goes to the
 * emulator's STS ({@link Sts}), which answers in STS's XML. Every call goes to the call log.
 */
final class Ec2HttpHandler implements HttpHandler {
    private static final int MAX_BODY = 8 * 1024 * 1024;

    /** Thrown to make the HTTP server close the connection without an answer. */
    static final class DroppedConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DroppedConnection() {
            super("connection dropped by fault injection", null, false, false);
        }
    }

    private final Ec2State state;
    private final Sts sts;
    private final Map<String, Action> actions;
    private final Faults faults;
    private final CallLog callLog;
    private final Consumer<String> diagnostics;

    Ec2HttpHandler(Ec2State state, Sts sts, Map<String, Action> actions, Faults faults, CallLog callLog,
            Consumer<String> diagnostics) {
        this.state = state;
        this.sts = sts;
        this.actions = actions;
        this.faults = faults;
        this.callLog = callLog;
        this.diagnostics = diagnostics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Instant arrived = state.clock.instant();
        String requestId = state.ids.requestId();
        String action = "";
        String region = "";
        String account = "";
        String accessKeyId = "";
        QueryParams params = new QueryParams(Map.of());
        boolean stsRequest = false;
        try {
            params = readParams(exchange);
            action = params.get("Action", "");
            Duration latency = faults.latency();
            if (!latency.isZero()) {
                sleep(latency);
            }
            SigV4Credential credential = SigV4Credential.from(exchange.getRequestHeaders().getFirst("Authorization"), params);
            accessKeyId = credential.accessKeyId;
            region = credential.region;
            stsRequest = credential.isSts();
            account = state.accounts.accountFor(credential.accessKeyId);
            sts.requireUnexpired(securityToken(exchange, params));
            if (action.isEmpty()) {
                throw Ec2Error.of("MissingAction", "The request must contain the parameter Action");
            }
            Faults.Decision fault = faults.decide(action);
            if (fault.drop) {
                log(arrived, action, region, account, accessKeyId, params, 0, null);
                throw new DroppedConnection();
            }
            if (fault.code != null) {
                throw Ec2Error.of(fault.code, fault.message);
            }
            if (stsRequest) {
                String body = sts.handle(action, params, accessKeyId, account, requestId);
                log(arrived, action, region, account, accessKeyId, params, 200, null);
                respond(exchange, 200, body, requestId);
                return;
            }
            Action handler = actions.get(action);
            if (handler == null) {
                diagnostics.accept("EC2 emulator: UNSUPPORTED ACTION " + action + " (region " + region + ") parameters "
                        + loggable(params));
                throw Ec2Error.of("InvalidAction", "The action " + action + " is not valid for this web service.");
            }
            if (params.bool("DryRun", false)) {
                // the caller is allowed everything here, so a dry run always "would have succeeded"
                throw new Ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
            }
            String body = run(handler, new Request(action, region, account, params, state, state.clock.millis()), requestId);
            // logged before the answer leaves, so a client that has its answer finds its call in the log
            log(arrived, action, region, account, accessKeyId, params, 200, null);
            respond(exchange, 200, body, requestId);
        } catch (Ec2Error e) {
            log(arrived, action, region, account, accessKeyId, params, e.httpStatus(), e.code());
            respond(exchange, e.httpStatus(), stsRequest ? Sts.error(e, requestId)
                    : XmlWriter.error(e.code(), e.getMessage(), requestId), requestId);
        } catch (DroppedConnection e) {
            throw e;
        } catch (RuntimeException e) {
            diagnostics.accept("EC2 emulator: internal error in " + action + ": " + e);
            log(arrived, action, region, account, accessKeyId, params, 500, "InternalError");
            respond(exchange, 500, XmlWriter.error("InternalError", "An internal error has occurred", requestId), requestId);
        }
    }

    /** The session token of a SigV4 request: its header, or (a presigned request) its query parameter. */
    private static String securityToken(HttpExchange exchange, QueryParams params) {
        String header = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
        return header != null ? header : params.get("X-Amz-Security-Token");
    }

    private String run(Action handler, Request request, String requestId) {
        return state.locked(() -> {
            state.settle();
            XmlWriter xml = XmlWriter.response(request.action, requestId);
            handler.handle(request, xml);
            return xml.finish();
        });
    }

    private static QueryParams readParams(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String body = "";
        if ("POST".equalsIgnoreCase(exchange.getRequestMethod())) {
            body = new String(readBody(exchange.getRequestBody()), StandardCharsets.UTF_8);
        }
        return QueryParams.parse(query, body);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BODY) {
                throw Ec2Error.of("RequestEntityTooLarge", "Request body larger than " + MAX_BODY + " bytes");
            }
        }
        return out.toByteArray();
    }

    private static void respond(HttpExchange exchange, int status, String body, String requestId) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.getResponseHeaders().set("Server", "AmazonEC2");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void log(Instant time, String action, String region, String account, String accessKeyId, QueryParams params,
            int status, String errorCode) {
        callLog.add(new CallLog.Call(time, action, region, account, accessKeyId, loggable(params), status, errorCode));
    }

    /** The parameters without signature parts (X-Amz-Signature, X-Amz-Security-Token, Signature, ...). */
    static Map<String, String> loggable(QueryParams params) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.asMap().entrySet()) {
            String key = e.getKey();
            if (key.startsWith("X-Amz-") || key.equals("Signature") || key.equals("SecurityToken")) {
                continue;
            }
            out.put(key, e.getValue());
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
