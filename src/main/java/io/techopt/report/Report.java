package io.techopt.report;

/** A command's report: a JSON model with stable snake_case keys, and a view for the text formats. */
public interface Report {
    /** The object serialized by the json renderer (keys per cli.md). */
    Object json();

    /** Summary, tables, charts and notes for table, markdown, csv and html. */
    ReportView view();
}
