package io.jenkins.plugins.bakeami;

import io.jenkins.plugins.bakeami.engine.aws.AwsRole;
import io.jenkins.plugins.bakeami.engine.aws.RegionNames;
import io.jenkins.plugins.bakeami.engine.checksum.DefinitionDirectories;
import io.jenkins.plugins.bakeami.engine.registry.AmiFamily;
import io.jenkins.plugins.bakeami.engine.packer.OnError;
import io.jenkins.plugins.bakeami.engine.packer.PackerInit;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a valid option value is, in one place: the forms' checks and the run-time checks give the same answer.
 * Each check returns {@code null} when the value is fine, otherwise a message that names the option and the value.
 * Jenkins-free, so it is tested without a Jenkins runtime.
 */
public final class InputRules {
    /** Characters EC2 accepts in a tag key: letters, digits, spaces and _ . : / = + - @ */
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8,17}");

    private InputRules() {
    }

    public static String template(String value) {
        if (isBlank(value)) {
            return "template is required: the Packer template, relative to the workspace (e.g. ami/packer.json)";
        }
        return null;
    }

    /**
     * A region the bundled AWS SDK lists, or one the environment allows ({@link RegionNames}; the build's environment
     * at run time, none in a form).
     */
    public static String region(String value, Map<String, String> environment) {
        return isBlank(value) ? null : RegionNames.problem(value, environment);
    }

    public static String tagKey(String value) {
        return tagKey("tagKey", value);
    }

    private static String tagKey(String option, String value) {
        if (isBlank(value)) {
            return null;
        }
        if (value.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            return option + " '" + value + "' starts with 'aws:', which AWS reserves for its own tags";
        }
        if (!TAG_KEY.matcher(value).matches()) {
            return option + " '" + value + "' is not a valid EC2 tag key (1 to 128 letters, digits, spaces and _ . : / = + - @)";
        }
        return null;
    }

    /** The source tag's key: a valid tag key, other than the checksum's and the family's. */
    public static String sourceTagKey(String value, String checksumTagKey) {
        String problem = tagKey("sourceTagKey", value);
        if (problem != null) {
            return problem;
        }
        String key = trimToNull(value);
        String checksumKey = trimToNull(checksumTagKey) == null ? BakeAmiDefaults.TAG_KEY : checksumTagKey.trim();
        if (key != null && (key.equals(checksumKey) || key.equals(AmiFamily.TAG_KEY))) {
            return "sourceTagKey '" + value + "' is the tag of the checksum or the family: it needs a tag of its own";
        }
        return null;
    }

    public static String baseImage(String value) {
        if (isBlank(value) || BakeAmiDefaults.BASE_IMAGES.contains(value.trim())) {
            return null;
        }
        return "baseImage '" + value + "' is not one of " + String.join(", ", BakeAmiDefaults.BASE_IMAGES);
    }

    public static String endpoint(String value) {
        if (isBlank(value)) {
            return null;
        }
        String problem = "endpoint '" + value + "' is not an http(s) URL like https://ec2.us-east-1.amazonaws.com";
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getUserInfo() != null) {
                return problem;
            }
            return null;
        } catch (URISyntaxException e) {
            return problem;
        }
    }

    public static String dirs(List<String> values) {
        for (String dir : values) {
            if (dir.indexOf('\0') >= 0) {
                return "dirs entry '" + dir.replace('\0', '?') + "' contains a NUL character";
            }
        }
        try {
            DefinitionDirectories.requireNoEmptyEntry(values);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * The definition directories of a text area: one line each, or comma-separated like the seed's
     * AMI_DEFINITION_DIRS. Blank lines are skipped (a form always sends the field: all blank means "not set", the
     * template's directory); an empty entry within a line ({@code " , "}, {@code "a,,b"}) is kept, for
     * {@link #dirs} and the engine to refuse, as the command line does.
     */
    public static List<String> definitionDirectories(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String value : values == null ? List.<String>of() : values) {
            for (String line : value == null ? new String[0] : value.split("\\R")) {
                if (!line.isBlank()) {
                    out.addAll(DefinitionDirectories.parse(line));
                }
            }
        }
        return out;
    }

    public static String owners(List<String> values) {
        for (String owner : values) {
            if (!(owner.equals("self") || owner.equals("amazon") || owner.equals("aws-marketplace")
                    || ACCOUNT_ID.matcher(owner).matches())) {
                return "owners entry '" + owner + "' is not self, amazon, aws-marketplace or a 12-digit account id";
            }
        }
        return null;
    }

    public static String vars(List<String> values) {
        for (String entry : values) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || !VARIABLE_NAME.matcher(entry.substring(0, eq).trim()).matches()) {
                return "vars entry '" + entry + "' is not name=value with a Packer variable name";
            }
        }
        return null;
    }

    public static String checksumMode(String value) {
        if (isBlank(value) || BakeAmiDefaults.CHECKSUM_MODES.contains(value.trim())) {
            return null;
        }
        return "checksumMode '" + value + "' is not one of " + String.join(", ", BakeAmiDefaults.CHECKSUM_MODES);
    }

    public static String timeoutMinutes(int value) {
        return value >= 0 ? null : "timeoutMinutes " + value + " is negative (0 means no limit)";
    }

    public static String amiIdFile(String value) {
        if (isBlank(value)) {
            return null;
        }
        String path = value.trim().replace('\\', '/');
        if (path.startsWith("/") || path.matches("[A-Za-z]:.*") || List.of(path.split("/")).contains("..")) {
            return "amiIdFile '" + value + "' must be a path inside the workspace (it is written there and archived)";
        }
        return null;
    }

    public static String subnetId(String value) {
        if (isBlank(value) || SUBNET_ID.matcher(value.trim()).matches()) {
            return null;
        }
        return "subnetId '" + value + "' is not a subnet id like subnet-0123456789abcdef0";
    }

    /** {@code exact} or {@code normalize}; {@code normalize} only with the strict checksum. */
    public static String lineEndings(String value, String checksumMode) {
        if (isBlank(value)) {
            return null;
        }
        if (!BakeAmiDefaults.LINE_ENDINGS_VALUES.contains(value.trim())) {
            return "lineEndings '" + value + "' is not one of " + String.join(", ", BakeAmiDefaults.LINE_ENDINGS_VALUES);
        }
        if (!value.trim().equals(BakeAmiDefaults.LINE_ENDINGS) && !isBlank(checksumMode)
                && checksumMode.trim().equals(BakeAmiDefaults.CHECKSUM_MODE)) {
            return "lineEndings '" + value.trim() + "' needs checksumMode 'strict': the ami-bakery checksum is the"
                    + " seed's, byte for byte";
        }
        return null;
    }

    /** Packer's {@code -on-error}: {@code cleanup} or {@code abort}; {@code ask} is refused with its reason. */
    public static String onError(String value) {
        return engineRule(() -> OnError.fromName(value.trim()), value);
    }

    /** {@code packer init}: {@code auto}, {@code always} or {@code never}. */
    public static String init(String value) {
        return engineRule(() -> PackerInit.fromName(value.trim()), value);
    }

    /** An IAM role ARN, as STS takes it. */
    public static String role(String value) {
        return isBlank(value) ? null : AwsRole.problem(value.trim());
    }

    public static String roleSessionName(String value) {
        return isBlank(value) ? null : AwsRole.sessionNameProblem(value.trim());
    }

    public static String externalId(String value) {
        return isBlank(value) ? null : AwsRole.externalIdProblem(value.trim());
    }

    /** Seconds; 0: the default. */
    public static String sessionDuration(int value) {
        return value == 0 ? null : AwsRole.durationProblem(value);
    }

    /** The engine's own check of a name, as a problem text (null when the value is blank or fine). */
    private static String engineRule(Runnable check, String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            check.run();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Normalizes a list option. Stapler binds a form's text area to a one-element list, and users may write
     * several values in one string: each element is split at line breaks (and at commas when {@code commas}, as the
     * seed's AMI_DEFINITION_DIRS), trimmed, and empty entries dropped.
     */
    public static List<String> splitList(List<String> values, boolean commas) {
        if (values == null) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>();
        for (String value : values) {
            if (value == null) {
                continue;
            }
            for (String part : value.split(commas ? "[,\\r\\n]" : "[\\r\\n]")) {
                if (!part.trim().isEmpty()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** Blank to null, otherwise trimmed (as Jenkins' Util.fixEmptyAndTrim). */
    public static String trimToNull(String value) {
        return isBlank(value) ? null : value.trim();
    }

    static boolean isBlank(String value) {
        return value == null || value.trim().isEmpty();
    }
}
