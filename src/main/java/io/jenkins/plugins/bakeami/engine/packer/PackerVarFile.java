package io.jenkins.plugins.bakeami.engine.packer;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@code -var-file} sets, read as Packer 1.6.6 reads it: a {@code .json} file is a JSON object of variable
 * names to values (legacy templates, and HCL2's JSON syntax), anything else is HCL ({@code .pkrvars.hcl}).
 */
final class PackerVarFile {
    private static final String WHAT = "Packer var file";

    private PackerVarFile() {}

    /**
     * @return each variable the file sets, with its value when that is a plain string, else null
     * @throws PackerException naming the file when it is missing or does not parse
     */
    static Map<String, String> read(Path file) throws PackerException {
        Map<String, String> values = new LinkedHashMap<>();
        expressions(file).forEach((name, value) -> values.put(name,
                value instanceof TemplateExpr.Literal literal && literal.value() instanceof String text ? text : null));
        return values;
    }

    /** Each variable the file sets, with its value as written (lists and objects too), for evaluation. */
    static Map<String, TemplateExpr> expressions(Path file) throws PackerException {
        String text = text(file);
        if (!file.getFileName().toString().endsWith(".json")) {
            try {
                return HclBody.parse(text).attributes();
            } catch (HclVariableScanner.HclSyntaxException e) {
                throw new PackerException(WHAT + " " + file + " is not valid HCL: " + e.getMessage(), e);
            }
        }
        JsonNode document = PackerJson.read(WHAT, file, text);
        if (!document.isObject()) {
            throw new PackerException(WHAT + " " + file + " must be a JSON object of variable names to values");
        }
        Map<String, TemplateExpr> values = new LinkedHashMap<>();
        document.properties().forEach(e -> values.put(e.getKey(), JsonExpressions.literal(e.getValue())));
        return values;
    }

    private static String text(Path file) throws PackerException {
        if (!Files.isRegularFile(file)) {
            throw new PackerException(WHAT + " " + file + " does not exist or is not a file");
        }
        return PackerTemplate.readText(WHAT, file);
    }
}
