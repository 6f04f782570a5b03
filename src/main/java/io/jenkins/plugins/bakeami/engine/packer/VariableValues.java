package io.jenkins.plugins.bakeami.engine.packer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values of a template's variables as Packer 1.6.6 sets them, last one winning: the declaration's default, then
 * (HCL2) {@code PKR_VAR_NAME} of the environment, then the var files in order, then the {@code -var}s. A value given
 * as text (a {@code -var}, {@code PKR_VAR_}) for an HCL2 variable whose type is not {@code string} is read as an
 * HCL expression, as Packer reads it ({@code -var 'regions=["us-west-2"]'}).
 */
final class VariableValues implements TemplateExpr.Variables {
    private static final String ENVIRONMENT_PREFIX = "PKR_VAR_";

    /** A declared variable: its default (null: none) and, for HCL2, its type as written (null: none). */
    record Declaration(TemplateExpr defaultValue, String type) {
    }

    private final PackerTemplate.Kind kind;
    private final Map<String, Declaration> declarations;
    private final Map<String, String> given;
    private final List<Map<String, TemplateExpr>> varFiles;
    private final Map<String, String> environment;
    private final Map<String, String> knownLater;
    private final Set<String> evaluating = new HashSet<>();

    /**
     * @param given      the {@code -var}s, the bake's own among them
     * @param knownLater variables whose value is known only later (the checksum's), with what they are
     */
    VariableValues(PackerTemplate.Kind kind, Map<String, Declaration> declarations, Map<String, String> given,
            List<Path> varFiles, Map<String, String> environment, Map<String, String> knownLater)
            throws PackerException {
        this.kind = kind;
        this.declarations = Collections.unmodifiableMap(new LinkedHashMap<>(declarations));
        this.given = Map.copyOf(given);
        this.varFiles = new ArrayList<>();
        for (Path file : varFiles) {
            this.varFiles.add(PackerVarFile.expressions(file));
        }
        this.environment = Map.copyOf(environment);
        this.knownLater = Map.copyOf(knownLater);
    }

    @Override
    public Object variable(String name, String written) throws UnevaluableException {
        if (knownLater.containsKey(name)) {
            throw new UnevaluableException(written, knownLater.get(name));
        }
        Declaration declaration = declarations.get(name);
        if (declaration == null) {
            throw new UnevaluableException(written, "a variable the template does not declare");
        }
        if (!evaluating.add(name)) {
            throw new UnevaluableException(written, "a variable whose value refers to itself");
        }
        try {
            return value(name, declaration, written);
        } finally {
            evaluating.remove(name);
        }
    }

    private Object value(String name, Declaration declaration, String written) throws UnevaluableException {
        if (given.containsKey(name)) {
            return text(given.get(name), declaration, "-var " + name);
        }
        for (int i = varFiles.size() - 1; i >= 0; i--) {
            TemplateExpr value = varFiles.get(i).get(name);
            if (value != null) {
                return value.evaluate(this);
            }
        }
        String fromEnvironment = environment.get(ENVIRONMENT_PREFIX + name);
        if (kind == PackerTemplate.Kind.HCL2 && fromEnvironment != null) {
            return text(fromEnvironment, declaration, ENVIRONMENT_PREFIX + name);
        }
        Object value = declaration.defaultValue() == null ? null : declaration.defaultValue().evaluate(this);
        if (value == null) {
            throw new UnevaluableException(written, "a variable without a value: give it one");
        }
        return value;
    }

    private Object text(String value, Declaration declaration, String source) throws UnevaluableException {
        String type = declaration.type() == null ? "string" : declaration.type().strip();
        if (kind != PackerTemplate.Kind.HCL2 || type.equals("string")) {
            return value;
        }
        try {
            List<HclVariableScanner.Token> tokens = HclVariableScanner.tokens(value);
            return HclExpressions.parse(tokens, 0, tokens.size(), value).evaluate(this);
        } catch (HclVariableScanner.HclSyntaxException e) {
            throw new UnevaluableException(value, "the value of " + source + ", not an HCL value of type " + type);
        }
    }

    @Override
    public String environment(String name) {
        return environment.getOrDefault(name, "");
    }
}
