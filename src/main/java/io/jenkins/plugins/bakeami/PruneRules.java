package io.jenkins.plugins.bakeami;

import io.jenkins.plugins.bakeami.engine.registry.AmiFamily;

/**
 * What a valid retention option is, for {@link PruneAmisStep}'s form and run time alike (the bake options it shares
 * with bakeAmi are {@link InputRules}'). Each check returns null when the value is fine, else a message naming the
 * option. Jenkins-free.
 */
public final class PruneRules {
    private PruneRules() {
    }

    public static String keep(int value) {
        return value >= 1 ? null : "keep " + value + " is less than 1: the newest AMI is always kept";
    }

    public static String minAgeDays(int value) {
        return value >= 0 ? null : "minAgeDays " + value + " is negative (0 keeps no AMI for its age)";
    }

    /** Blank is fine (the template's path); otherwise a tag value. */
    public static String family(String value) {
        if (InputRules.isBlank(value)) {
            return null;
        }
        try {
            AmiFamily.requireValid(value.trim(), "family");
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
