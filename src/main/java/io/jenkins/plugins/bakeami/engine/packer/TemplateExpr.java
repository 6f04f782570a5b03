package io.jenkins.plugins.bakeami.engine.packer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value of a Packer template as written, for the few settings the bake evaluates before Packer runs (the source
 * image, {@code ami_regions}, the copies' encryption): literals, lists, objects, variable references and strings
 * that interpolate them. Anything else (a function, a local, a conditional, Packer's own template functions) is
 * {@link Opaque}: it names itself as written, and evaluating it says it cannot be done without running Packer.
 *
 * <p>Evaluation gives a {@code String} (numbers too, as written), a {@code Boolean}, null, a {@code List} or a
 * {@code Map} of such values.
 */
sealed interface TemplateExpr {

    /** How variables are looked up while evaluating. */
    interface Variables {
        /** The value of variable {@code name}, referenced as {@code written}. */
        Object variable(String name, String written) throws UnevaluableException;

        /** The legacy {@code {{env `NAME`}}}: the variable of the environment Packer runs in, "" when unset. */
        String environment(String name);
    }

    Object evaluate(Variables variables) throws UnevaluableException;

    /** The expression as the user wrote it, for messages. */
    String written();

    record Literal(Object value, String written) implements TemplateExpr {
        @Override
        public Object evaluate(Variables variables) {
            return value;
        }
    }

    /** {@code var.NAME} (HCL2) or {@code {{user `NAME`}}} (legacy JSON). */
    record Variable(String name, String written) implements TemplateExpr {
        @Override
        public Object evaluate(Variables variables) throws UnevaluableException {
            return variables.variable(name, written);
        }
    }

    /** The legacy {@code {{env `NAME`}}}. */
    record Environment(String name, String written) implements TemplateExpr {
        @Override
        public Object evaluate(Variables variables) {
            return variables.environment(name);
        }
    }

    /**
     * A string with interpolations. As in HCL, one that is a single interpolation and nothing else gives that
     * value unchanged (a list stays a list); otherwise the parts are joined as text.
     */
    record Interpolation(List<TemplateExpr> parts, String written) implements TemplateExpr {
        @Override
        public Object evaluate(Variables variables) throws UnevaluableException {
            if (parts.size() == 1) {
                return parts.get(0).evaluate(variables);
            }
            StringBuilder text = new StringBuilder();
            for (TemplateExpr part : parts) {
                Object value = part.evaluate(variables);
                if (value instanceof List || value instanceof Map) {
                    throw new UnevaluableException(part.written(), "a list or an object inside a string");
                }
                text.append(value == null ? "" : value);
            }
            return text.toString();
        }
    }

    record ListOf(List<TemplateExpr> items, String written) implements TemplateExpr {
        @Override
        public Object evaluate(Variables variables) throws UnevaluableException {
            List<Object> values = new ArrayList<>();
            for (TemplateExpr item : items) {
                values.add(item.evaluate(variables));
            }
            return values;
        }
    }

    record ObjectOf(Map<String, TemplateExpr> fields, String written) implements TemplateExpr {
        @Override
        public Object evaluate(Variables variables) throws UnevaluableException {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, TemplateExpr> field : fields.entrySet()) {
                values.put(field.getKey(), field.getValue().evaluate(variables));
            }
            return values;
        }
    }

    /** What only Packer can evaluate; {@code what} says what it is ("a function call", "a local value"...). */
    record Opaque(String written, String what) implements TemplateExpr {
        @Override
        public Object evaluate(Variables variables) throws UnevaluableException {
            throw new UnevaluableException(written, what);
        }
    }
}
