package io.jenkins.plugins.bakeami;

import io.jenkins.plugins.bakeami.engine.lifecycle.Ages;
import io.jenkins.plugins.bakeami.engine.registry.AmiFamily;

/**
 * What a valid family or retention option is, for {@link PruneAmisStep}, {@link BakeAmiStep} and
 * {@link BakeAmiBuilder}, form and run time alike (the other bake options are {@link InputRules}'). Each check returns
 * null when the value is fine, else a message naming the option. Jenkins-free.
 */
public final class PruneRules {
    private PruneRules() {
    }

    public static String keep(int value) {
        return value >= 1 ? null : "keep " + value + " is less than 1: the newest AMI is always kept";
    }

    /** bakeAmi's {@code keep}: 0 (the default) prunes nothing; 1 or more prunes the family after the bake. */
    public static String keepAfterBake(int value) {
        return value >= 0 ? null : "keep " + value + " is negative: 0 (the default) prunes nothing, 1 or more prunes"
                + " the family after the bake, keeping that many of the newest AMIs per region";
    }

    /** A duration as the CLI's {@code --min-age} reads it ({@code 7d}, {@code 36h}, {@code 0}); blank: the default. */
    public static String minAge(String value) {
        if (InputRules.isBlank(value)) {
            return null;
        }
        try {
            Ages.parse(value.trim(), "minAge");
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
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
