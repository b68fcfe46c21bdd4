package io.techopt.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A CSV file with a header row ({@link CsvFormat} maps its columns): rows are mapped on the producer thread and
 * handed over in batches; a row that cannot be read is a bad line at its first line in the file.
 */
final class CsvProducer {
    private static final int BATCH = 4096;

    private final IngestOptions options;
    private final RecordFinisher finisher;
    private final IngestStats stats;
    private final RecordSink sink;

    CsvProducer(IngestOptions options, RecordFinisher finisher, IngestStats stats, RecordSink sink) {
        this.options = options;
        this.finisher = finisher;
        this.stats = stats;
        this.sink = sink;
    }

    void produce(LogSource src, InputStream in, BlockPipeline out) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CsvFormat.Rows rows = new CsvFormat.Rows(new BufferedReader(new InputStreamReader(in, decoder), 1 << 16));
        Chunk res = new Chunk(src.name());
        try {
            List<String> header = rows.next();
            if (header == null) {
                stats.warnings.add(src.name() + ": empty file, no records");
                return;
            }
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                header.set(0, header.get(0).substring(1));
            }
            CsvFormat csv;
            try {
                csv = new CsvFormat(header, options.defaultModel());
            } catch (BadInputException e) {
                res.lines++;
                res.bad.add(new BadLine(src.name(), 1, e.getMessage()));
                stats.warnings.add(src.name() + ": " + e.getMessage() + "; file skipped");
                return; // the finally block hands over the result, once
            }
            if (!csv.hasModelColumn()) {
                stats.warnings.add(src.name() + ": no model column; rows are attributed to "
                        + (options.defaultModel() != null ? "'" + options.defaultModel() + "'" : "'(no model)' (unpriced; pass --default-model)"));
            }
            List<String> row;
            while ((row = rows.next()) != null) {
                long ln = rows.rowLine();
                if (rows.badReason() != null) {
                    res.lines++;
                    res.bad.add(new BadLine(src.name(), ln, rows.badReason()));
                    continue;
                }
                if (row.size() == 1 && row.get(0).isBlank()) {
                    continue;
                }
                res.lines++;
                try {
                    if (row.stream().anyMatch(c -> c.indexOf('\uFFFD') >= 0)) {
                        throw new BadInputException("invalid UTF-8");
                    }
                    finisher.finish(csv.map(row), res, sink, src, ln);
                } catch (BadInputException e) {
                    res.bad.add(new BadLine(src.name(), ln, e.getMessage()));
                } catch (RuntimeException e) {
                    res.bad.add(new BadLine(src.name(), ln, "unreadable row (" + e.getClass().getSimpleName() + ")"));
                }
                if (res.records.size() >= BATCH) {
                    out.deliver(res);
                    res = new Chunk(src.name());
                }
            }
        } finally {
            out.deliver(res);
        }
    }
}
