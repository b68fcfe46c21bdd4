package io.techopt.core;

import java.io.IOException;
import java.io.Writer;
import java.util.function.UnaryOperator;

/**
 * The boundary every report and message passes: text is held a line at a time and written out through
 * {@link Redactor}, then {@link Printable} (every control, bidi or zero-width character but the line feed that ends
 * the line is escaped), so whatever a renderer or a message forgot to redact or escape is caught here. Secrets and
 * names never span lines in the outputs: the text renderers draw a printable view (report.ReportView#printable),
 * JSON escapes line feeds, and a message printed with {@code println} has its own line feeds escaped.
 */
public final class RedactingWriter extends Writer {
    private final Writer out;
    private final UnaryOperator<String> escape;
    private final boolean flushPartialLines;
    private final boolean boldAllowed;
    private final StringBuilder line = new StringBuilder();

    /**
     * @param escape            makes inserted replacement text safe for the format (HTML needs {@code <} escaped)
     * @param flushPartialLines whether {@link #flush()} also writes an unfinished line (for interactive streams
     *                          such as stderr progress); otherwise only {@link #close()} or {@link #finish()} does
     */
    public RedactingWriter(Writer out, UnaryOperator<String> escape, boolean flushPartialLines) {
        this(out, escape, flushPartialLines, false);
    }

    /**
     * @param boldAllowed whether the table renderer's bold on/off sequences ({@code ESC[1m}, {@code ESC[0m}) pass;
     *                    every other escape character is shown escaped
     */
    public RedactingWriter(Writer out, UnaryOperator<String> escape, boolean flushPartialLines, boolean boldAllowed) {
        this.out = out;
        this.escape = escape;
        this.flushPartialLines = flushPartialLines;
        this.boldAllowed = boldAllowed;
    }

    /**
     * A writer for messages (stderr): unfinished lines go out on flush, so progress still shows. A message printed
     * with {@code println} is one line: line feeds and carriage returns inside it are escaped, so a name cannot
     * forge a second message line.
     */
    public static java.io.PrintWriter forMessages(Writer out) {
        return forMessages(out, false);
    }

    /**
     * As {@link #forMessages(Writer)}; with {@code color} a warning line ("techopt: warning: ...") shows its label in
     * yellow and an {@link #error} line is red. The colour codes come from here only, never from the text.
     */
    public static java.io.PrintWriter forMessages(Writer out, boolean color) {
        if (out instanceof RedactingPrintWriter pw) {
            pw.color = color;
            return pw;
        }
        RedactingPrintWriter pw = new RedactingPrintWriter(new RedactingWriter(out, UnaryOperator.identity(), true));
        pw.color = color;
        return pw;
    }

    private static final String WARNING_LABEL = "techopt: warning:", YELLOW = "\u001b[33m", RED = "\u001b[31m", RESET = "\u001b[0m";

    /** A failure's message on stderr: one line, red when the writer colours ({@link #forMessages(Writer, boolean)}). */
    public static void error(java.io.PrintWriter err, String line) {
        if (err instanceof RedactingPrintWriter pw && pw.color) {
            pw.toned(RED, line);
        } else {
            err.println(line);
        }
    }

    /**
     * Shows a progress line on a terminal: a carriage return, the text (escaped like any message) and erase to the
     * end of the line; an empty text just erases. The only control sequences a message writer lets through, and
     * only from here, never from the text.
     */
    public static void progress(java.io.PrintWriter err, String text) {
        String shown = Printable.escape(Redactor.redact(text));
        if (err instanceof RedactingPrintWriter pw) {
            pw.raw("\r" + shown + "\u001b[K", !shown.isEmpty());
        } else {
            err.print("\r" + shown + "\u001b[K");
            err.flush();
        }
    }

    /** A print writer that already redacts and escapes, so wrapping twice is a no-op. */
    private static final class RedactingPrintWriter extends java.io.PrintWriter {
        private final RedactingWriter target;
        private volatile boolean color;
        /** A progress line is on the screen: a message first erases it (the bar redraws under the message). */
        private boolean lineDrawn;

        RedactingPrintWriter(RedactingWriter w) {
            super(w, true);
            this.target = w;
        }

        @Override
        public void println(String x) {
            synchronized (lock) {
                if (color && x != null && x.startsWith(WARNING_LABEL)) {
                    eraseProgress();
                    print("techopt: ");
                    flush();
                    rawText(YELLOW + "warning:" + RESET);
                    print(Printable.escape(Redactor.redact(x.substring(WARNING_LABEL.length()))));
                    println();
                    return;
                }
                eraseProgress();
                print(Printable.escape(Redactor.redact(x)));
                println();
            }
        }

        void toned(String sgr, String x) {
            synchronized (lock) {
                eraseProgress();
                rawText(sgr);
                print(Printable.escape(Redactor.redact(x)));
                flush();
                rawText(RESET);
                println();
            }
        }

        private void eraseProgress() {
            if (lineDrawn) {
                rawText("\r\u001b[K");
                lineDrawn = false;
            }
        }

        @Override
        public void println(Object x) {
            println(String.valueOf(x));
        }

        @Override
        public void println(char[] x) {
            println(new String(x));
        }

        void raw(String controls, boolean drawn) {
            synchronized (lock) {
                rawText(controls);
                lineDrawn = drawn;
            }
        }

        private void rawText(String controls) {
            flush();
            try {
                target.writeRaw(controls);
            } catch (IOException e) {
                setError();
            }
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
            out.write(printable(Redactor.redact(line.toString(), escape)));
            line.setLength(0);
        }
    }

    private static final String BOLD = "\u001b[1m", PLAIN = "\u001b[0m";

    /** Redacted text with its controls escaped (but the line feed), keeping the table's bold when allowed. */
    private String printable(String s) {
        if (!boldAllowed || s.indexOf('\u001b') < 0) {
            return Printable.escapeKeepingLineFeeds(s);
        }
        StringBuilder b = new StringBuilder(s.length());
        int from = 0;
        while (from < s.length()) {
            int at = s.indexOf('\u001b', from);
            if (at < 0) {
                b.append(Printable.escapeKeepingLineFeeds(s.substring(from)));
                break;
            }
            b.append(Printable.escapeKeepingLineFeeds(s.substring(from, at)));
            if (s.startsWith(BOLD, at) || s.startsWith(PLAIN, at)) {
                b.append(s, at, at + 4);
                from = at + 4;
            } else {
                b.append("\\u001b");
                from = at + 1;
            }
        }
        return b.toString();
    }

    /** Pending text first, then the given terminal controls as they are (progress lines only). */
    private synchronized void writeRaw(String controls) throws IOException {
        emit();
        out.write(controls);
        out.flush();
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
