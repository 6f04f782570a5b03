package io.jenkins.plugins.bakeami.engine.packer;

import java.util.Locale;

/**
 * What {@code packer build} does when the build fails ({@code -on-error}). Packer's {@code ask} is refused: Packer
 * would wait for an answer on its terminal, and in CI nobody can give one.
 */
public enum OnError {
    /** Packer removes what it made (its default). */
    CLEANUP,
    /** Packer leaves its builder instance, key pair and security group for inspection; the bake says how to remove them. */
    ABORT;

    /** @throws IllegalArgumentException for {@code ask} and for any other value, naming the valid ones */
    public static OnError fromName(String name) {
        if ("ask".equals(name)) {
            throw new IllegalArgumentException("onError 'ask' is refused: Packer would wait for an answer on its"
                    + " terminal, and nobody can answer in CI; use cleanup (the default) or abort");
        }
        for (OnError value : values()) {
            if (value.getName().equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("onError '" + name + "' is not one of cleanup, abort");
    }

    public String getName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
