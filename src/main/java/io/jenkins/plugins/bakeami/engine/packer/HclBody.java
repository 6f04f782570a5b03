package io.jenkins.plugins.bakeami.engine.packer;

import io.jenkins.plugins.bakeami.engine.packer.HclVariableScanner.Token;
import io.jenkins.plugins.bakeami.engine.packer.HclVariableScanner.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The structure of an HCL2 file or block body: its attributes ({@code NAME = value}, read by {@link HclExpressions})
 * and its blocks ({@code TYPE "label"... { body }}), nested. Enough to find a template's sources, variables and
 * builds, and a var file's values; a construct it does not know is skipped to the end of its line.
 */
record HclBody(Map<String, TemplateExpr> attributes, List<HclBody.Block> blocks) {

    record Block(String type, List<String> labels, HclBody body) {
    }

    static HclBody parse(String text) throws HclVariableScanner.HclSyntaxException {
        List<Token> tokens = HclVariableScanner.tokens(text);
        return parse(tokens, 0, tokens.size(), text);
    }

    /** The blocks of one type, in order. */
    List<Block> blocks(String type) {
        return blocks.stream().filter(b -> b.type().equals(type)).toList();
    }

    /** The attributes, with each nested block as an object of its attributes (the last one of a repeated type). */
    Map<String, TemplateExpr> asObject() {
        Map<String, TemplateExpr> fields = new LinkedHashMap<>(attributes);
        for (Block block : blocks) {
            fields.put(block.type(), new TemplateExpr.ObjectOf(block.body().asObject(), block.type() + " { ... }"));
        }
        return fields;
    }

    private static HclBody parse(List<Token> tokens, int from, int to, String source) {
        Map<String, TemplateExpr> attributes = new LinkedHashMap<>();
        List<Block> blocks = new ArrayList<>();
        int i = from;
        while (i < to) {
            Token t = tokens.get(i);
            if (t.type() == Type.NEWLINE) {
                i++;
                continue;
            }
            if (t.type() != Type.IDENT) {
                i = nextLine(tokens, i, to);
                continue;
            }
            if (i + 1 < to && tokens.get(i + 1).type() == Type.EQUALS) {
                int end = Math.min(HclExpressions.valueEnd(tokens, i + 2), to);
                attributes.put(t.text(), HclExpressions.parse(tokens, i + 2, end, source));
                i = end;
                continue;
            }
            List<String> labels = new ArrayList<>();
            int j = i + 1;
            while (j < to && (tokens.get(j).type() == Type.STRING || tokens.get(j).type() == Type.IDENT)) {
                labels.add(tokens.get(j).text());
                j++;
            }
            int close = j < to && tokens.get(j).type() == Type.OPEN_BRACE ? closingBrace(tokens, j, to) : -1;
            if (close < 0) {
                i = nextLine(tokens, i, to);
                continue;
            }
            blocks.add(new Block(t.text(), labels, parse(tokens, j + 1, close, source)));
            i = close + 1;
        }
        return new HclBody(attributes, blocks);
    }

    private static int closingBrace(List<Token> tokens, int open, int to) {
        int depth = 0;
        for (int i = open; i < to; i++) {
            Type type = tokens.get(i).type();
            depth += type == Type.OPEN_BRACE ? 1 : type == Type.CLOSE_BRACE ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int nextLine(List<Token> tokens, int i, int to) {
        int end = HclExpressions.valueEnd(tokens, i + 1);
        return Math.max(i + 1, Math.min(end, to));
    }
}
