package io.jenkins.plugins.bakeami.engine.bake;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads from Packer's ui lines what the runner's resource tracker does not: the name of the AMI being created and
 * the regions it is being copied to ({@code ami_regions}). Packer never announces the ids of its copies, and after
 * a cancel or a failed build nothing deregisters them: the cleanup finds them by this name in those regions. Also
 * the source image Packer found, which the bake records on the AMI. Texts of Packer 1.6.6's amazon
 * {@code step_create_ami}, {@code step_ami_region_copy} and {@code step_source_ami_info}.
 */
final class PackerLogWatcher implements Consumer<String> {
    private static final Pattern CREATING_AMI = Pattern.compile("Creating AMI (\\S+) from instance i-");
    private static final Pattern FOUND_SOURCE = Pattern.compile("Found Image ID: (ami-[0-9a-f]+)");
    private static final Pattern COPYING_TO = Pattern.compile("Copying to: ([a-z]{2}(?:-[a-z]+)+-[0-9]{1,2})\\b");

    private final Consumer<String> log;
    private String amiName;
    private String sourceImageId;
    private final List<String> copyRegions = new ArrayList<>();

    PackerLogWatcher(Consumer<String> log) {
        this.log = log;
    }

    @Override
    public void accept(String line) {
        synchronized (this) {
            Matcher name = CREATING_AMI.matcher(line);
            if (name.find() && amiName == null) {
                amiName = name.group(1);
            }
            Matcher source = FOUND_SOURCE.matcher(line);
            if (source.find() && sourceImageId == null) {
                sourceImageId = source.group(1);
            }
            Matcher copy = COPYING_TO.matcher(line);
            if (copy.find() && !copyRegions.contains(copy.group(1))) {
                copyRegions.add(copy.group(1));
            }
        }
        log.accept(line);
    }

    /** The AMI name Packer used, or null before it started to create the image. */
    synchronized String amiName() {
        return amiName;
    }

    /** The source image Packer found ({@code Found Image ID: ami-...}), or null before it said so. */
    synchronized String sourceImageId() {
        return sourceImageId;
    }

    synchronized List<String> copyRegions() {
        return List.copyOf(copyRegions);
    }
}
