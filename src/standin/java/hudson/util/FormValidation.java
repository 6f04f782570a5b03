// Compile-time stand-in, never packaged (docs/architecture.md). Checked against jenkinsci/jenkins
// core/src/main/java/hudson/util/FormValidation.java. Declares only what bakeAmi uses. Behaviour kept for the
// default build's tests, as in the real class: a kind, and the message HTML-escaped as hudson.Util.escape does
// (getMessage() is that escaped text); error(null) / warning(null) / ok(null) are ok().
// Its real supertype IOException is kept; HttpResponse (stapler) is left out: the stapler jar on Central (1.263)
// is older than 2.528.1's and bakeAmi never calls it.
package hudson.util;

import java.io.IOException;

public abstract class FormValidation extends IOException {
    public enum Kind {
        OK,
        WARNING,
        ERROR
    }

    public final Kind kind;

    private FormValidation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static FormValidation ok() {
        return OK;
    }

    public static FormValidation ok(String message) {
        return of(Kind.OK, message);
    }

    public static FormValidation warning(String message) {
        return of(Kind.WARNING, message);
    }

    public static FormValidation error(String message) {
        return of(Kind.ERROR, message);
    }

    public abstract String renderHtml();

    private static final FormValidation OK = new Plain(Kind.OK, null);

    private static FormValidation of(Kind kind, String message) {
        return message == null ? OK : new Plain(kind, escape(message));
    }

    private static final class Plain extends FormValidation {
        Plain(Kind kind, String escapedMessage) {
            super(kind, escapedMessage);
        }

        @Override
        public String renderHtml() {
            return getMessage() == null ? "<div/>" : getMessage();
        }

        @Override
        public String toString() {
            return kind + ": " + getMessage();
        }

        private static final long serialVersionUID = 1L;
    }

    private static String escape(String text) {
        StringBuilder buf = new StringBuilder(text.length() + 64);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\n') {
                buf.append("<br>");
            } else if (ch == '<') {
                buf.append("&lt;");
            } else if (ch == '>') {
                buf.append("&gt;");
            } else if (ch == '&') {
                buf.append("&amp;");
            } else if (ch == '"') {
                buf.append("&quot;");
            } else if (ch == '\'') {
                buf.append("&#039;");
            } else if (ch == ' ') {
                char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                buf.append(next == ' ' ? "&nbsp;" : " ");
            } else {
                buf.append(ch);
            }
        }
        return buf.toString();
    }

    private static final long serialVersionUID = 1L;
}
