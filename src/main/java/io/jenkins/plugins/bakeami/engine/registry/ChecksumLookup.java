package io.jenkins.plugins.bakeami.engine.registry;

import java.util.List;
import java.util.Optional;

/**
 * What a lookup by checksum saw: the newest available AMI, if any, and the images carrying the tag that cannot be
 * used (as {@code ami-... (state)}), e.g. a build whose image ended {@code failed}.
 */
public record ChecksumLookup(Optional<FoundAmi> found, List<String> unusable) {
    public ChecksumLookup {
        unusable = List.copyOf(unusable);
    }
}
