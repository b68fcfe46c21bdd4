package io.techopt.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.techopt.pricing.PricesUsed;

import java.util.ArrayList;
import java.util.List;

/**
 * Which dated price priced each model, in every command that prices requests as analyze's by_model shows it: a
 * {@code prices_used} array of {model, price_key, price_catalog, price_effective} in the JSON, a "Prices used" table in
 * the other formats, and the warning for a price used before the date it took effect (with the note for a null
 * price_effective) in the report's own notes array ({@code warnings}, {@code notes} or {@code assumptions}).
 */
public final class PricesUsedSection {
    static final List<String> NOTE_KEYS = List.of("warnings", "notes", "assumptions");

    private PricesUsedSection() {
    }

    public static Report on(PricesUsed used, Report report) {
        List<PricesUsed.Row> rows = used.rows();
        List<String> warnings = used.warnings();
        List<String> notes = new ArrayList<>(warnings);
        notes.addAll(used.notes());
        return report.with(o -> {
            o.set("prices_used", JsonRenderer.mapper().valueToTree(rows));
            if (!notes.isEmpty()) {
                String key = NOTE_KEYS.stream().filter(k -> o.get(k) instanceof ArrayNode).findFirst().orElse("warnings");
                ArrayNode a = o.get(key) instanceof ArrayNode existing ? existing : o.putArray(key);
                for (String n : notes) {
                    if (!ReportView.Notes.holds(a, n)) {
                        a.add(n);
                    }
                }
            }
        }, v -> withPricesTable(v, rows, notes));
    }

    /**
     * The section as a report's JSON holds it (render): the table from {@code prices_used}; its notes are in the
     * JSON's notes array already, which the report's own view shows.
     */
    static Report fromJson(com.fasterxml.jackson.databind.JsonNode doc, Report report) {
        List<PricesUsed.Row> rows = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode r : doc.path("prices_used")) {
            rows.add(ReportJson.read(r, PricesUsed.Row.class));
        }
        return report.with(o -> { }, v -> withPricesTable(v, rows, List.of()));
    }

    private static ReportView withPricesTable(ReportView v, List<PricesUsed.Row> rows, List<String> notes) {
        List<ReportView.Block> blocks = new ArrayList<>(v.blocks());
        List<List<Object>> cells = rows.stream().map(r -> List.<Object>of(r.model(), r.priceKey(), r.priceCatalog(),
                r.priceEffective() == null ? "undated" : r.priceEffective())).toList();
        ReportView.Table table = new ReportView.Table("prices_used", "Prices used", List.of(
                new ReportView.Column("model", ReportView.Kind.TEXT), new ReportView.Column("price_key", ReportView.Kind.TEXT),
                new ReportView.Column("price_catalog", ReportView.Kind.TEXT),
                new ReportView.Column("price_effective", ReportView.Kind.TEXT)), cells);
        int at = blocks.size();
        while (at > 0 && blocks.get(at - 1) instanceof ReportView.Notes) {
            at--; // before the notes, which close every report
        }
        if (!rows.isEmpty()) {
            blocks.add(at, table);
        }
        ReportView.Notes.addMissingToReportNotes(blocks, "Prices", notes);
        return new ReportView(v.title(), blocks);
    }
}
