package io.jenkins.plugins.bakeami.engine.registry;

import java.io.Serializable;
import java.time.Instant;

/** An available AMI that carries the checksum tag. */
public record FoundAmi(String imageId, String name, Instant creationDate, String ownerId, String region)
        implements Serializable {}
