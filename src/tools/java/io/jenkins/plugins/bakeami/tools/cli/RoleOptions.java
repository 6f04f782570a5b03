package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.aws.AwsRole;
import io.jenkins.plugins.bakeami.engine.aws.EndpointResolver;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options {@code bake}, {@code lookup}, {@code prune} and {@code sweep} share (a picocli mixin): an IAM role
 * assumed here, with the credentials of the environment as its source. A sweep must act as the bake did: the journal
 * keeps a bake's access with its role, and a sweep without the same role leaves its entries alone.
 */
final class RoleOptions {
    @Option(names = "--role", paramLabel = "ARN", description = "An IAM role to assume here, with the credentials"
            + " of the environment as its source, and to assume again before each session ends: for the engine's"
            + " EC2 calls and, in bake, for Packer's (through a private AWS profile).")
    String role;

    @Option(names = "--role-session-name", paramLabel = "NAME", defaultValue = "bake-ami-cli",
            description = "The role's session name, seen in CloudTrail (default ${DEFAULT-VALUE}).")
    String roleSessionName;

    @Option(names = "--external-id", paramLabel = "ID", description = "The external id the role's trust policy asks"
            + " for.")
    String externalId;

    @Option(names = "--session-duration", paramLabel = "DURATION", description = "How long each role session lasts"
            + " (15m to 12h, at most the role's maximum; default 1h); a new one is taken before it ends.")
    String sessionDuration;

    /**
     * The role of {@code --role}, or null without it; a bake's preflight adds the STS endpoint, as {@link
     * #role(Map)} does for the commands that call EC2 themselves.
     *
     * @throws IllegalArgumentException naming the option whose value is not what STS accepts
     */
    AwsRole role() {
        if (role == null) {
            return null;
        }
        Duration duration = DurationOption.parse(sessionDuration, "--session-duration");
        int seconds = duration == null ? 0 : (int) Math.min(Integer.MAX_VALUE, duration.toSeconds());
        return new AwsRole(role, roleSessionName, externalId, seconds);
    }

    /** The same, its sessions asked of the environment's STS endpoint ({@code AWS_ENDPOINT_URL_STS}, if set). */
    AwsRole role(Map<String, String> environment) {
        AwsRole assumed = role();
        return assumed == null ? null : assumed.withStsEndpoint(EndpointResolver.resolveSts(environment));
    }
}
