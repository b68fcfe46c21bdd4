package io.techopt.report;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The readers' warnings (bad input, a file skipped, a store without text, ...) in the report itself, not only on
 * stderr, where -q hides them and --out leaves them behind: a {@code warnings} array in the JSON of every command that
 * reads logs (always present, empty when there is none; a report with its own keeps it and gets the missing ones), and
 * the same sentences in the notes of the other formats.
 */
public final class WarningsSection {
    private WarningsSection() {
    }

    public static Report on(List<String> warnings, Report report) {
        List<String> lines = List.copyOf(warnings);
        return report.with(o -> {
            ArrayNode a = o.get("warnings") instanceof ArrayNode existing ? existing : o.putArray("warnings");
            for (String w : lines) {
                if (!ReportView.Notes.holds(a, w)) {
                    a.add(w);
                }
            }
        }, v -> {
            List<ReportView.Block> blocks = new ArrayList<>(v.blocks());
            ReportView.Notes.addMissingToReportNotes(blocks, "Warnings", lines);
            return new ReportView(v.title(), blocks);
        });
    }
}
