package io.techopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The sections every log-reading command adds to its report (cli's {@code withIngestAndPrices}: the prices used, the
 * ingest counts, the readers' warnings), put back on a report rebuilt from its JSON for {@code techopt render}.
 */
public final class JsonSections {
    private JsonSections() {
    }

    /**
     * {@code doc} read as the engine's own {@code model}, without the keys the sections added: the ingest object, the
     * prices used, and the warnings array when the model has none of its own (a model that has one holds the
     * sections' warnings in it, in the order they were added, and its view shows them).
     */
    public static <T extends Record> T model(JsonNode doc, Class<T> model) {
        ObjectNode o = ((ObjectNode) doc).deepCopy();
        o.remove("ingest");
        o.remove("prices_used");
        if (java.util.Arrays.stream(model.getRecordComponents()).noneMatch(c -> c.getName().equals("warnings"))) {
            o.remove("warnings");
        }
        return ReportJson.read(o, model);
    }

    /**
     * The report a log-reading command's {@code -f json} output holds, for {@code techopt render}: its result read back
     * as {@code model}, made a report by {@code report}, with the sections added again.
     */
    public static <T extends Record> Report report(JsonNode doc, Class<T> model, java.util.function.Function<T, Report> report) {
        return withIngestAndPrices(doc, report.apply(model(doc, model)));
    }

    /** {@code base} with the prices-used table, the "Input lines" item and the warnings, as the command drew them. */
    public static Report withIngestAndPrices(JsonNode doc, Report base) {
        IngestCounts counts = ReportJson.read(doc.path("ingest"), IngestCounts.class);
        List<String> warnings = new java.util.ArrayList<>();
        doc.path("warnings").forEach(w -> warnings.add(w.asText()));
        return WarningsSection.on(warnings, counts.on(PricesUsedSection.fromJson(doc, base), true));
    }
}
