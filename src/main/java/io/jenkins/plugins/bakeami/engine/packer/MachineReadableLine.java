package io.jenkins.plugins.bakeami.engine.packer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code packer -machine-readable} output: {@code TIMESTAMP,TARGET,TYPE,DATA...}. Packer
 * ({@code MachineReadableUi.Machine} in {@code packer/ui.go}) escapes inside each data field a comma as
 * {@code %!(PACKER_COMMA)}, a carriage return as the two characters {@code \r} and a newline as {@code \n}, then
 * joins the fields with commas; {@link #data()} holds the fields unescaped. The target is empty for output that
 * belongs to no build (all {@code ui} lines, whose text already names the build).
 */
public record MachineReadableLine(long timestamp, String target, String type, List<String> data) {

    static final String COMMA = "%!(PACKER_COMMA)";

    public MachineReadableLine {
        data = Collections.unmodifiableList(new ArrayList<>(data));
    }

    /** The parsed line, or empty if {@code raw} is not machine-readable output (e.g. a crash message). */
    public static Optional<MachineReadableLine> parse(String raw) {
        String[] fields = raw.split(",", -1);
        if (fields.length < 3 || fields[0].isEmpty() || fields[0].length() > 18 || fields[2].isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < fields[0].length(); i++) {
            char c = fields[0].charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
        }
        List<String> data = new ArrayList<>(fields.length - 3);
        for (int i = 3; i < fields.length; i++) {
            data.add(unescape(fields[i]));
        }
        return Optional.of(new MachineReadableLine(Long.parseLong(fields[0]), fields[1], fields[2], data));
    }

    /**
     * Reverses Packer's escaping of one field. A message that itself held a backslash followed by {@code n} cannot
     * be told apart from an escaped newline; like every reader of this format, it becomes a newline.
     */
    public static String unescape(String field) {
        if (field.indexOf('%') < 0 && field.indexOf('\\') < 0) {
            return field;
        }
        return field.replace(COMMA, ",").replace("\\n", "\n").replace("\\r", "\r");
    }

    /** The escaped form of a text as Packer writes it in a field (used to mask secrets in raw lines). */
    static String escape(String text) {
        return text.replace(",", COMMA).replace("\r", "\\r").replace("\n", "\\n");
    }

    /** {@code ui} lines carry what Packer shows a person: {@code say}, {@code message} or {@code error}. */
    public boolean isUi() {
        return type.equals("ui") && data.size() >= 2;
    }

    /** For a ui line: {@code say}, {@code message} or {@code error}. */
    public String uiKind() {
        return isUi() ? data.get(0) : "";
    }

    /** For a ui line: its text, unescaped (may span several lines). */
    public String uiText() {
        return isUi() ? String.join(",", data.subList(1, data.size())) : "";
    }
}
