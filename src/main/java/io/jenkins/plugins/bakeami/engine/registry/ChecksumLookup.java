package io.jenkins.plugins.bakeami.engine.registry;

import java.util.List;
import java.util.Optional;

/**
 * What a lookup by checksum saw: the available AMIs, newest first, and the images carrying the tag that cannot be
 * used (as {@code ami-... (state)}), e.g. a build whose image ended {@code failed}.
 */
public record ChecksumLookup(List<FoundAmi> available, List<String> unusable) {
    public ChecksumLookup {
        available = List.copyOf(available);
        unusable = List.copyOf(unusable);
    }

    /** The newest available AMI. */
    public Optional<FoundAmi> found() {
        return available.stream().findFirst();
    }
}
