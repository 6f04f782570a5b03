package io.jenkins.plugins.bakeami.engine.packer;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Takes Packer's output one raw line at a time, as it is read: writes the line (secrets masked) to the raw log and
 * a bounded in-memory tail, and streams what a person wants to read to the caller's log, namely the text of the
 * {@code ui} lines, unescaped and masked, one call per text line, never the machine-readable framing. Lines that
 * are not machine-readable (a crash, plain error output) are streamed as they are. Along the way it collects the
 * artifacts, Packer's error messages and the resources Packer announced.
 */
public final class PackerOutput {

    static final int TAIL_LINES = 1000;
    static final int MAX_LINE_CHARS = 4000;
    static final int ERROR_ENTRIES = 30;

    private final Consumer<String> sink;
    private final SecretMasker masker;
    private final RawLog rawLog;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Deque<String> errors = new ArrayDeque<>();
    private final PackerArtifacts artifacts = new PackerArtifacts();
    private final PackerResourceTracker resources = new PackerResourceTracker();

    PackerOutput(Consumer<String> sink, SecretMasker masker, RawLog rawLog) {
        this.sink = sink;
        this.masker = masker;
        this.rawLog = rawLog;
    }

    /** One raw output line of Packer (without its line end). Called from the reader thread. */
    synchronized void accept(String raw) {
        String masked = masker.mask(raw);
        rawLog.write(masked);
        tail.addLast(truncate(masked));
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
        Optional<MachineReadableLine> parsed = MachineReadableLine.parse(raw);
        if (parsed.isEmpty()) {
            if (!masked.isBlank()) {
                errorsAdd(masked.strip());
                emit(masked);
            }
            return;
        }
        MachineReadableLine line = parsed.get();
        if (!line.isUi()) {
            artifacts.accept(line);
            return;
        }
        String text = line.uiText();
        resources.accept(text);
        String shown = masker.mask(text).stripTrailing();
        if (line.uiKind().equals("error")) {
            errorsAdd(shown.strip());
        }
        String prefix = line.target().isEmpty() ? "" : line.target() + ": ";
        for (String textLine : shown.split("\n", -1)) {
            emit(prefix + textLine.stripTrailing());
        }
    }

    /** A message of the runner itself (what it runs, that it stops packer), shown in order with Packer's. */
    synchronized void say(String message) {
        String masked = masker.mask(message);
        rawLog.write("# " + masked);
        emit(masked);
    }

    /** Masks the secrets of this run in {@code text}. */
    String mask(String text) {
        return masker.mask(text);
    }

    /** An output to the same sink and raw log with errors, artifacts and resources of its own. */
    PackerOutput sibling() {
        return new PackerOutput(sink, masker, rawLog);
    }

    /** An output with the same secrets that shows nothing and keeps no raw log: to read a whole output again. */
    PackerOutput silent() {
        return new PackerOutput(line -> { }, masker, RawLog.none());
    }

    private void emit(String line) {
        try {
            sink.accept(line);
        } catch (RuntimeException e) {
            // A failing log must not stop us from draining Packer's output (it would block on a full pipe).
        }
    }

    private void errorsAdd(String text) {
        if (text.isEmpty()) {
            return;
        }
        errors.addLast(truncate(text));
        if (errors.size() > ERROR_ENTRIES) {
            errors.removeFirst();
        }
    }

    private static String truncate(String s) {
        return s.length() <= MAX_LINE_CHARS ? s : s.substring(0, MAX_LINE_CHARS) + "...";
    }

    /** The last raw lines (masked), oldest first. */
    synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    /**
     * For an error message: Packer's last error messages (masked), or when it printed none the last lines of its
     * output.
     */
    synchronized String errorText() {
        List<String> lines = new ArrayList<>(errors);
        if (lines.isEmpty()) {
            List<String> all = new ArrayList<>(tail);
            lines = all.subList(Math.max(0, all.size() - 20), all.size());
        }
        String text = String.join("\n", lines).strip();
        return text.isEmpty() ? "(packer printed nothing)" : text;
    }

    PackerArtifacts artifacts() {
        return artifacts;
    }

    PackerResources resources() {
        return resources.snapshot();
    }

    /** The optional raw log file; writes go nowhere when none is configured or once it failed. */
    static final class RawLog implements AutoCloseable {
        private final Writer writer;
        private boolean failed;

        RawLog(Writer writer) {
            this.writer = writer;
        }

        static RawLog none() {
            return new RawLog(null);
        }

        synchronized void write(String line) {
            if (writer == null || failed) {
                return;
            }
            try {
                writer.write(line);
                writer.write('\n');
                writer.flush();
            } catch (IOException e) {
                failed = true; // the build goes on; only the extra copy of the output is lost
            }
        }

        @Override
        public synchronized void close() {
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException e) {
                    failed = true;
                }
            }
        }
    }
}
