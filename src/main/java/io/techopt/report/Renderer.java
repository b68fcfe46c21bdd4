package io.techopt.report;

import java.io.IOException;
import java.io.Writer;

/** Draws a report in one output format. */
public interface Renderer {
    void render(Report report, Writer out) throws IOException;

    static Renderer forFormat(OutputFormat f, boolean color) {
        return switch (f) {
            case TABLE -> new TableRenderer(color);
            case JSON -> new JsonRenderer();
            case CSV -> new CsvRenderer();
            case MARKDOWN -> new MarkdownRenderer();
            case HTML -> new HtmlRenderer();
        };
    }
}
