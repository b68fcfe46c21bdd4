package io.techopt.report;

import java.io.IOException;
import java.io.Writer;

/**
 * A renderer for people (table, markdown, csv, html). It never sees the report's raw view: {@link #render} hands
 * {@link #draw} the {@link ReportView#printable() printable} one, in which every name's control, bidi and
 * zero-width characters are already escaped, so no text renderer can forget to.
 */
public abstract class TextRenderer implements Renderer {
    @Override
    public final void render(Report report, Writer out) throws IOException {
        draw(report.view().printable(), out);
    }

    /** Draws the view; every string in it is printable text. */
    protected abstract void draw(ReportView view, Writer out) throws IOException;
}
