package io.jenkins.plugins.bakeami.engine.aws;

import java.util.regex.Pattern;

/** Checks region names before any call, so a typo fails with the name instead of an unreachable host. */
public final class RegionNames {
    // us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-7, us-isob-east-1
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

    private RegionNames() {}

    public static String requireValid(String region, String source) {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("No AWS region given (" + source + "): set it, or AWS_REGION / AWS_DEFAULT_REGION");
        }
        String trimmed = region.trim();
        if (!REGION.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("Invalid AWS region '" + trimmed + "' (" + source + "): expected a name like us-east-1");
        }
        return trimmed;
    }
}
