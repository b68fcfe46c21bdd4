package io.techopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sections every log-reading command adds to its report (cli's {@code withIngestAndPrices}: the prices used, the
 * ingest counts, the readers' warnings), put back on a report rebuilt from its JSON for {@code techopt render}.
 * The warnings need nothing: the JSON's notes array holds them, in the order the sections added them.
 */
public final class JsonSections {
    private JsonSections() {
    }

    /** {@code doc} without the keys the sections added, for the engine's own model to read. */
    public static ObjectNode withoutSections(JsonNode doc) {
        ObjectNode o = ((ObjectNode) doc).deepCopy();
        o.remove("ingest");
        o.remove("prices_used");
        return o;
    }

    /** {@code base} with the prices-used table and the "Input lines" item, as the command drew them. */
    public static Report withIngestAndPrices(JsonNode doc, Report base) {
        IngestCounts counts = ReportJson.read(doc.path("ingest"), IngestCounts.class);
        return counts.on(PricesUsedSection.fromJson(doc, base), true);
    }
}
