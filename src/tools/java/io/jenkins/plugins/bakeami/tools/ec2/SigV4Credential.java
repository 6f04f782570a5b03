package io.jenkins.plugins.bakeami.tools.ec2;

/**
 * The credential scope of a SigV4-signed request ({@code Credential=AKID/20250101/us-west-2/ec2/aws4_request} in the
 * {@code Authorization} header, or the {@code X-Amz-Credential} query parameter). The region of the scope selects
 * the emulated region; the access key id selects the account; the service is {@code ec2} or {@code sts} (the
 * emulator's STS, {@link Sts}). Signatures are not verified: the emulator has no secret keys, and wants none.
 */
final class SigV4Credential {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";

    final String accessKeyId;
    final String region;
    final String service;

    boolean isSts() {
        return "sts".equals(service);
    }

    private SigV4Credential(String accessKeyId, String region, String service) {
        this.accessKeyId = accessKeyId;
        this.region = region;
        this.service = service;
    }

    /** Reads the scope from the Authorization header, else from the query parameters; refuses what EC2 refuses. */
    static SigV4Credential from(String authorizationHeader, QueryParams params) {
        if (authorizationHeader != null && !authorizationHeader.isBlank()) {
            return fromHeader(authorizationHeader.trim());
        }
        String credential = params.get("X-Amz-Credential");
        if (credential != null && ALGORITHM.equals(params.get("X-Amz-Algorithm"))) {
            return fromScope(credential);
        }
        // what EC2 answers to a request that carries no credentials at all
        throw new Ec2Error("MissingParameter", "The request must contain the parameter AWSAccessKeyId", 400);
    }

    private static SigV4Credential fromHeader(String header) {
        if (!header.startsWith(ALGORITHM + " ")) {
            throw new Ec2Error("IncompleteSignature", "Unsupported Authorization Type", 400);
        }
        for (String part : header.substring(ALGORITHM.length()).split(",")) {
            String p = part.trim();
            if (p.startsWith("Credential=")) {
                return fromScope(p.substring("Credential=".length()));
            }
        }
        throw new Ec2Error("IncompleteSignature", "Authorization header requires 'Credential' parameter.", 400);
    }

    private static SigV4Credential fromScope(String scope) {
        String[] parts = scope.split("/");
        if (parts.length != 5 || parts[0].isEmpty() || parts[2].isEmpty() || !"aws4_request".equals(parts[4])) {
            throw new Ec2Error("IncompleteSignature", "Credential should be scoped to a valid region.", 400);
        }
        if (!"ec2".equals(parts[3]) && !"sts".equals(parts[3])) {
            throw new Ec2Error("SignatureDoesNotMatch", "Credential should be scoped to correct service: 'ec2'.", 403);
        }
        return new SigV4Credential(parts[0], parts[2], parts[3]);
    }
}
