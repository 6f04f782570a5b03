package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import java.util.List;
import picocli.CommandLine.Option;

/** The EC2 options {@code bake} and {@code lookup} share (a picocli mixin): where to look, and whose AMIs count. */
final class Ec2Options {
    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION, else"
            + " AWS_DEFAULT_REGION).")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL", description = "EC2 endpoint (default: AWS_ENDPOINT_URL_EC2,"
            + " else AWS_ENDPOINT_URL, else the region's public endpoint). A template declaring variable ec2_endpoint"
            + " gets it.")
    String endpoint;

    @Option(names = "--owners", split = ",", paramLabel = "OWNER", defaultValue = "self", description = "Whose AMIs"
            + " count: account ids or self (default), comma-separated. Another account's tags are never trusted.")
    List<String> owners;

    @Option(names = "--tag-key", paramLabel = "KEY", defaultValue = BakeRequest.DEFAULT_TAG_KEY,
            description = "The tag holding the checksum (default ${DEFAULT-VALUE}).")
    String tagKey;

    @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts per EC2 call, with backoff"
            + " (default: 8).")
    int maxAttempts = AwsSettings.DEFAULT_MAX_ATTEMPTS;
}
