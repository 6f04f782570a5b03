package io.jenkins.plugins.bakeami.tools.ec2;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** Writes the XML of an EC2 response: nested elements, escaped text, nothing else. */
final class XmlWriter {
    static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final StringBuilder out = new StringBuilder(1024);
    private final Deque<String> open = new ArrayDeque<>();

    XmlWriter() {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    /** Opens the document element {@code <ActionResponse xmlns="...">} and writes the request id. */
    static XmlWriter response(String action, String requestId) {
        XmlWriter xml = new XmlWriter();
        xml.out.append('<').append(action).append("Response xmlns=\"").append(NAMESPACE).append("\">");
        xml.open.push(action + "Response");
        xml.element("requestId", requestId);
        return xml;
    }

    /** Opens the document element {@code <root xmlns="namespace">} (STS's documents). */
    static XmlWriter document(String root, String namespace) {
        XmlWriter xml = new XmlWriter();
        xml.out.append('<').append(root).append(" xmlns=\"").append(namespace).append("\">");
        xml.open.push(root);
        return xml;
    }

    XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** Writes {@code <name>value</name>}; writes nothing when the value is null. */
    XmlWriter element(String name, Object value) {
        if (value == null) {
            return this;
        }
        String text = value instanceof Instant ? Timestamps.format((Instant) value) : String.valueOf(value);
        out.append('<').append(name).append('>');
        escape(text);
        out.append("</").append(name).append('>');
        return this;
    }

    /** Closes every open element and returns the document. */
    String finish() {
        while (!open.isEmpty()) {
            end();
        }
        return out.toString();
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\'':
                    out.append("&apos;");
                    break;
                case '\r':
                    out.append("&#13;");
                    break;
                default:
                    // XML 1.0 cannot carry other control characters, not even escaped
                    boolean allowed = c >= 0x20 || c == '\n' || c == '\t';
                    out.append(allowed && c != 0xFFFE && c != 0xFFFF ? c : '\uFFFD');
            }
        }
    }

    /** The EC2 error document. */
    static String error(String code, String message, String requestId) {
        XmlWriter xml = new XmlWriter();
        xml.start("Response").start("Errors").start("Error");
        xml.element("Code", code).element("Message", message);
        xml.end().end();
        xml.element("RequestID", requestId);
        return xml.finish();
    }
}
