package io.jenkins.plugins.bakeami.engine.packer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
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

    enum Type { IDENT, STRING, OPEN_BRACE, CLOSE_BRACE, EQUALS, NEWLINE, OTHER }

    /**
     * One token; a string's text is what stands between its quotes, as written (escapes and interpolations
     * untouched). {@code start} and {@code end} are its offsets in the source, so that an expression can be quoted
     * exactly as the user wrote it.
     */
    record Token(Type type, String text, int start, int end) {
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

    private static boolean isLabel(Token t) {
        return t.type() == Type.STRING || t.type() == Type.IDENT;
    }

    private static boolean isAttribute(List<Token> tokens, int i) {
        return i + 1 < tokens.size() && tokens.get(i + 1).type() == Type.EQUALS;
    }

    /** The tokens of {@code text}: what {@link HclExpressions} reads values from. */
    static List<Token> tokens(String text) throws HclSyntaxException {
        return new HclVariableScanner(text).tokenize();
    }

    private List<Token> tokenize() throws HclSyntaxException {
        List<Token> tokens = new ArrayList<>();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            int start = pos;
            if (c == '\n') {
                pos++;
                tokens.add(new Token(Type.NEWLINE, "\n", start, pos));
                line++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#' || text.startsWith("//", pos)) {
                skipToEndOfLine();
            } else if (text.startsWith("/*", pos)) {
                skipBlockComment();
            } else if (c == '"') {
                String quoted = readQuoted();
                tokens.add(new Token(Type.STRING, quoted, start, pos));
            } else if (text.startsWith("<<", pos) && isHeredocStart()) {
                skipHeredoc();
                tokens.add(new Token(Type.OTHER, "<<", start, pos));
            } else if (c == '{') {
                pos++;
                tokens.add(new Token(Type.OPEN_BRACE, "{", start, pos));
            } else if (c == '}') {
                pos++;
                tokens.add(new Token(Type.CLOSE_BRACE, "}", start, pos));
            } else if (c == '=') {
                char next = pos + 1 < text.length() ? text.charAt(pos + 1) : ' ';
                boolean operator = next == '=' || next == '>'; // "==" and "=>" are not assignments
                pos += operator ? 2 : 1;
                tokens.add(new Token(operator ? Type.OTHER : Type.EQUALS, text.substring(start, pos), start, pos));
            } else if (c == '!' || c == '<' || c == '>') {
                // '!=', '<=', '>=' must not leave a lone '=' behind
                pos += pos + 1 < text.length() && text.charAt(pos + 1) == '=' ? 2 : 1;
                tokens.add(new Token(Type.OTHER, text.substring(start, pos), start, pos));
            } else if (isIdentStart(c)) {
                while (pos < text.length() && isIdentPart(text.charAt(pos))) {
                    pos++;
                }
                tokens.add(new Token(Type.IDENT, text.substring(start, pos), start, pos));
            } else {
                pos++;
                tokens.add(new Token(Type.OTHER, String.valueOf(c), start, pos));
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
