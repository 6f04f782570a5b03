package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.bake.BakeOutcome;
import io.jenkins.plugins.bakeami.engine.bake.BakeResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code bake} prints on standard output when it succeeds: a few {@code key: value} lines (the AMI of every
 * region, the source image it was baked from, the checksum...), then the AMI id alone on the last line (none for a
 * dry run that would bake), so {@code tail -n 1} gives the id.
 */
final class BakeSummary {
    private BakeSummary() {}

    static List<String> lines(BakeResult result, Path amiIdFile, Duration wallTime) {
        List<String> lines = new ArrayList<>();
        lines.add("outcome:      " + outcomeName(result.outcome()) + " (" + explanation(result.outcome()) + ")");
        lines.add("region:       " + result.region());
        lines.add("ami ids:      " + (result.amiIdsByRegion().isEmpty() ? "none"
                : result.amiIdsByRegion().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", "))));
        lines.add("base image:   " + (result.sourceAmi() != null ? result.sourceAmi() : result.amiId() == null ? "none"
                : "not recorded (baked before base images were tracked)"));
        lines.add("checksum:     " + result.checksum() + " (" + result.checksumMode() + ")");
        lines.add("timings:      " + timings(result.timings()) + "; total " + DurationOption.format(wallTime));
        lines.add(".ami_id.json: " + (result.outcome().dryRun() ? "not written (dry run)" : amiIdFile.toString()));
        if (result.amiId() != null) {
            lines.add(result.amiId());
        }
        return lines;
    }

    /** {@code reused}, {@code baked}, {@code would-reuse}, {@code would-bake}. */
    static String outcomeName(BakeOutcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String explanation(BakeOutcome outcome) {
        return switch (outcome) {
            case REUSED -> "an AMI tagged with the checksum exists; Packer did not run";
            case BAKED -> "Packer built a new AMI, tagged with the checksum";
            case WOULD_REUSE -> "dry run: an AMI tagged with the checksum exists";
            case WOULD_BAKE -> "dry run: no AMI tagged with the checksum, a bake would run Packer";
        };
    }

    private static String timings(Map<String, Duration> timings) {
        return timings.entrySet().stream().map(e -> e.getKey() + " " + DurationOption.format(e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
