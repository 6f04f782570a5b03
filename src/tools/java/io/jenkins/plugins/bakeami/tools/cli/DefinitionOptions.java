package io.jenkins.plugins.bakeami.tools.cli;

import io.jenkins.plugins.bakeami.engine.bake.BakeRequest;
import io.jenkins.plugins.bakeami.engine.bake.Bakery;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumCalculator;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumMode;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumRequest;
import io.jenkins.plugins.bakeami.engine.checksum.ChecksumResult;
import io.jenkins.plugins.bakeami.engine.checksum.DefinitionDirectories;
import io.jenkins.plugins.bakeami.engine.checksum.LineEndings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options {@code lookup} and {@code prune} share (a picocli mixin): the checksum of an AMI definition, given or
 * computed exactly as {@code bake} computes it, and the work directory relative paths start from.
 */
final class DefinitionOptions {
    static final String TEMPLATE_VARIABLE = "PACKER_JSON_PATH";

    @Option(names = "--checksum", paramLabel = "CHECKSUM", description = "The checksum (the tag's value). Without"
            + " it, the checksum of --dirs is computed.")
    String checksum;

    @Option(names = "--dirs", paramLabel = "DIR[,DIR]", description = "Definition directories (comma-separated"
            + " or repeated). Default: AMI_DEFINITION_DIRS, else the template's directory. An empty entry is an error.")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = BakeRequest.DEFAULT_CHECKSUM_MODE,
            description = "Checksum mode: ami-bakery (default, the seed's) or strict.")
    String mode;

    @Option(names = "--template", paramLabel = "FILE", description = "The Packer template (default:"
            + " PACKER_JSON_PATH). Strict mode covers it; without --dirs its directory is the definition.")
    String template;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "A Packer variable (repeatable): for the"
            + " template's source image and ami_regions, and in strict mode for the checksum.")
    List<String> vars = new ArrayList<>();

    @Option(names = "--var-file", paramLabel = "FILE", description = "A Packer var-file (repeatable), used as --var.")
    List<String> varFiles = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "strict: leave out matching paths (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--extra-input", paramLabel = "TEXT", description = "strict: an extra input text (repeatable).")
    List<String> extraInputs = new ArrayList<>();

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where relative paths start (default: the"
            + " current directory).")
    Path workDir;

    @Option(names = "--line-endings", paramLabel = "MODE", defaultValue = BakeRequest.DEFAULT_LINE_ENDINGS,
            description = "strict: exact (default) or normalize (text files read with CRLF as LF), as bake took it.")
    String lineEndings;

    Path workDirectory(Map<String, String> environment) {
        return WorkingDirectory.existing(workDir, "--work-dir", environment);
    }

    /** The template named by {@code --template}, else {@code PACKER_JSON_PATH}; null when neither is set. */
    String templateName(Map<String, String> environment) {
        return template != null ? template : blankToNull(environment.get(TEMPLATE_VARIABLE));
    }

    /** {@code --checksum}, else the checksum computed from the definition; {@code command} prefixes warnings. */
    String checksum(Path work, Map<String, String> environment, PrintWriter err, String command)
            throws IOException, InterruptedException {
        return checksum(work, environment, err, command, null, null);
    }

    /**
     * The same, with the base image the bake tracks in {@code region} (null: none), which a strict checksum covers.
     */
    String checksum(Path work, Map<String, String> environment, PrintWriter err, String command, String region,
            String baseImage) throws IOException, InterruptedException {
        return checksum != null ? givenChecksum()
                : computeChecksum(work, environment, err, command, region, baseImage);
    }

    private String givenChecksum() {
        if (!dirs.isEmpty()) {
            throw new IllegalArgumentException("--checksum and --dirs exclude each other: give the checksum or the"
                    + " directories to compute it from");
        }
        if (checksum.isBlank()) {
            throw new IllegalArgumentException("--checksum is empty");
        }
        if (checksum.contains("*") || checksum.contains("?")) {
            // EC2 would read them as wildcards; the lookup matches literally, and no checksum holds them
            throw new IllegalArgumentException("--checksum '" + checksum.strip() + "' has a wildcard (* or ?), which"
                    + " no checksum holds: the tag's value is matched exactly, never as a pattern");
        }
        return checksum.strip();
    }

    /** The checksum as the bake computes it (Bakery): same directories, same strict inputs and exclusions. */
    private String computeChecksum(Path work, Map<String, String> environment, PrintWriter err, String command,
            String region, String baseImage) throws IOException, InterruptedException {
        ChecksumMode checksumMode = ChecksumMode.fromName(mode);
        List<String> directories = DefinitionDirectories.parse(dirs, environment.get(ChecksumCommand.DIRECTORIES_VARIABLE));
        // the template only matters in strict mode or when it names the definition directory
        String templateName = templateName(environment);
        Path templatePath = templateName == null || !directories.isEmpty() && checksumMode != ChecksumMode.STRICT
                ? null : existingTemplate(work, templateName);
        if (directories.isEmpty() && templatePath != null) {
            directories.add((Files.isDirectory(templatePath) ? templatePath : templatePath.getParent()).toString());
        }
        if (directories.isEmpty()) {
            throw new IllegalArgumentException("no definition to checksum: give --checksum, or --dirs (or set "
                    + ChecksumCommand.DIRECTORIES_VARIABLE + "), or --template");
        }
        ChecksumRequest.Builder request = ChecksumRequest.builder(work).directories(directories).mode(checksumMode)
                .lineEndings(LineEndings.fromName(lineEndings));
        if (checksumMode == ChecksumMode.STRICT) {
            if (templatePath == null) {
                throw new IllegalArgumentException("--mode strict needs the template (--template or PACKER_JSON_PATH):"
                        + " the bake's strict checksum covers it");
            }
            request.template(templatePath.toString());
            CliVars.parse(vars).forEach(request::var);
            varFiles.forEach(request::varFile);
            extraInputs.forEach(request::extraInput);
            excludes.forEach(request::exclude);
            Bakery.BAKE_OUTPUTS.forEach(request::exclude);
            if (baseImage != null) {
                request.baseImage(region, baseImage);
            }
        } else if (!extraInputs.isEmpty() || !excludes.isEmpty()
                || templateName == null && (!vars.isEmpty() || !varFiles.isEmpty())) {
            throw new IllegalArgumentException("--extra-input and --exclude only count in --mode strict, --var and"
                    + " --var-file with a template; the ami-bakery checksum covers the directories' files only");
        }
        ChecksumResult result = new ChecksumCalculator().calculate(request.build());
        for (String warning : result.getWarnings()) {
            err.println(command + ": warning: " + warning);
        }
        err.println("Checksum (" + result.getMode().getName() + ") of " + result.getEntries().size() + " inputs: "
                + result.getValue());
        return result.getValue();
    }

    static Path existingTemplate(Path work, String template) {
        Path path = work.resolve(template).normalize();
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("Packer template " + template + " does not exist (looked for " + path
                    + ")");
        }
        return path;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
