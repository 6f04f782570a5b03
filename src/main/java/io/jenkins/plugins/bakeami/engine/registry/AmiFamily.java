package io.jenkins.plugins.bakeami.engine.registry;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The family of an AMI: every version baked from one definition, whatever its checksum. Each bake tags the AMI and
 * its snapshots with {@link #TAG_KEY}, so that retention can find all versions of a definition across checksums.
 * The value is the user's, or by default the template's path relative to the work directory with forward slashes
 * ({@code ami/packer/ami.json}): the same on every machine and every agent that checks the definition out.
 */
public final class AmiFamily {
    public static final String TAG_KEY = "ami_family";

    /** The characters every AWS service accepts in a tag value; EC2 accepts more, but a family must travel. */
    private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,256}");
    private static final int MAX_LENGTH = 256;

    private AmiFamily() {}

    /**
     * The family a bake tags with: {@code given} when set (checked like a tag value), else the template's path.
     *
     * @param work     the work directory, absolute and normalized
     * @param template the template, absolute and normalized
     * @throws IllegalArgumentException naming the value, when the family cannot be a tag value
     */
    public static String resolve(String given, Path work, Path template) {
        if (given != null && !given.isBlank()) {
            return requireValid(given.strip(), "family");
        }
        String family = defaultFor(work, template);
        if (family.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("The default family (the template's path " + family + ") is longer than"
                    + " the " + MAX_LENGTH + " characters of a tag value: set the family");
        }
        return family;
    }

    /** The template's path relative to the work directory, forward slashes; its absolute path when outside it. */
    public static String defaultFor(Path work, Path template) {
        Path path = template.startsWith(work) ? work.relativize(template) : template;
        return path.toString().replace('\\', '/');
    }

    /** The checksum needs a tag of its own: with the family's key, one would overwrite the other. */
    public static void requireOtherTagKey(String checksumTagKey) {
        if (TAG_KEY.equals(checksumTagKey)) {
            throw new IllegalArgumentException("Tag key " + TAG_KEY + " holds the family; choose another tag key for"
                    + " the checksum");
        }
    }

    /** A family the user sets: 1 to 256 letters, digits, spaces or {@code _ . : / = + - @}, not starting aws:. */
    public static String requireValid(String family, String source) {
        if (family == null || !TAG_VALUE.matcher(family).matches()
                || family.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw new IllegalArgumentException("Invalid " + source + " '" + family + "': a family is a tag value of 1 to"
                    + " 256 letters, digits, spaces or _ . : / = + - @, not starting with aws:");
        }
        return family;
    }
}
