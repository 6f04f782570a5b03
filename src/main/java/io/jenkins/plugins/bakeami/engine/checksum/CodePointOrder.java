package io.jenkins.plugins.bakeami.engine.checksum;

import java.util.Comparator;

/**
 * Orders strings by Unicode code point, as Python's {@code str} sort does. {@link String#compareTo} compares UTF-16
 * units, which puts a supplementary character (a surrogate pair, U+D800..U+DFFF units) before U+E000..U+FFFF;
 * code-point order puts it after. A lone surrogate (an undecodable byte, see {@link FileNames}) counts as its own
 * code point, again as in Python.
 */
final class CodePointOrder implements Comparator<String> {
    static final CodePointOrder INSTANCE = new CodePointOrder();

    private CodePointOrder() {
    }

    /**
     * True when {@code text} has no UTF-16 surrogate. Between two such strings {@link String#compareTo} orders as
     * this comparator does (UTF-16 units and code points then agree), and faster: the JDK compares them in bulk.
     */
    static boolean isSurrogateFree(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                if (ca < Character.MIN_SURROGATE && cb < Character.MIN_SURROGATE) {
                    return ca - cb;
                }
                // The common prefix may end in the high half of a pair both strings share: compare whole code points.
                int start = i > 0 && Character.isHighSurrogate(a.charAt(i - 1)) ? i - 1 : i;
                int cpa = a.codePointAt(start);
                int cpb = b.codePointAt(start);
                return cpa != cpb ? Integer.compare(cpa, cpb) : Integer.compare(ca, cb);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
