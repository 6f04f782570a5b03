package io.jenkins.plugins.bakeami.engine.packer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Packer template as Packer 1.6.6 tells the kinds apart: a directory or a {@code *.pkr.hcl} / {@code *.pkr.json}
 * file is HCL2; any other file is a legacy JSON template. Loading reads which variables it declares, because
 * Packer refuses an undeclared {@code -var} for HCL2 and the seed's variables must be passed only when declared.
 */
public final class PackerTemplate {

    public enum Kind { JSON, HCL2 }

    static final String HCL_SUFFIX = ".pkr.hcl";
    static final String HCL_JSON_SUFFIX = ".pkr.json";
    private static final String WHAT = "Packer template";

    private final Path path;
    private final Kind kind;
    private final boolean directory;
    private final TemplateVariables variables;
    private final boolean requiredPlugins;

    private PackerTemplate(Path path, Kind kind, boolean directory, TemplateVariables variables,
            boolean requiredPlugins) {
        this.path = path;
        this.kind = kind;
        this.directory = directory;
        this.variables = variables;
        this.requiredPlugins = requiredPlugins;
    }

    /** What one HCL2 file declares. */
    private record HclFile(TemplateVariables variables, boolean requiredPlugins) {
    }

    /** Reads the template (a file, or a directory of HCL2 files) and the variables it declares. */
    public static PackerTemplate load(Path template) throws PackerException {
        Path path = template.toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            List<Path> files = hclFiles(path);
            List<TemplateVariables> parts = new ArrayList<>();
            boolean requiredPlugins = false;
            for (Path file : files) {
                HclFile hcl = readHclFile(file);
                parts.add(hcl.variables());
                requiredPlugins |= hcl.requiredPlugins();
            }
            return new PackerTemplate(path, Kind.HCL2, true, TemplateVariables.merge(parts), requiredPlugins);
        }
        if (!Files.isRegularFile(path)) {
            throw new PackerException("Packer template " + path + " does not exist");
        }
        String name = path.getFileName().toString();
        if (name.endsWith(HCL_SUFFIX) || name.endsWith(HCL_JSON_SUFFIX)) {
            HclFile hcl = readHclFile(path);
            return new PackerTemplate(path, Kind.HCL2, false, hcl.variables(), hcl.requiredPlugins());
        }
        try {
            JsonNode document = PackerJson.read(WHAT, path, readText(WHAT, path));
            return new PackerTemplate(path, Kind.JSON, false, TemplateVariables.fromLegacyJson(document), false);
        } catch (TemplateVariables.InvalidTemplateException e) {
            throw new PackerException("Packer template " + path + " is not a Packer JSON template: " + e.getMessage(),
                    e);
        }
    }

    private static List<Path> hclFiles(Path directory) throws PackerException {
        List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = entries.filter(p -> {
                String n = p.getFileName().toString();
                return (n.endsWith(HCL_SUFFIX) || n.endsWith(HCL_JSON_SUFFIX)) && Files.isRegularFile(p);
            }).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new PackerException("Cannot list the Packer template directory " + directory + ": " + e, e);
        }
        if (files.isEmpty()) {
            throw new PackerException("Packer template directory " + directory + " holds no " + HCL_SUFFIX + " or "
                    + HCL_JSON_SUFFIX + " file");
        }
        return files;
    }

    private static HclFile readHclFile(Path file) throws PackerException {
        String text = readText(WHAT, file);
        try {
            if (file.getFileName().toString().endsWith(HCL_JSON_SUFFIX)) {
                JsonNode document = PackerJson.read(WHAT, file, text);
                JsonNode packer = document.path("packer"); // a block: an object, or a list of them
                boolean requiredPlugins = packer.has("required_plugins")
                        || packer.isArray() && packer.findParent("required_plugins") != null;
                return new HclFile(TemplateVariables.fromHclJson(document), requiredPlugins);
            }
            // Packer's HCL parser skips a byte-order mark (its JSON parsers do not: PackerJson refuses it)
            String hcl = text.startsWith(PackerJson.BYTE_ORDER_MARK) ? text.substring(1) : text;
            boolean requiredPlugins = HclBody.parse(hcl).blocks("packer").stream()
                    .anyMatch(packer -> !packer.body().blocks("required_plugins").isEmpty());
            return new HclFile(HclVariableScanner.scan(hcl), requiredPlugins);
        } catch (TemplateVariables.InvalidTemplateException e) {
            throw new PackerException("Packer template " + file + " is not a Packer HCL2 JSON file: "
                    + e.getMessage(), e);
        } catch (HclVariableScanner.HclSyntaxException e) {
            throw new PackerException("Packer template " + file + " is not valid HCL: " + e.getMessage(), e);
        }
    }

    /**
     * A file Packer reads, as UTF-8 text.
     *
     * @param what the kind of file, for the messages ("Packer template")
     */
    static String readText(String what, Path file) throws PackerException {
        try {
            return Files.readString(file); // UTF-8, malformed input refused
        } catch (CharacterCodingException e) {
            throw new PackerException(what + " " + file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new PackerException("Cannot read " + what + " " + file + ": " + e, e);
        }
    }

    /** The template's absolute path: a file, or for HCL2 possibly a directory. */
    public Path path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }

    /** The files Packer reads: the template, or a template directory's HCL2 files in name order. */
    List<Path> files() throws PackerException {
        return directory ? hclFiles(path) : List.of(path);
    }

    /** The names a {@code -var} may set, in the order the template declares them. */
    public Set<String> declaredVariables() {
        return variables.declared();
    }

    /** Declared variables the template marks sensitive; their values are masked in the output. */
    public Set<String> sensitiveVariables() {
        return variables.sensitive();
    }

    /** Whether an HCL2 template declares {@code required_plugins} (for {@code packer init}); never a JSON one. */
    public boolean declaresRequiredPlugins() {
        return requiredPlugins;
    }

    public boolean declares(String variable) {
        return variables.declared().contains(variable);
    }

    /** Where Packer runs, as the seed does it: the template's directory (a template directory itself). */
    public Path workingDirectory() {
        return directory ? path : path.getParent();
    }

    /** The template as given to Packer from {@link #workingDirectory()}: its file name, or "." for a directory. */
    String commandArgument() {
        return directory ? "." : path.getFileName().toString();
    }

    @Override
    public String toString() {
        return path + " (" + kind + ")";
    }
}
