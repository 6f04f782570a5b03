package io.jenkins.plugins.bakeami.tools.ec2;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Plain HTTP calls to the emulator, for what an SDK would never send (unsigned requests, unknown actions). */
final class RawEc2 {
    /** An answer: status and body. */
    record Answer(int status, String body) {}

    private RawEc2() {}

    static String authorization(String accessKeyId, String region) {
        return "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/20250101/" + region
                + "/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
    }

    static Answer post(URI endpoint, String form, String authorization) throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        try (OutputStream out = c.getOutputStream()) {
            out.write(form.getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        c.disconnect();
        return new Answer(status, body);
    }

    static Answer get(URI endpoint, String query, String authorization) throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/?" + query).toURL().openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        c.disconnect();
        return new Answer(status, body);
    }
}
