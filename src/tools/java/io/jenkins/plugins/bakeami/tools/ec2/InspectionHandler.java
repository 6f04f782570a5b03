package io.jenkins.plugins.bakeami.tools.ec2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /_emulator/leaks} and {@code GET /_emulator/calls}: the leak report and the call log as JSON, for a
 * demo or benchmark that runs the emulator as a separate process. Not part of the EC2 API; loopback only like the
 * rest.
 */
final class InspectionHandler implements HttpHandler {
    static final String PATH = "/_emulator/";

    private final Supplier<LeakReport> leaks;
    private final CallLog calls;

    InspectionHandler(Supplier<LeakReport> leaks, CallLog calls) {
        this.leaks = leaks;
        this.calls = calls;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String what = exchange.getRequestURI().getPath().substring(PATH.length());
        Object body;
        int status = 200;
        if (!"GET".equals(exchange.getRequestMethod())) {
            status = 405;
            body = Map.of("error", "GET only");
        } else if ("leaks".equals(what)) {
            List<Object> out = new ArrayList<>();
            for (LeakReport.Leak l : leaks.get().leaks()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("region", l.region());
                m.put("kind", l.kind());
                m.put("id", l.id());
                m.put("ownerId", l.ownerId());
                m.put("detail", l.detail());
                out.add(m);
            }
            body = Map.of("leaks", out);
        } else if ("calls".equals(what)) {
            List<Object> out = new ArrayList<>();
            for (CallLog.Call c : calls.calls()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("time", c.time().toString());
                m.put("action", c.action());
                m.put("region", c.region());
                m.put("account", c.account());
                m.put("httpStatus", c.httpStatus());
                m.put("errorCode", c.errorCode());
                m.put("params", c.params());
                out.add(m);
            }
            body = Map.of("calls", out);
        } else {
            status = 404;
            body = Map.of("error", "unknown inspection path; use " + PATH + "leaks or " + PATH + "calls");
        }
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
