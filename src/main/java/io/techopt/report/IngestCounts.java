package io.techopt.report;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.techopt.core.Redactor;
import io.techopt.ingest.IngestStats;

import java.util.ArrayList;
import java.util.List;

/**
 * What ingest did with every non-empty line, the same {@code ingest} object in the JSON of every command that reads
 * logs: each line read is a request, a bad line (skipped), a repeat of an earlier request id (counted once), a
 * request outside {@code --since/--until}, or a line that holds no LLM request, so
 * {@code lines_read = requests_read + bad_lines + duplicate_request_ids + filtered_requests + ignored_lines}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IngestCounts(long linesRead, long requestsRead, long badLines, long duplicateRequestIds, long filteredRequests,
                           long ignoredLines, long estimatedRequests, List<BadLineSample> badLineSamples) {

    /** One of the first bad lines, file and reason redacted like stderr. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BadLineSample(String file, long line, String reason) {
    }

    /** The counts of one run; {@code duplicates} is how many records the command's sink found repeating a request id. */
    public static IngestCounts of(IngestStats s, long duplicates) {
        return new IngestCounts(s.lines, s.records - duplicates, s.badLines, duplicates, s.filtered, s.ignored, s.estimated,
                s.firstBadLines.stream()
                        .map(b -> new BadLineSample(Redactor.redact(b.file()), b.line(), Redactor.redact(b.reason()))).toList());
    }

    /** The one-line summary the text formats show. */
    public String line() {
        return linesRead + " read: " + requestsRead + " request" + (requestsRead == 1 ? "" : "s") + ", " + badLines
                + " bad (skipped), " + duplicateRequestIds + " repeated request_id (counted once), " + filteredRequests
                + " outside --since/--until, " + ignoredLines + " without an LLM request";
    }

    /**
     * {@code report} with this {@code ingest} object added to its JSON and, when {@code textLine}, an "Input lines" item
     * in its first summary (analyze shows its own counts there already).
     */
    public Report on(Report report, boolean textLine) {
        return report.with(o -> o.set("ingest", JsonRenderer.mapper().valueToTree(this)), v -> textLine ? withInputLine(v) : v);
    }

    private ReportView withInputLine(ReportView v) {
        ReportView.Item item = ReportView.Item.of("Input lines", line(), ReportView.Kind.TEXT);
        List<ReportView.Block> blocks = new ArrayList<>(v.blocks());
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i) instanceof ReportView.Summary s) {
                List<ReportView.Item> items = new ArrayList<>(s.items());
                items.add(item);
                blocks.set(i, new ReportView.Summary(s.title(), items, s.csv()));
                return new ReportView(v.title(), blocks);
            }
        }
        blocks.add(0, new ReportView.Summary("Input", List.of(item)));
        return new ReportView(v.title(), blocks);
    }
}
