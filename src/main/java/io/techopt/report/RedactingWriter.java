package io.techopt.report;

import java.io.IOException;
import java.io.Writer;
import java.util.function.UnaryOperator;

/**
 * The boundary every report and message passes: text is held a line at a time and written out through
 * {@link Redactor}, so whatever a renderer or a message forgot to redact is caught here. Secrets never span lines in
 * the outputs (JSON and CSV escape newlines, tables and markdown flatten them).
 */
public final class RedactingWriter extends Writer {
    private final Writer out;
    private final UnaryOperator<String> escape;
    private final boolean flushPartialLines;
    private final StringBuilder line = new StringBuilder();

    /**
     * @param escape            makes inserted replacement text safe for the format (HTML needs {@code <} escaped)
     * @param flushPartialLines whether {@link #flush()} also writes an unfinished line (for interactive streams
     *                          such as stderr progress); otherwise only {@link #close()} or {@link #finish()} does
     */
    public RedactingWriter(Writer out, UnaryOperator<String> escape, boolean flushPartialLines) {
        this.out = out;
        this.escape = escape;
        this.flushPartialLines = flushPartialLines;
    }

    /** A writer for a report in the given format. */
    public static RedactingWriter forFormat(Writer out, OutputFormat format) {
        UnaryOperator<String> escape = switch (format) {
            case HTML -> HtmlRenderer::esc;
            case MARKDOWN -> MarkdownRenderer::esc;
            default -> UnaryOperator.identity();
        };
        return new RedactingWriter(out, escape, false);
    }

    /** A writer for messages (stderr): unfinished lines go out on flush, so progress still shows. */
    public static java.io.PrintWriter forMessages(Writer out) {
        if (out instanceof java.io.PrintWriter pw && pw.getClass() == RedactingPrintWriter.class) {
            return pw;
        }
        return new RedactingPrintWriter(new RedactingWriter(out, UnaryOperator.identity(), true));
    }

    /** Marks a print writer that already redacts, so wrapping twice is a no-op. */
    private static final class RedactingPrintWriter extends java.io.PrintWriter {
        RedactingPrintWriter(Writer w) {
            super(w, true);
        }
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) throws IOException {
        int start = off, end = off + len;
        for (int i = off; i < end; i++) {
            if (buf[i] == '\n') {
                line.append(buf, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.append(buf, start, end - start);
    }

    @Override
    public synchronized void write(String s, int off, int len) throws IOException {
        int start = off, end = off + len;
        for (int i = off; i < end; i++) {
            if (s.charAt(i) == '\n') {
                line.append(s, start, i + 1);
                emit();
                start = i + 1;
            }
        }
        line.append(s, start, end);
    }

    @Override
    public synchronized void write(int c) throws IOException {
        line.append((char) c);
        if (c == '\n') {
            emit();
        }
    }

    private void emit() throws IOException {
        if (line.length() > 0) {
            out.write(Redactor.redact(line.toString(), escape));
            line.setLength(0);
        }
    }

    /** Writes the unfinished line (redacted) and flushes. */
    public synchronized void finish() throws IOException {
        emit();
        out.flush();
    }

    @Override
    public synchronized void flush() throws IOException {
        if (flushPartialLines) {
            emit();
        }
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        emit();
        out.close();
    }
}
