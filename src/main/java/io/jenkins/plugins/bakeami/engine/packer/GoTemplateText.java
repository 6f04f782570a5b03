package io.jenkins.plugins.bakeami.engine.packer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A string of a legacy JSON template, which Packer reads as a Go template: text with {@code {{ ... }}} actions.
 * {@code {{user `NAME`}}} (or {@code "NAME"}) and {@code {{env `NAME`}}} are understood; any other action
 * ({@code {{timestamp}}}, {@code {{split ...}}}, ...) is {@link TemplateExpr.Opaque}.
 */
final class GoTemplateText {
    private static final Pattern CALL = Pattern.compile("(user|env)\\s+(?:`([^`]*)`|\"([^\"\\\\]*)\")");

    private GoTemplateText() {}

    static TemplateExpr parse(String text) {
        if (!text.contains("{{")) {
            return new TemplateExpr.Literal(text, text);
        }
        List<TemplateExpr> parts = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int open = text.indexOf("{{", pos);
            if (open < 0) {
                parts.add(new TemplateExpr.Literal(text.substring(pos), text.substring(pos)));
                break;
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                return new TemplateExpr.Opaque(text, "an unterminated {{ action");
            }
            String before = text.substring(pos, open);
            String action = text.substring(open + 2, close);
            // "{{-" and "-}}" trim the white space next to the action, as Go does
            if (action.startsWith("-")) {
                before = before.stripTrailing();
                action = action.substring(1);
            }
            pos = close + 2;
            if (action.endsWith("-")) {
                action = action.substring(0, action.length() - 1);
                while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                    pos++;
                }
            }
            if (!before.isEmpty()) {
                parts.add(new TemplateExpr.Literal(before, before));
            }
            parts.add(action(action.strip(), text.substring(open, close + 2)));
        }
        return new TemplateExpr.Interpolation(parts, text);
    }

    private static TemplateExpr action(String action, String written) {
        Matcher call = CALL.matcher(action);
        if (!call.matches()) {
            return new TemplateExpr.Opaque(written, "a Packer template function");
        }
        String name = call.group(2) != null ? call.group(2) : call.group(3);
        return call.group(1).equals("user") ? new TemplateExpr.Variable(name, written)
                : new TemplateExpr.Environment(name, written);
    }
}
