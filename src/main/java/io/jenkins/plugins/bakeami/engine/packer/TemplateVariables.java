package io.jenkins.plugins.bakeami.engine.packer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables a template declares (only these may be given with {@code -var}) and those it marks sensitive
 * (their values are masked in the log, which Packer 1.6.6 does not do in machine-readable output).
 */
public record TemplateVariables(Set<String> declared, Set<String> sensitive) {

    public TemplateVariables {
        declared = Collections.unmodifiableSet(new LinkedHashSet<>(declared));
        sensitive = Collections.unmodifiableSet(new LinkedHashSet<>(sensitive));
    }

    static TemplateVariables merge(List<TemplateVariables> parts) {
        Set<String> declared = new LinkedHashSet<>();
        Set<String> sensitive = new LinkedHashSet<>();
        for (TemplateVariables part : parts) {
            declared.addAll(part.declared());
            sensitive.addAll(part.sensitive());
        }
        return new TemplateVariables(declared, sensitive);
    }

    /**
     * A legacy JSON template: the keys of the top-level {@code "variables"} object, and the names listed in
     * {@code "sensitive-variables"}.
     */
    static TemplateVariables fromLegacyJson(JsonNode document) throws InvalidTemplateException {
        JsonNode root = requireObject(document, "the template");
        Set<String> declared = new LinkedHashSet<>();
        JsonNode variables = root.get("variables");
        if (variables != null && !variables.isNull()) {
            requireObject(variables, "\"variables\"").fieldNames().forEachRemaining(declared::add);
        }
        Set<String> sensitive = new LinkedHashSet<>();
        JsonNode sensitiveList = root.get("sensitive-variables");
        if (sensitiveList != null && !sensitiveList.isNull()) {
            if (!sensitiveList.isArray()) {
                throw new InvalidTemplateException("\"sensitive-variables\" must be a list of variable names");
            }
            for (JsonNode name : sensitiveList) {
                if (!name.isTextual()) {
                    throw new InvalidTemplateException("\"sensitive-variables\" must be a list of variable names");
                }
                sensitive.add(name.textValue());
            }
        }
        return new TemplateVariables(declared, sensitive);
    }

    /**
     * An HCL2 file in JSON syntax ({@code .pkr.json}): the labels of the {@code "variable"} blocks, written as an
     * object of NAME to body, or a list of such objects.
     */
    static TemplateVariables fromHclJson(JsonNode document) throws InvalidTemplateException {
        JsonNode root = requireObject(document, "the template");
        JsonNode variable = root.get("variable");
        Set<String> declared = new LinkedHashSet<>();
        Set<String> sensitive = new LinkedHashSet<>();
        if (variable == null || variable.isNull()) {
            return new TemplateVariables(declared, sensitive);
        }
        List<JsonNode> groups = new ArrayList<>();
        if (variable.isArray()) {
            variable.forEach(groups::add);
        } else {
            groups.add(variable);
        }
        for (JsonNode group : groups) {
            for (Map.Entry<String, JsonNode> e : requireObject(group, "\"variable\"").properties()) {
                declared.add(e.getKey());
                if (e.getValue().path("sensitive").booleanValue()) { // only a JSON true
                    sensitive.add(e.getKey());
                }
            }
        }
        return new TemplateVariables(declared, sensitive);
    }

    private static JsonNode requireObject(JsonNode value, String what) throws InvalidTemplateException {
        if (value.isObject()) {
            return value;
        }
        throw new InvalidTemplateException(what + " must be a JSON object");
    }

    /** The template's structure is not what Packer expects; the caller adds the template's name. */
    static final class InvalidTemplateException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidTemplateException(String message) {
            super(message);
        }
    }
}
