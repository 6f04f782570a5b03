package io.jenkins.plugins.bakeami.engine.aws;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/**
 * Checks region names before any call, so a typo fails naming the value instead of as an unreachable host. A region
 * is valid when the bundled AWS SDK lists it (its region metadata, the same list that gives the SDK its endpoints),
 * or when the environment names it in {@value #EXTRA_REGIONS_VARIABLE}: the escape for a region newer than the SDK.
 */
public final class RegionNames {
    /** Comma-separated regions to accept although the bundled SDK does not list them yet. */
    public static final String EXTRA_REGIONS_VARIABLE = "BAKE_AMI_EXTRA_REGIONS";

    /** The shape of every region name: us-east-1, eusc-de-east-1, us-gov-west-1, ap-southeast-7. */
    private static final Pattern SHAPE = Pattern.compile("[a-z]{2,}(-[a-z]+)+-[0-9]{1,2}");
    /** The SDK's regions, without its pseudo-regions for global services (aws-global, aws-cn-global...). */
    private static final Set<String> KNOWN = Region.regions().stream().filter(region -> !region.isGlobalRegion())
            .map(Region::id).collect(Collectors.toUnmodifiableSet());

    private RegionNames() {}

    /**
     * @param source      where the value came from, for the message ("--region", "AWS_REGION")
     * @param environment where {@value #EXTRA_REGIONS_VARIABLE} is read (the CLI's or the Jenkins step's)
     * @return the region, trimmed
     * @throws IllegalArgumentException naming the value and its source
     */
    public static String requireValid(String region, String source, Map<String, String> environment) {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("No AWS region given (" + source + "): set it, or AWS_REGION / AWS_DEFAULT_REGION");
        }
        String problem = problem(region, " (" + source + ")", environment);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return region.trim();
    }

    /** Null when the region is valid, else what is wrong with it (for forms, which show it without a source). */
    public static String problem(String region, Map<String, String> environment) {
        return problem(region, "", environment);
    }

    private static String problem(String region, String source, Map<String, String> environment) {
        String trimmed = region.trim();
        if (KNOWN.contains(trimmed) || extraRegions(environment).contains(trimmed)) {
            return null;
        }
        if (!hasRegionShape(trimmed)) {
            return "Invalid AWS region '" + trimmed + "'" + source + ": expected a name like us-east-1";
        }
        return "Unknown AWS region '" + trimmed + "'" + source + ": not in the AWS SDK's region list (a typo?); for a"
                + " region newer than the SDK, set " + EXTRA_REGIONS_VARIABLE + "=" + trimmed;
    }

    /** Whether the text looks like a region name; says nothing of whether the region exists. */
    public static boolean hasRegionShape(String region) {
        return region != null && SHAPE.matcher(region).matches();
    }

    private static Set<String> extraRegions(Map<String, String> environment) {
        String listed = environment.get(EXTRA_REGIONS_VARIABLE);
        if (listed == null) {
            return Set.of();
        }
        return Arrays.stream(listed.split(",")).map(String::trim).filter(RegionNames::hasRegionShape)
                .collect(Collectors.toSet());
    }
}
