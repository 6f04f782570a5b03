package io.jenkins.plugins.bakeami.engine.packer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A JSON value of a template or var file as a {@link TemplateExpr}; the three kinds of JSON Packer reads differ only
 * in what a string is: a Go template in a legacy template, an HCL template ({@code ${...}}) in a {@code .pkr.json}
 * file, plain text in a var file.
 */
final class JsonExpressions {
    private JsonExpressions() {}

    static TemplateExpr legacy(JsonNode value) {
        return convert(value, GoTemplateText::parse);
    }

    static TemplateExpr hclJson(JsonNode value) {
        return convert(value, text -> HclExpressions.template(text, false, text));
    }

    static TemplateExpr literal(JsonNode value) {
        return convert(value, text -> new TemplateExpr.Literal(text, text));
    }

    private static TemplateExpr convert(JsonNode value, Function<String, TemplateExpr> string) {
        String written = value.toString();
        if (value.isTextual()) {
            return string.apply(value.textValue());
        }
        if (value.isBoolean()) {
            return new TemplateExpr.Literal(value.booleanValue(), written);
        }
        if (value.isNumber()) {
            return new TemplateExpr.Literal(value.asText(), written);
        }
        if (value.isArray()) {
            List<TemplateExpr> items = new ArrayList<>();
            value.forEach(item -> items.add(convert(item, string)));
            return new TemplateExpr.ListOf(items, written);
        }
        if (value.isObject()) {
            Map<String, TemplateExpr> fields = new LinkedHashMap<>();
            value.properties().forEach(field -> fields.put(field.getKey(), convert(field.getValue(), string)));
            return new TemplateExpr.ObjectOf(fields, written);
        }
        return new TemplateExpr.Literal(null, written);
    }
}
