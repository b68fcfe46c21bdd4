package io.techopt.report;

import java.util.Locale;

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
}
