package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.bake.BaseImagePolicy;
import picocli.CommandLine.Option;

/**
 * The options {@code bake}, {@code lookup} and {@code prune} share (a picocli mixin): how the template's source image
 * is followed.
 */
final class BaseImageOptions {
    @Option(names = "--base-image", paramLabel = "POLICY", defaultValue = "track", description = "track (default):"
            + " reuse only an AMI baked from the source image the template resolves to now (an AMI that records none"
            + " is reused); require: rebake those too, and fail when the source image cannot be resolved before Packer"
            + " runs; ignore: the checksum alone decides.")
    String baseImage;

    @Option(names = "--source-tag-key", paramLabel = "KEY", defaultValue = BakeRequest.DEFAULT_SOURCE_TAG_KEY,
            description = "The tag that records the source image on the AMI and its snapshots (default"
                    + " ${DEFAULT-VALUE}).")
    String sourceTagKey;

    /** @throws IllegalArgumentException naming the option, for a value that is none of the policies */
    BaseImagePolicy policy() {
        return BaseImagePolicy.fromName(baseImage);
    }
}
