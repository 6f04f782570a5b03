package io.jenkins.plugins.bakeami.engine.packer;

import io.jenkins.plugins.bakeami.engine.packer.HclVariableScanner.Token;
import io.jenkins.plugins.bakeami.engine.packer.HclVariableScanner.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an HCL2 value from {@link HclVariableScanner}'s tokens into a {@link TemplateExpr}: quoted strings (with
 * their escapes and {@code ${...}} interpolations), {@code true}/{@code false}/{@code null}, numbers,
 * {@code var.NAME}, lists and objects. Everything else (functions, locals, conditionals, indexes, heredocs,
 * {@code %{...}} directives) becomes an {@link TemplateExpr.Opaque} quoting the text as written, item by item, so
 * that a message names exactly the part that only Packer can evaluate. Never fails on valid HCL.
 */
final class HclExpressions {
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final List<Token> tokens;
    private final String source;

    private HclExpressions(List<Token> tokens, String source) {
        this.tokens = tokens;
        this.source = source;
    }

    /** The value made of {@code tokens[from, to)} of {@code source}. */
    static TemplateExpr parse(List<Token> tokens, int from, int to, String source) {
        return new HclExpressions(tokens, source).span(from, to);
    }

    /**
     * Where the value of an attribute that starts at {@code from} ends (exclusive): at the line's end, or at the
     * brace that closes the block it stands in, outside brackets.
     */
    static int valueEnd(List<Token> tokens, int from) {
        int depth = 0;
        for (int i = from; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (depth == 0 && (t.type() == Type.NEWLINE || t.type() == Type.CLOSE_BRACE)) {
                return i;
            }
            depth += opens(t) ? 1 : closes(t) ? -1 : 0;
        }
        return tokens.size();
    }

    /**
     * A quoted template's text as written between its quotes: literal text and {@code ${...}} interpolations.
     *
     * @param escapes whether backslash escapes are to be read (native HCL; in a {@code .pkr.json} file JSON has
     *                decoded them already)
     */
    static TemplateExpr template(String raw, boolean escapes, String written) {
        List<TemplateExpr> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (escapes && c == '\\' && i + 1 < raw.length()) {
                i = escape(raw, i, literal);
            } else if (raw.startsWith("$${", i) || raw.startsWith("%%{", i)) {
                literal.append(c).append('{');
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int end = interpolationEnd(raw, i + 2);
                if (end < 0) {
                    return new TemplateExpr.Opaque(written, "an unterminated interpolation");
                }
                if (literal.length() > 0) {
                    parts.add(new TemplateExpr.Literal(literal.toString(), literal.toString()));
                    literal.setLength(0);
                }
                parts.add(interpolation(raw.substring(i + 2, end)));
                i = end + 1;
            } else if (raw.startsWith("%{", i)) {
                return new TemplateExpr.Opaque(written, "a template directive");
            } else {
                literal.append(c);
                i++;
            }
        }
        if (parts.isEmpty()) {
            return new TemplateExpr.Literal(literal.toString(), written);
        }
        if (literal.length() > 0) {
            parts.add(new TemplateExpr.Literal(literal.toString(), literal.toString()));
        }
        return new TemplateExpr.Interpolation(parts, written);
    }

    private TemplateExpr span(int from, int to) {
        while (from < to && tokens.get(from).type() == Type.NEWLINE) {
            from++;
        }
        while (to > from && tokens.get(to - 1).type() == Type.NEWLINE) {
            to--;
        }
        if (from >= to) {
            return new TemplateExpr.Opaque("", "an empty value");
        }
        Token first = tokens.get(from);
        String written = source.substring(first.start(), tokens.get(to - 1).end());
        int length = to - from;
        if (length == 1 && first.type() == Type.STRING) {
            return template(first.text(), true, written);
        }
        if (length == 1 && first.type() == Type.IDENT && List.of("true", "false", "null").contains(first.text())) {
            return new TemplateExpr.Literal(first.text().equals("null") ? null : Boolean.valueOf(first.text()),
                    written);
        }
        if (NUMBER.matcher(written).matches()) {
            return new TemplateExpr.Literal(written, written);
        }
        if (length == 3 && first.text().equals("var") && tokens.get(from + 1).text().equals(".")
                && tokens.get(from + 2).type() == Type.IDENT) {
            return new TemplateExpr.Variable(tokens.get(from + 2).text(), written);
        }
        if (matching(from) == to - 1 && first.text().equals("[")) {
            return list(from + 1, to - 1, written);
        }
        if (matching(from) == to - 1 && first.type() == Type.OPEN_BRACE) {
            return object(from + 1, to - 1, written);
        }
        return new TemplateExpr.Opaque(written, what(from, to));
    }

    private TemplateExpr list(int from, int to, String written) {
        List<TemplateExpr> items = new ArrayList<>();
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || tokens.get(i).text().equals(",")) {
                if (hasValue(start, i)) {
                    items.add(span(start, i));
                }
                start = i + 1;
            } else if (opens(tokens.get(i))) {
                i = matching(i);
                if (i < 0) {
                    return new TemplateExpr.Opaque(written, "an expression");
                }
            }
        }
        return new TemplateExpr.ListOf(items, written);
    }

    /** {@code KEY = VALUE} or {@code KEY: VALUE} items, each ended by a comma or a line break. */
    private TemplateExpr object(int from, int to, String written) {
        Map<String, TemplateExpr> fields = new LinkedHashMap<>();
        int i = from;
        while (i < to) {
            Token key = tokens.get(i);
            if (key.type() == Type.NEWLINE || key.text().equals(",")) {
                i++;
                continue;
            }
            boolean plainKey = key.type() == Type.IDENT
                    || key.type() == Type.STRING && !key.text().contains("${") && !key.text().contains("\\");
            if (!plainKey || i + 1 >= to
                    || tokens.get(i + 1).type() != Type.EQUALS && !tokens.get(i + 1).text().equals(":")) {
                return new TemplateExpr.Opaque(written, "an object whose keys are expressions");
            }
            int end = i + 2;
            while (end < to && tokens.get(end).type() != Type.NEWLINE && !tokens.get(end).text().equals(",")) {
                end = opens(tokens.get(end)) ? matching(end) + 1 : end + 1;
                if (end <= 0) {
                    return new TemplateExpr.Opaque(written, "an expression");
                }
            }
            fields.put(key.text(), span(i + 2, Math.min(end, to)));
            i = end;
        }
        return new TemplateExpr.ObjectOf(fields, written);
    }

    private boolean hasValue(int from, int to) {
        for (int i = from; i < to; i++) {
            if (tokens.get(i).type() != Type.NEWLINE) {
                return true;
            }
        }
        return false;
    }

    /** The index of the bracket that closes the one at {@code open}, or -1. */
    private int matching(int open) {
        if (!opens(tokens.get(open))) {
            return -1;
        }
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            depth += opens(t) ? 1 : closes(t) ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private String what(int from, int to) {
        Token first = tokens.get(from);
        if (first.text().equals("local")) {
            return "a local value";
        }
        if (first.type() == Type.OTHER && first.text().equals("<<")) {
            return "a heredoc";
        }
        for (int i = from; i < to; i++) {
            if (tokens.get(i).text().equals("?")) {
                return "a conditional";
            }
        }
        if (first.type() == Type.IDENT && from + 1 < to && tokens.get(from + 1).text().equals("(")) {
            return "a function call";
        }
        return "an expression";
    }

    private static boolean opens(Token t) {
        return t.type() == Type.OPEN_BRACE || t.text().equals("[") || t.text().equals("(");
    }

    private static boolean closes(Token t) {
        return t.type() == Type.CLOSE_BRACE || t.text().equals("]") || t.text().equals(")");
    }

    private static TemplateExpr interpolation(String inner) {
        String expression = inner;
        if (expression.startsWith("~")) {
            expression = expression.substring(1);
        }
        if (expression.endsWith("~")) {
            expression = expression.substring(0, expression.length() - 1);
        }
        try {
            List<Token> innerTokens = HclVariableScanner.tokens(expression);
            return parse(innerTokens, 0, innerTokens.size(), expression);
        } catch (HclVariableScanner.HclSyntaxException e) {
            return new TemplateExpr.Opaque(inner.strip(), "an expression");
        }
    }

    /** The index of the brace that ends an interpolation whose body starts at {@code from}, or -1. */
    private static int interpolationEnd(String raw, int from) {
        int depth = 1;
        boolean quoted = false;
        for (int i = from; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Reads the escape at {@code i} into {@code out}; returns the index after it. */
    private static int escape(String raw, int i, StringBuilder out) {
        char next = raw.charAt(i + 1);
        switch (next) {
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case '"', '\\' -> out.append(next);
            case 'u', 'U' -> {
                int digits = next == 'u' ? 4 : 8;
                if (i + 2 + digits <= raw.length()) {
                    try {
                        out.appendCodePoint(Integer.parseInt(raw.substring(i + 2, i + 2 + digits), 16));
                        return i + 2 + digits;
                    } catch (IllegalArgumentException e) {
                        // not an escape after all: kept as written below
                    }
                }
                out.append('\\').append(next);
            }
            default -> out.append('\\').append(next);
        }
        return i + 2;
    }
}
