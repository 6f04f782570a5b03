package io.jenkins.plugins.bakeami.engine.packer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the variables an HCL2 ({@code .pkr.hcl}) file declares, without a full HCL parser: {@code variable "NAME"
 * { ... }} blocks at the top level (and the attributes of Packer 1.5's top-level {@code variables { NAME = ... }}
 * block), plus which of them say {@code sensitive = true}. The tokenizer knows enough of HCL's lexical rules
 * (comments, quoted templates with {@code ${...}} interpolation, heredocs, braces) that text inside strings,
 * comments and expressions is never mistaken for a declaration. Everything else is Packer's to judge in
 * {@code packer validate}.
 */
final class HclVariableScanner {

    /** The text is not lexically valid HCL (e.g. an unterminated string); the message names the line. */
    static final class HclSyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        HclSyntaxException(String message) {
            super(message);
        }
    }

    private enum Type { IDENT, STRING, OPEN_BRACE, CLOSE_BRACE, EQUALS, NEWLINE, OTHER }

    private record Token(Type type, String text) {
    }

    /** What a brace opened: only these two kinds of block hold declarations. */
    private enum Block { VARIABLE, VARIABLES, OTHER }

    private final String text;
    private int pos;
    private int line = 1;

    private HclVariableScanner(String text) {
        this.text = text;
    }

    /** The variables {@code text} declares, in order of appearance. */
    static TemplateVariables scan(String text) throws HclSyntaxException {
        List<Token> tokens = new HclVariableScanner(text).tokenize();
        Set<String> declared = new LinkedHashSet<>();
        Set<String> sensitive = new LinkedHashSet<>();
        Deque<Block> open = new ArrayDeque<>();
        Deque<String> openVariable = new ArrayDeque<>();
        Block pending = Block.OTHER;
        String pendingName = null;
        boolean lineStart = true;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            switch (t.type()) {
                case NEWLINE:
                    lineStart = true;
                    continue;
                case OPEN_BRACE:
                    open.push(pending);
                    openVariable.push(pendingName == null ? "" : pendingName);
                    pending = Block.OTHER;
                    pendingName = null;
                    lineStart = true;
                    continue;
                case CLOSE_BRACE:
                    if (!open.isEmpty()) {
                        open.pop();
                        openVariable.pop();
                    }
                    lineStart = true;
                    continue;
                default:
                    break;
            }
            if (!lineStart) {
                continue;
            }
            lineStart = false;
            if (t.type() != Type.IDENT) {
                continue;
            }
            if (open.isEmpty()) {
                // A block header: TYPE LABEL* '{'
                List<String> labels = new ArrayList<>();
                int j = i + 1;
                while (j < tokens.size() && isLabel(tokens.get(j))) {
                    labels.add(tokens.get(j).text());
                    j++;
                }
                if (j < tokens.size() && tokens.get(j).type() == Type.OPEN_BRACE) {
                    if (t.text().equals("variable") && labels.size() == 1) {
                        pending = Block.VARIABLE;
                        pendingName = labels.get(0);
                        declared.add(pendingName);
                    } else if (t.text().equals("variables") && labels.isEmpty()) {
                        pending = Block.VARIABLES;
                    }
                }
            } else if (open.size() == 1 && isAttribute(tokens, i)) {
                if (open.peek() == Block.VARIABLES) {
                    declared.add(t.text());
                } else if (open.peek() == Block.VARIABLE && t.text().equals("sensitive")
                        && i + 2 < tokens.size() && tokens.get(i + 2).type() == Type.IDENT
                        && tokens.get(i + 2).text().equals("true")) {
                    sensitive.add(openVariable.peek());
                }
            }
        }
        return new TemplateVariables(declared, sensitive);
    }

    /**
     * The top-level attributes of a var file ({@code NAME = "value"} lines of a {@code .pkrvars.hcl}): each name with
     * the text of its value when that is a plain quoted string, else with null (an expression, a number, a list...).
     */
    static Map<String, String> assignments(String text) throws HclSyntaxException {
        List<Token> tokens = new HclVariableScanner(text).tokenize();
        Map<String, String> assigned = new LinkedHashMap<>();
        int depth = 0;
        boolean lineStart = true;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean first = lineStart;
            lineStart = t.type() == Type.NEWLINE;
            if (t.type() == Type.OPEN_BRACE) {
                depth++;
            } else if (t.type() == Type.CLOSE_BRACE) {
                depth = Math.max(0, depth - 1);
            } else if (first && depth == 0 && t.type() == Type.IDENT && isAttribute(tokens, i)) {
                assigned.put(t.text(), plainString(tokens, i + 2));
            }
        }
        return assigned;
    }

    /**
     * Whether {@code text} declares Packer plugins: a {@code required_plugins} block inside the top-level
     * {@code packer} block (Packer 1.7's {@code packer init} installs them).
     */
    static boolean declaresRequiredPlugins(String text) throws HclSyntaxException {
        List<Token> tokens = new HclVariableScanner(text).tokenize();
        Deque<String> open = new ArrayDeque<>(); // the type of each open block ("" for other braces)
        boolean lineStart = true;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean first = lineStart;
            lineStart = t.type() == Type.NEWLINE || t.type() == Type.OPEN_BRACE || t.type() == Type.CLOSE_BRACE;
            if (t.type() == Type.OPEN_BRACE) {
                open.push("");
            } else if (t.type() == Type.CLOSE_BRACE) {
                open.poll();
            } else if (first && t.type() == Type.IDENT && i + 1 < tokens.size()
                    && tokens.get(i + 1).type() == Type.OPEN_BRACE) {
                if (open.isEmpty() && t.text().equals("packer")) {
                    open.push("packer");
                    i++;
                } else if (open.size() == 1 && "packer".equals(open.peek()) && t.text().equals("required_plugins")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The text of a quoted string that is the whole value (no interpolation, no escape), else null. */
    private static String plainString(List<Token> tokens, int i) {
        boolean alone = i + 1 >= tokens.size() || tokens.get(i + 1).type() == Type.NEWLINE;
        if (i >= tokens.size() || tokens.get(i).type() != Type.STRING || !alone) {
            return null;
        }
        String value = tokens.get(i).text();
        return value.contains("${") || value.contains("%{") || value.contains("\\") ? null : value;
    }

    private static boolean isLabel(Token t) {
        return t.type() == Type.STRING || t.type() == Type.IDENT;
    }

    private static boolean isAttribute(List<Token> tokens, int i) {
        return i + 1 < tokens.size() && tokens.get(i + 1).type() == Type.EQUALS;
    }

    private List<Token> tokenize() throws HclSyntaxException {
        List<Token> tokens = new ArrayList<>();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                tokens.add(new Token(Type.NEWLINE, "\n"));
                pos++;
                line++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#' || text.startsWith("//", pos)) {
                skipToEndOfLine();
            } else if (text.startsWith("/*", pos)) {
                skipBlockComment();
            } else if (c == '"') {
                tokens.add(new Token(Type.STRING, readQuoted()));
            } else if (text.startsWith("<<", pos) && isHeredocStart()) {
                skipHeredoc();
                tokens.add(new Token(Type.OTHER, "<<"));
            } else if (c == '{') {
                tokens.add(new Token(Type.OPEN_BRACE, "{"));
                pos++;
            } else if (c == '}') {
                tokens.add(new Token(Type.CLOSE_BRACE, "}"));
                pos++;
            } else if (c == '=') {
                char next = pos + 1 < text.length() ? text.charAt(pos + 1) : ' ';
                boolean operator = next == '=' || next == '>'; // "==" and "=>" are not assignments
                tokens.add(new Token(operator ? Type.OTHER : Type.EQUALS, "="));
                pos += operator ? 2 : 1;
            } else if (c == '!' || c == '<' || c == '>') {
                // '!=', '<=', '>=' must not leave a lone '=' behind
                pos += pos + 1 < text.length() && text.charAt(pos + 1) == '=' ? 2 : 1;
                tokens.add(new Token(Type.OTHER, String.valueOf(c)));
            } else if (isIdentStart(c)) {
                int start = pos;
                while (pos < text.length() && isIdentPart(text.charAt(pos))) {
                    pos++;
                }
                tokens.add(new Token(Type.IDENT, text.substring(start, pos)));
            } else {
                tokens.add(new Token(Type.OTHER, String.valueOf(c)));
                pos++;
            }
        }
        return tokens;
    }

    private void skipToEndOfLine() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void skipBlockComment() throws HclSyntaxException {
        int startLine = line;
        int end = text.indexOf("*/", pos + 2);
        if (end < 0) {
            throw new HclSyntaxException("unterminated /* comment starting on line " + startLine);
        }
        countLines(pos, end + 2);
        pos = end + 2;
    }

    /**
     * Reads a quoted template starting at the opening quote and returns its text between the quotes. Interpolations
     * ({@code ${...}}, {@code %{...}}) may hold nested strings and braces, which are skipped as a unit.
     */
    private String readQuoted() throws HclSyntaxException {
        int startLine = line;
        int start = ++pos;
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw new HclSyntaxException("unterminated string on line " + startLine);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return text.substring(start, pos - 1);
            }
            if (c == '\\') {
                pos += 2;
            } else if ((c == '$' || c == '%') && text.startsWith("{", pos + 1)) {
                pos += 2;
                skipInterpolation(startLine);
            } else if ((c == '$' || c == '%') && pos + 2 < text.length() && text.charAt(pos + 1) == c
                    && text.charAt(pos + 2) == '{') {
                pos += 3; // "$${" and "%%{" are literal text
            } else {
                pos++;
            }
        }
    }

    /** Skips an interpolation body up to and including its closing brace. */
    private void skipInterpolation(int startLine) throws HclSyntaxException {
        int depth = 1;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                readQuoted();
                continue;
            }
            if (c == '\n') {
                line++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                pos++;
                return;
            }
            pos++;
        }
        throw new HclSyntaxException("unterminated ${ interpolation in the string on line " + startLine);
    }

    private boolean isHeredocStart() {
        int p = pos + 2;
        if (p < text.length() && text.charAt(p) == '-') {
            p++;
        }
        return p < text.length() && isIdentStart(text.charAt(p));
    }

    /** Skips {@code <<ID} / {@code <<-ID} up to the line that holds only ID. */
    private void skipHeredoc() throws HclSyntaxException {
        int startLine = line;
        pos += 2;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        int idStart = pos;
        while (pos < text.length() && isIdentPart(text.charAt(pos))) {
            pos++;
        }
        String id = text.substring(idStart, pos);
        skipToEndOfLine();
        while (pos < text.length()) {
            pos++; // the newline
            line++;
            int lineStart = pos;
            skipToEndOfLine();
            if (text.substring(lineStart, pos).strip().equals(id)) {
                return;
            }
        }
        throw new HclSyntaxException("unterminated heredoc <<" + id + " starting on line " + startLine);
    }

    private void countLines(int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '-';
    }
}
