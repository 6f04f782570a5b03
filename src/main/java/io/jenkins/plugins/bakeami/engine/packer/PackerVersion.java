package io.jenkins.plugins.bakeami.engine.packer;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Packer release number as {@code packer version} prints it ({@code Packer v1.6.6}). */
public record PackerVersion(int major, int minor, int patch) implements Comparable<PackerVersion> {

    private static final Pattern IN_OUTPUT = Pattern.compile("Packer v(\\d{1,6})\\.(\\d{1,6})\\.(\\d{1,6})");

    /** The version in the output of {@code packer version}, if it has the form Packer prints. */
    public static Optional<PackerVersion> find(String versionOutput) {
        Matcher m = IN_OUTPUT.matcher(versionOutput);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new PackerVersion(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    }

    public boolean isOlderThan(PackerVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(PackerVersion o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
