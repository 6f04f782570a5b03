package io.jenkins.plugins.bakeami.engine.packer;

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
    static TemplateVariables fromLegacyJson(Object document) throws InvalidTemplateException {
        Map<?, ?> root = asObject(document, "the template");
        Set<String> declared = new LinkedHashSet<>();
        Object variables = root.get("variables");
        if (variables != null) {
            for (Object key : asObject(variables, "\"variables\"").keySet()) {
                declared.add((String) key);
            }
        }
        Set<String> sensitive = new LinkedHashSet<>();
        Object sensitiveList = root.get("sensitive-variables");
        if (sensitiveList != null) {
            if (!(sensitiveList instanceof List<?> list)) {
                throw new InvalidTemplateException("\"sensitive-variables\" must be a list of variable names");
            }
            for (Object name : list) {
                if (!(name instanceof String s)) {
                    throw new InvalidTemplateException("\"sensitive-variables\" must be a list of variable names");
                }
                sensitive.add(s);
            }
        }
        return new TemplateVariables(declared, sensitive);
    }

    /**
     * An HCL2 file in JSON syntax ({@code .pkr.json}): the labels of the {@code "variable"} blocks, written as an
     * object of NAME to body, or a list of such objects.
     */
    static TemplateVariables fromHclJson(Object document) throws InvalidTemplateException {
        Map<?, ?> root = asObject(document, "the template");
        Object variable = root.get("variable");
        Set<String> declared = new LinkedHashSet<>();
        Set<String> sensitive = new LinkedHashSet<>();
        if (variable == null) {
            return new TemplateVariables(declared, sensitive);
        }
        List<?> groups = variable instanceof List<?> list ? list : List.of(variable);
        for (Object group : groups) {
            for (Map.Entry<?, ?> e : asObject(group, "\"variable\"").entrySet()) {
                String name = (String) e.getKey();
                declared.add(name);
                if (e.getValue() instanceof Map<?, ?> body && Boolean.TRUE.equals(body.get("sensitive"))) {
                    sensitive.add(name);
                }
            }
        }
        return new TemplateVariables(declared, sensitive);
    }

    private static Map<?, ?> asObject(Object value, String what) throws InvalidTemplateException {
        if (value instanceof Map<?, ?> map) {
            return map;
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
