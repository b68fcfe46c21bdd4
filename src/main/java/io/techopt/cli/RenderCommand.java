package io.techopt.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.techopt.analyze.AnalyzeReport;
import io.techopt.ingest.NothingReadException;
import io.techopt.report.JsonKinds;
import io.techopt.report.Report;
import io.techopt.report.ReportView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code techopt render FILE.json}: a command's {@code -f json} output drawn in another format later, without running
 * the command again (a cluster computes, a laptop presents). The kind is the one schema the JSON meets; each kind's
 * engine rebuilds its report from the JSON alone, so the rendering is the command's own, byte for byte.
 */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw a report a command wrote with --format json (FILE, or - for stdin) as table, markdown, csv or "
                + "html, as that command would have drawn it. The command is told by the JSON schema the file meets."})
public final class RenderCommand extends BaseCommand {
    /** Larger is not a report techopt wrote (the largest, analyze grouped by user, is tens of MB): refused, not read. */
    static final long MAX_BYTES = 256L * 1000 * 1000;

    /** A kind render draws: how its engine rebuilds the report, and the csv table its command writes by default. */
    record Kind(Function<JsonNode, Report> read, String csvMain) {
    }

    /** By schema name (schemas/NAME.schema.json), in the order they were made renderable. */
    static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("analyze-logs", new Kind(RenderCommand::analyze, "by_model"));
        KINDS.put("cost-forecast", new Kind(io.techopt.forecast.ForecastReport::fromJson, "forecast"));
        KINDS.put("ab-report", new Kind(io.techopt.experiment.AbReport::fromJson, "comparisons"));
        KINDS.put("budget-log", new Kind(io.techopt.budget.BudgetReport::fromJson, null));
        KINDS.put("compress-log", new Kind(io.techopt.compress.CompressReport::fromJson, null));
        KINDS.put("cache-warm", new Kind(io.techopt.cache.WarmReport::fromJson, null));
        KINDS.put("cache-warm-simulate", new Kind(io.techopt.cache.SimulationReport::fromJson, null));
        KINDS.put("cache-warm-calibrate", new Kind(io.techopt.cache.CalibrationReport::fromJson, null));
        KINDS.put("route-sim", new Kind(io.techopt.route.RouteSimReport::fromJson, "strategies"));
    }

    /** The command a user types for a kind whose schema is named otherwise: --kind takes both. */
    static final Map<String, String> COMMAND_NAMES = Map.of("analyze", "analyze-logs", "budget", "budget-log",
            "compress", "compress-log", "cache-warm simulate", "cache-warm-simulate", "cache-warm calibrate", "cache-warm-calibrate");

    @Parameters(index = "0", paramLabel = "FILE", description = "A report written with --format json; - for stdin.")
    Path file;

    @Option(names = "--kind", paramLabel = "NAME", completionCandidates = RenderableKinds.class,
            description = "The command that wrote FILE, when its JSON meets several schemas (or none): one of ${COMPLETION-CANDIDATES} "
                    + "(or the command's name: analyze, budget, compress, 'cache-warm simulate', 'cache-warm calibrate').")
    String kind;

    @Mixin
    OutputOptions output;

    @Override
    OutputOptions output() {
        return output;
    }

    private String csvMain;

    @Override
    String csvMainTable() {
        return csvMain;
    }

    @Override
    public Integer call() throws Exception {
        output.checkTable(spec.commandLine());
        if (kind != null) {
            kind = COMMAND_NAMES.getOrDefault(kind.trim().replaceAll("\\s+", " "), kind);
        }
        if (kind != null && !KINDS.containsKey(kind)) {
            throw new IllegalArgumentException("--kind: render draws " + String.join(", ", KINDS.keySet()) + ", or by the command's name "
                    + String.join(", ", new java.util.TreeSet<>(COMMAND_NAMES.keySet())) + " (not '" + kind + "')");
        }
        boolean stdin = file.toString().equals("-");
        String name = stdin ? "<stdin>" : file.toString();
        java.util.Map<String, Path> writes = new java.util.LinkedHashMap<>();
        if (output.out != null) {
            writes.put("--out", output.out);
        }
        refuseWritesOntoReads(java.util.Map.of("FILE", file), writes); // render an.json -o an.json replaced the report (r22 H1)
        JsonNode doc = parse(stdin ? null : file, name);
        String k = kind != null ? kind : detect(doc, name);
        List<String> off = kind == null ? List.of() : JsonKinds.violations(k, doc); // a detected kind was validated
        if (!off.isEmpty()) {
            throw new IllegalArgumentException(name + " is not " + k + "'s JSON: " + summary(off));
        }
        Kind chosen = KINDS.get(k);
        if (chosen == null) {
            throw new IllegalArgumentException(name + " is " + k + "'s JSON, which render does not draw yet (it draws "
                    + String.join(", ", KINDS.keySet()) + "); run that command again with the format you want");
        }
        csvMain = chosen.csvMain();
        Report rebuilt = chosen.read().apply(doc);
        // -f json gives the document back as it was read; every other format draws the rebuilt view
        write(new Rendered(doc, rebuilt));
        return OK;
    }

    /** render's report: -f json gives the document back as it was read; every other format draws the rebuilt view. */
    record Rendered(JsonNode doc, Report rebuilt) implements Report {
        @Override
        public Object json() {
            return doc;
        }

        @Override
        public ReportView view() {
            return rebuilt.view();
        }
    }

    /** analyze's report, with the latency map its command adds when the input held traces (as AnalyzeCommand adds it). */
    private static Report analyze(JsonNode doc) {
        com.fasterxml.jackson.databind.node.ObjectNode o = ((com.fasterxml.jackson.databind.node.ObjectNode) doc).deepCopy();
        JsonNode latency = o.remove("latency");
        Report base = AnalyzeReport.fromJson(o);
        return latency == null ? base : io.techopt.analyze.latency.LatencySection.on(base,
                io.techopt.report.ReportJson.read(latency, io.techopt.analyze.latency.LatencyResult.class));
    }

    private static String detect(JsonNode doc, String name) {
        List<String> matching = JsonKinds.matching(doc);
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.size() > 1) {
            throw new IllegalArgumentException(name + " meets the schemas of " + String.join(", ", matching)
                    + ": say which with --kind NAME");
        }
        if (!doc.isObject()) {
            throw new IllegalArgumentException(name + " is not a techopt report: its JSON is " + doc.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", a report is an object (render draws " + String.join(", ", KINDS.keySet()) + ")");
        }
        // the nearest schemas, so that a report edited by hand or from another version says what is off
        Map<String, List<String>> off = new LinkedHashMap<>();
        JsonKinds.REPORTS.forEach(k -> off.put(k, JsonKinds.violations(k, doc)));
        List<String> nearest = off.keySet().stream().sorted(Comparator.comparingInt(k -> off.get(k).size())).limit(2).toList();
        StringBuilder m = new StringBuilder(name + " meets no techopt report schema; nearest: ");
        for (int i = 0; i < nearest.size(); i++) {
            m.append(i == 0 ? "" : "; ").append(nearest.get(i)).append(" (").append(summary(off.get(nearest.get(i)))).append(')');
        }
        throw new IllegalArgumentException(m + " (--kind NAME says which command wrote it)");
    }

    private static String summary(List<String> violations) {
        return violations.size() + " difference" + (violations.size() == 1 ? "" : "s") + ": "
                + String.join("; ", violations.subList(0, Math.min(3, violations.size()))) + (violations.size() > 3 ? "; ..." : "");
    }

    private static final ObjectMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** The whole document, at most {@link #MAX_BYTES}; not JSON is bad input (exit 3) with its line and column. */
    private static JsonNode parse(Path file, String name) throws IOException {
        if (file != null) {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException(name + " is a directory: render takes one JSON report");
            }
            if (!Files.exists(file)) {
                throw new java.nio.file.NoSuchFileException(name);
            }
            if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(name + " is " + WrittenFiles.size(Files.size(file)) + ": render reads reports up to "
                        + WrittenFiles.size(MAX_BYTES) + " (a report techopt writes is far smaller)");
            }
        }
        byte[] bytes;
        if (file == null) {
            bytes = System.in.readNBytes((int) MAX_BYTES + 1); // stdin stays open for the process
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(name + " holds more than " + WrittenFiles.size(MAX_BYTES) + ": render reads reports up to that size");
        }
        if (blank(bytes)) {
            throw new IllegalArgumentException(name + " is empty: no report to render");
        }
        try {
            return STRICT.readTree(bytes);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new NothingReadException(name + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
                    + ": not JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + "); render reads a report written with --format json");
        }
    }

    private static boolean blank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The kinds --kind takes, for completion and help. */
    static final class RenderableKinds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return KINDS.keySet().iterator();
        }
    }
}
