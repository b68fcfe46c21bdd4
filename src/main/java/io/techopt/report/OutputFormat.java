package io.techopt.report;

import io.techopt.core.RedactingWriter;

import java.io.Writer;
import java.util.Locale;
import java.util.function.UnaryOperator;

public enum OutputFormat {
    TABLE, JSON, CSV, MARKDOWN, HTML;

    public static OutputFormat parse(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        if (v.equals("md")) {
            return MARKDOWN;
        }
        for (OutputFormat f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(v)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + s + "' (expected table, json, csv, markdown or html)");
    }

    /** Guessed from an --out file name when --format is not given. */
    public static OutputFormat fromFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".json")) {
            return JSON;
        }
        if (n.endsWith(".csv")) {
            return CSV;
        }
        if (n.endsWith(".md") || n.endsWith(".markdown")) {
            return MARKDOWN;
        }
        if (n.endsWith(".html") || n.endsWith(".htm")) {
            return HTML;
        }
        return null;
    }

    /** A writer for a report in this format, without terminal colour. */
    public RedactingWriter redactingWriter(Writer out) {
        return redactingWriter(out, false);
    }

    /**
     * A writer for a report in this format; with {@code color} (a table on a terminal) the table renderer's
     * bold on/off sequences ({@code ESC[1m}, {@code ESC[0m}) pass, every other escape character is shown escaped.
     */
    public RedactingWriter redactingWriter(Writer out, boolean color) {
        UnaryOperator<String> escape = switch (this) {
            case HTML -> HtmlRenderer::esc;
            case MARKDOWN -> MarkdownRenderer::esc;
            default -> UnaryOperator.identity();
        };
        return new RedactingWriter(out, escape, false, color && this == TABLE);
    }
}
