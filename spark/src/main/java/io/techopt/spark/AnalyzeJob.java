package io.techopt.spark;

import io.techopt.analyze.AnalyzeLayout;
import io.techopt.analyze.AnalyzeOptions;
import io.techopt.analyze.AnalyzeReport;
import io.techopt.analyze.AnalyzeResult;
import io.techopt.analyze.sql.AnalyzeSql;
import io.techopt.core.Dimension;
import io.techopt.core.Redactor;
import io.techopt.core.Saving;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.Timestamps;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.Pricer;
import io.techopt.pricing.PricesUsed;
import io.techopt.report.IngestCounts;
import io.techopt.report.Report;
import io.techopt.store.StoreManifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code techopt analyze --store} as a Spark job (#15): analyze's figures computed by Spark SQL on the executors
 * ({@link AnalyzeSql}: the last-copy rule, totals, exact percentiles, groups, the daily series, sessions, repeats and the
 * three savings levers as aggregations and window functions), the rows priced at query time by techopt's own Pricer as
 * the CLI prices a store, and only the small results brought to the driver, where they are laid out as analyze's JSON
 * with its words ({@link AnalyzeResult}, the same schema).
 */
public final class AnalyzeJob {
    private static final long DAY_MS = 86_400_000L;
    private static final int PRUNE_EVERY = 1 << 16;

    private AnalyzeJob() {
    }

    /** What the job is asked: the store, the window, the group tables and the analysis' options as the CLI's. */
    public record Options(String store, String since, String until, List<String> groupBy, int top, Prices prices,
                          List<String> batchable, long cacheTtlMs) {
        long[] window() {
            long s = since == null ? Long.MIN_VALUE : date("--since", since);
            long u = until == null ? Long.MAX_VALUE : date("--until", until);
            if (s >= u) {
                throw new IllegalArgumentException("--since must be before --until");
            }
            return new long[]{s, u};
        }

        /** Each grouping once, as analyze's --group-by (a dimension joined by '+', several by ',' or the option repeated). */
        List<List<Dimension>> groupBys() {
            Set<List<Dimension>> out = new LinkedHashSet<>();
            for (String g : groupBy) {
                for (String one : g.split(",")) {
                    out.add(java.util.Arrays.stream(one.split("\\+")).map(Dimension::parse).distinct().toList());
                }
            }
            return new ArrayList<>(out);
        }

        Set<String> batchableTasks() {
            if (batchable == null) {
                return AnalyzeOptions.DEFAULT_BATCHABLE;
            }
            Set<String> s = new LinkedHashSet<>();
            batchable.forEach(b -> s.add(b.trim().toLowerCase(Locale.ROOT)));
            return s;
        }

        /** Every option's value checked, so that a bad one is refused before Spark starts (review r23s L3). */
        public void check() {
            if (top < 1) {
                throw new IllegalArgumentException("--top must be at least 1");
            }
            groupBys();
            window();
        }

        private static long date(String opt, String v) {
            try {
                return Timestamps.parse(v);
            } catch (Exception e) {
                throw new IllegalArgumentException(opt + " must be a date (YYYY-MM-DD) or an ISO-8601 time, not '" + v + "'");
            }
        }
    }

    /**
     * The report's JSON as the CLI writes it. On Spark's Jackson (2.15) a record's {@code @JsonProperty}-named component
     * is written first, not where the record declares it: cache_write_1h (and cache_write_1h_tokens) go back after
     * cache_write (cache_write_tokens), their place in the CLI's output.
     */
    public static String json(Report r) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper m = io.techopt.report.JsonRenderer.mapper();
        Object json = r.json();
        com.fasterxml.jackson.databind.JsonNode tree = json instanceof com.fasterxml.jackson.databind.JsonNode n ? n : m.valueToTree(json);
        return m.writeValueAsString(declaredOrder(tree));
    }

    private static com.fasterxml.jackson.databind.JsonNode declaredOrder(com.fasterxml.jackson.databind.JsonNode n) {
        if (n.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode a = (com.fasterxml.jackson.databind.node.ArrayNode) n;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, declaredOrder(a.get(i)));
            }
            return a;
        }
        if (!n.isObject()) {
            return n;
        }
        com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) n;
        com.fasterxml.jackson.databind.node.ObjectNode out = o.objectNode();
        java.util.List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        for (String k : List.of("cache_write_1h", "cache_write_1h_tokens")) {
            String before = k.replace("_1h", "");
            if (names.contains(k) && names.contains(before)) {
                names.remove(k);
                names.add(names.indexOf(before) + 1, k);
            }
        }
        names.forEach(k -> out.set(k, declaredOrder(o.get(k))));
        return out;
    }

    /** Runs the job quietly (nothing on stderr); returns the report {@code techopt analyze --store STORE -f json} gives. */
    public static Report run(SparkSession spark, Options o) throws IOException {
        return run(spark, o, new java.io.PrintWriter(java.io.Writer.nullWriter()), true);
    }

    /**
     * Runs the job; returns the report {@code techopt analyze --store STORE -f json} gives (same keys and figures). On
     * {@code err}, as the CLI on a store: what ingest warned of (unless {@code quiet}), and the bad lines ingest skipped
     * (always: skipped input is said even under -q).
     */
    public static Report run(SparkSession spark, Options o, java.io.PrintWriter err, boolean quiet) throws IOException {
        o.check();
        List<List<Dimension>> groupBys = o.groupBys();
        long[] window = o.window();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path dir = new Path(o.store());
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(new Path(dir, StoreManifest.FILE))) {
            throw new IOException(o.store() + " is not a techopt store (no " + StoreManifest.FILE + ")"); // the CLI's words
        }
        StoreManifest manifest = HadoopStore.read(fs, dir);
        AnalyzeSql.Dialect d = AnalyzeSql.SPARK;
        Pricer pricer = o.prices().pricer();
        LocalDate priceDate = o.prices().priceDate() == null ? null : LocalDate.parse(o.prices().priceDate());
        new AnalyzeUdfs(o.prices()).register(spark);
        spark.conf().set("spark.sql.session.timeZone", "UTC"); // the store's times are UTC without a zone

        IngestStats stats = new IngestStats();
        long stored = 0;
        List<String> files = new ArrayList<>();
        for (StoreManifest.Source s : manifest.sources()) {
            stats.files++;
            stats.badLines += s.badLines();
            stats.ignored += s.ignoredLines();
            stats.lines += s.lines() > 0 || s.rows() == 0 ? s.lines() : s.rows() + s.badLines() + s.ignoredLines();
            if (s.warnings() != null) {
                s.warnings().stream().filter(w -> !stats.warnings.contains(w)).forEach(stats.warnings::add);
            }
            stored += s.rows();
            stats.formats.put(s.name(), s.format() == null ? "techopt store" : s.format());
            s.files().forEach(f -> files.add(new Path(dir, f).toString()));
        }
        Dataset<Row> src = files.isEmpty() ? spark.createDataFrame(List.of(), SparkRowWriter.SCHEMA)
                : spark.read().schema(SparkRowWriter.SCHEMA).parquet(files.toArray(String[]::new));
        // rows a later source replaced (a Langfuse update merged into its stored create, docs/store.md) are not read
        stored -= manifest.replacedRows().size();
        src = src.where(manifest.notReplaced());
        src.createOrReplaceTempView("src");
        Dataset<Row> w = spark.sql(AnalyzeSql.window(d, window[0], window[1])).persist();
        try {
            w.createOrReplaceTempView("w");
            return new Run(spark, d, o, pricer, priceDate, stats, stored, groupBys, err, quiet).report();
        } finally {
            w.unpersist();
        }
    }

    /** One run: the queries, and the JSON laid out from their results. */
    private static final class Run {
        final SparkSession spark;
        final AnalyzeSql.Dialect d;
        final Options o;
        final Pricer pricer;
        final LocalDate priceDate;
        final IngestStats stats;
        final long stored;
        final List<List<Dimension>> groupBys;
        final List<String> warnings = new ArrayList<>();
        final java.io.PrintWriter err;
        final boolean quiet;

        Run(SparkSession spark, AnalyzeSql.Dialect d, Options o, Pricer pricer, LocalDate priceDate, IngestStats stats,
            long stored, List<List<Dimension>> groupBys, java.io.PrintWriter err, boolean quiet) {
            this.err = err;
            this.quiet = quiet;
            this.spark = spark;
            this.d = d;
            this.o = o;
            this.pricer = pricer;
            this.priceDate = priceDate;
            this.stats = stats;
            this.stored = stored;
            this.groupBys = groupBys;
        }

        Row one(String sql) {
            return spark.sql(sql).collectAsList().get(0);
        }

        List<Row> all(String sql) {
            return spark.sql(sql).collectAsList();
        }

        Report report() {
            Row t = one(AnalyzeSql.totals(d));
            stats.records = t.getLong(t.fieldIndex("rows_read"));
            stats.estimated = lng(t, "estimated");
            stats.conflictingTokens = lng(t, "conflicting");
            stats.filtered = stored - stats.records;
            if (!quiet) {
                stats.warnings.forEach(x -> err.println("techopt-spark: warning: " + x));
            }
            if (stats.badLines > 0) {
                // as techopt analyze on a store: said even under -q, and in the report's warnings
                String bad = stats.badLines + " bad line" + (stats.badLines == 1 ? " was" : "s were")
                        + " skipped when the store's logs were ingested (techopt ingest listed them)";
                err.println("techopt-spark: " + bad);
                stats.warnings.add(bad);
            }
            err.flush();
            io.techopt.ingest.NothingReadException.check(stats);
            long duplicates = lng(t, "duplicates");
            long requests = lng(t, "requests");
            long errors = lng(t, "errors");
            double total = dbl(t, "cost");
            long priced = lng(t, "priced");
            long costAsLogged = lng(t, "cost_as_logged");
            Long minMs = t.isNullAt(t.fieldIndex("min_ms")) ? null : t.getLong(t.fieldIndex("min_ms"));
            Long maxMs = minMs == null ? null : t.getLong(t.fieldIndex("max_ms"));

            warnings.addAll(stats.warnings);
            if (costAsLogged > 0) {
                warnings.add(costAsLogged + " requests come from a billing or cost-only export: their billed cost is used as is");
            }
            PricesUsed used = pricesUsed();
            List<AnalyzeResult.Unpriced> unpriced = new ArrayList<>();
            List<AnalyzeResult.ModelRow> models = models(used, unpriced);

            Row rep = one(AnalyzeSql.repeats());
            long withPrompt = rep.getLong(rep.fieldIndex("with_prompt"));
            long distinct = rep.getLong(rep.fieldIndex("distinct_prompts"));
            Double rate = withPrompt == 0 ? null : 1 - (double) distinct / withPrompt;
            if (withPrompt == 0) {
                warnings.add("exact_repeat_rate is null: " + (requests > 0 ? "no request in the log carries its prompt "
                        + "(messages), so repeats cannot be measured" : "no request was read"));
            }
            if (minMs == null) {
                warnings.add("period is null: no request was read" + (stats.filtered > 0 ? " (all were outside --since/--until)" : ""));
            }
            List<Saving> savings = savings(rep, withPrompt, requests, total);

            AnalyzeResult.Latency latency = latency(t);
            List<AnalyzeResult.Bin> histogram = histogram(t);
            warnings.addAll(AnalyzeLayout.nullNotes(requests, latency, models, savings,
                    lng(one("SELECT count(*) AS n FROM w WHERE session_id IS NOT NULL"), "n") > 0));
            DailyOut days = daily();
            AnalyzeResult.BatchApi batchApi = new AnalyzeResult.BatchApi(lng(t, "batch_n"), dbl(t, "batch_paid"),
                    dbl(t, "batch_std"), dbl(t, "batch_std") - dbl(t, "batch_paid"));
            List<AnalyzeResult.GroupTable> groups = groups(total);
            AnalyzeResult result = new AnalyzeResult(requests, stats.badLines, errors, total,
                    new AnalyzeResult.Tokens(lng(t, "t_in"), lng(t, "t_out"), lng(t, "t_cr"), lng(t, "t_cw"),
                            lng(t, "t_cw1h"), lng(t, "t_reas")),
                    latency, histogram, models, new AnalyzeResult.Repeats(rate, withPrompt, distinct), unpriced, savings,
                    AnalyzeResult.Billing.of(lng(t, "logged_n"), dbl(t, "logged_sum"), dbl(t, "recomputed_sum"), costAsLogged),
                    batchApi, sessions(), minMs == null ? null : new AnalyzeResult.Period(Instant.ofEpochMilli(minMs).toString(),
                    Instant.ofEpochMilli(maxMs).toString(), Math.floorDiv(maxMs, DAY_MS) - Math.floorDiv(minMs, DAY_MS) + 1),
                    groups, days.days, days.resolution, stats.estimated, stats.filtered, duplicates, List.of(), inputs(),
                    warnings, new AnalyzeResult.Pricing(pricer.book().catalogs(), priceDate == null
                    ? "each request at its own date" : priceDate.toString()), topErrors());
            result = result.withCostsUnknownWhenUnmeasured(requests, priced, () -> unpriced, stats.filtered);
            return IngestCounts.of(stats, duplicates).on(new AnalyzeReport(result), false);
        }

        /** Which dated price priced each model, recorded as analyze's pricing pass records it. */
        PricesUsed pricesUsed() {
            PricesUsed used = new PricesUsed(priceDate);
            for (Row r : all(AnalyzeSql.pricedDays())) {
                String model = r.getString(0);
                PriceEntry e = pricer.resolve(model, r.getString(1)).entry();
                long day = ((Number) r.get(2)).longValue();
                used.record(Redactor.label(model), e, pricer.version(e, day * DAY_MS),
                        priceDate != null ? priceDate : LocalDate.ofEpochDay(day), r.getLong(3));
            }
            return used;
        }

        /** The by_model rows (most expensive first) and the unpriced models in the order first read, with their warnings. */
        List<AnalyzeResult.ModelRow> models(PricesUsed used, List<AnalyzeResult.Unpriced> unpriced) {
            Map<String, String> firstProvider = new HashMap<>();
            for (Row r : all(AnalyzeSql.firstProviders())) {
                firstProvider.put(r.getString(0), r.getString(1));
            }
            List<Row> rows = new ArrayList<>(all(AnalyzeSql.byModel(d)));
            rows.sort(Comparator.comparingLong(r -> r.getLong(r.fieldIndex("first_pos"))));
            List<AnalyzeResult.ModelRow> out = new ArrayList<>();
            for (Row m : rows) {
                String raw = m.getString(0);
                String name = Redactor.label(raw);
                PriceBook.Resolution res = pricer.resolve(raw, firstProvider.get(raw));
                PriceEntry pe = res == null ? null : res.entry();
                long n = lng(m, "requests"), errors = lng(m, "errors");
                boolean noPrice = res == null && lng(m, "billed") < n;
                List<Double> p = pcts(m, "latency_p");
                out.add(new AnalyzeResult.ModelRow(name, n, noPrice ? null : dbl(m, "cost"), lng(m, "t_in"), lng(m, "t_out"),
                        new AnalyzeResult.ShortLatency(p.get(0), p.get(1)), lng(m, "t_cr"), lng(m, "t_cw"), lng(m, "t_cw1h"),
                        lng(m, "t_reas"), errors, n == 0 ? 0 : (double) errors / n, pe == null ? null : pe.key(),
                        pe == null ? null : pe.catalog(), used.effective(name)));
                String extrapolated = used.warning(name);
                if (extrapolated != null) {
                    warnings.add(extrapolated);
                }
                if (noPrice) {
                    unpriced.add(new AnalyzeResult.Unpriced(name, n, lng(m, "t_in"), lng(m, "t_out"), lng(m, "t_cr"),
                            lng(m, "t_cw"), lng(m, "t_reas")));
                    List<String> dated = pricer.book().namesThatWouldPrice(name, 3);
                    warnings.add("model '" + name + "' has no price (" + n + (n == 1 ? " request" : " requests")
                            + " excluded from cost_usd): add it with --prices FILE" + (dated.isEmpty() ? ""
                            : "; the price book has " + String.join(", ", dated) + ", which would price it if logged under that "
                            + "name (a dated name resolves to its short one, not a short one to a dated price: pricing.md)"));
                }
            }
            out.sort(Comparator.comparing((AnalyzeResult.ModelRow r) -> r.costUsd() == null ? -1 : r.costUsd()).reversed()
                    .thenComparing(AnalyzeResult.ModelRow::model));
            return out;
        }

        /** The exact cache, prompt cache and batch levers, in analyze's order and words. */
        List<Saving> savings(Row rep, long withPrompt, long requests, double total) {
            List<Saving> out = new ArrayList<>();
            double exactUsd = dbl(rep, "usd");
            long hits = lng(rep, "hits");
            out.add(new Saving("exact_cache", exactUsd, hits, total > 0 ? exactUsd / total : 0, List.of(
                    "an exact-match cache keyed on model + normalized messages serves every repeat of a prompt whose "
                            + "earlier request succeeded",
                    "entries never expire within the log's period; a hit costs nothing",
                    "repeats counted in timestamp order; errors are never cached")));
            out.add(promptCache(total));
            if (withPrompt == 0) {
                String why = "no request in the log carries its prompt (messages)";
                out.replaceAll(v -> v.unmeasurable(why));
            } else {
                long promptless = lng(one(AnalyzeSql.promptless()), "n");
                if (promptless > 0) {
                    out.set(0, out.get(0).withFirstNote(Saving.promptlessLowerBound(promptless, requests)));
                }
            }
            Set<String> batchable = o.batchableTasks();
            Row b = one(AnalyzeSql.batchLever(d, List.copyOf(batchable)));
            double usd = dbl(b, "usd");
            out.add(new Saving("batch", usd, lng(b, "n"), total > 0 ? usd / total : 0, List.of(
                    "requests whose task_type is one of: " + String.join(", ", batchable.stream().sorted().toList())
                            + " (set with --batchable) could wait for a Batch API (up to 24 h)",
                    "batch prices from the catalog where it has them, otherwise half the standard rate",
                    "failed requests and requests already sent as batch are left out")));
            return out;
        }

        Saving promptCache(double total) {
            long ttl = o.cacheTtlMs();
            Dataset<Row> unnumbered = spark.sql(AnalyzeSql.promptCacheOffers(false));
            org.apache.spark.sql.types.StructType schema = unnumbered.schema().add("idx", DataTypes.LongType, false);
            Dataset<Row> offers = spark.createDataFrame(unnumbered.sort("pos").javaRDD().zipWithIndex().map(x -> {
                Object[] v = new Object[x._1().size() + 1];
                for (int i = 0; i < v.length - 1; i++) {
                    v[i] = x._1().get(i);
                }
                v[v.length - 1] = x._2() + 1;
                return RowFactory.create(v);
            }), schema).persist();
            try {
                offers.createOrReplaceTempView("o");
                List<long[]> prunes = new ArrayList<>();
                for (Row r : spark.sql("SELECT idx, ms FROM o WHERE idx % " + PRUNE_EVERY + " = 0").collectAsList()) {
                    prunes.add(new long[]{((Number) r.get(0)).longValue(), r.getLong(1)});
                }
                spark.sql(AnalyzeSql.promptCacheHits(d, ttl, prunes)).createOrReplaceTempView("h");
                Row s = one(AnalyzeSql.promptCacheSaving());
                long hits = lng(s, "hits"), writes = lng(s, "writes");
                double usd = dbl(s, "usd");
                return new Saving("prompt_cache", usd, hits, total > 0 ? usd / total : 0, List.of(
                        "breakpoints at the end of the system messages and before the last message; a prefix is cacheable "
                                + "from the model's minimum length (1,024 tokens unless the catalog says otherwise)",
                        "cache lifetime " + (ttl / 60_000) + " min, refreshed by every hit; the same model must ask",
                        "prefix tokens estimated from each request's logged prompt tokens by the prefix's share of characters",
                        "net of cache writes (" + writes + " requests pay the catalog's cache-write rate) and reads ("
                                + hits + " requests); requests that already used caching are left out"));
            } finally {
                offers.unpersist();
            }
        }

        AnalyzeResult.Latency latency(Row t) {
            long n = lng(t, "n_latency");
            List<Double> p = pcts(t, "latency_p");
            return new AnalyzeResult.Latency(p.get(0), p.get(1), p.get(2), n == 0 ? null : dbl(t, "sum_latency") / n, n);
        }

        /** 20 log-spaced bins from the least latency to the greatest (none with fewer than two latencies). */
        List<AnalyzeResult.Bin> histogram(Row t) {
            if (lng(t, "n_latency") < 2) {
                return List.of();
            }
            double lo = Math.max(1, dbl(t, "min_latency")), hi = Math.max(lo * 1.0001, dbl(t, "max_latency"));
            int bins = 20;
            double step = Math.log(hi / lo) / bins;
            long[] counts = new long[bins];
            for (Row r : all(AnalyzeSql.histogram(lo, step))) {
                counts[r.getInt(0)] += r.getLong(1);
            }
            List<AnalyzeResult.Bin> out = new ArrayList<>(bins);
            for (int k = 0; k < bins; k++) {
                out.add(new AnalyzeResult.Bin(lo * Math.exp(k * step), lo * Math.exp((k + 1) * step), counts[k]));
            }
            return out;
        }

        AnalyzeResult.Sessions sessions() {
            Row s = one(AnalyzeSql.sessions(d));
            long n = s.getLong(0);
            if (n == 0) {
                return new AnalyzeResult.Sessions(0, null, null, null, 0);
            }
            List<Double> p = pcts(s, "p");
            return new AnalyzeResult.Sessions(n, s.getDouble(1) / n, p.get(0), p.get(1), (long) s.getDouble(2));
        }

        List<AnalyzeResult.ErrorMessage> topErrors() {
            Map<String, Long> byLabel = new LinkedHashMap<>();
            for (Row r : all(AnalyzeSql.topErrors(d))) {
                byLabel.merge(Redactor.label(r.getString(0)), r.getLong(1), Long::sum);
            }
            List<AnalyzeResult.ErrorMessage> out = new ArrayList<>();
            byLabel.forEach((m, n) -> out.add(new AnalyzeResult.ErrorMessage(m, n)));
            out.sort(Comparator.comparingLong(AnalyzeResult.ErrorMessage::count).reversed()
                    .thenComparing(AnalyzeResult.ErrorMessage::message));
            return out;
        }

        List<AnalyzeResult.Input> inputs() {
            return stats.formats.entrySet().stream()
                    .map(e -> new AnalyzeResult.Input(Redactor.redact(e.getKey()), e.getValue())).toList();
        }

        record DailyOut(String resolution, List<AnalyzeResult.Day> days) {
        }

        /** The daily series on the calendar (by week, month or year when long), as analyze lays it out. */
        DailyOut daily() {
            TreeMap<Long, Row> days = new TreeMap<>();
            for (Row r : all(AnalyzeSql.daily())) {
                days.put(((Number) r.get(0)).longValue(), r);
            }
            if (days.isEmpty()) {
                return new DailyOut("day", List.of());
            }
            long[] keys = days.keySet().stream().mapToLong(Long::longValue).toArray();
            AnalyzeLayout.strayDays(keys, days.values().stream().mapToLong(r -> lng(r, "requests")).toArray(), warnings);
            LocalDate first = LocalDate.ofEpochDay(days.firstKey()), last = LocalDate.ofEpochDay(days.lastKey());
            int u = AnalyzeLayout.unit(first, last);
            Map<LocalDate, double[]> buckets = new TreeMap<>();
            for (var e : days.entrySet()) {
                double[] a = buckets.computeIfAbsent(AnalyzeLayout.bucket(LocalDate.ofEpochDay(e.getKey()), u), k -> new double[8]);
                Row r = e.getValue();
                a[0] += lng(r, "requests");
                a[1] += dbl(r, "cost");
                String[] cols = {"t_in", "t_cr", "t_cw", "t_cw1h", "t_out", "t_reas"};
                for (int c = 0; c < cols.length; c++) {
                    a[2 + c] += lng(r, cols[c]);
                }
            }
            if (AnalyzeLayout.filled(first, last, u)) {
                LocalDate to = AnalyzeLayout.bucket(last, u);
                for (LocalDate x = AnalyzeLayout.bucket(first, u); !x.isAfter(to); x = x.plus(1, AnalyzeLayout.step(u))) {
                    buckets.putIfAbsent(x, new double[8]);
                }
            }
            AnalyzeLayout.spanNote(first, last, u, warnings);
            List<AnalyzeResult.Day> out = new ArrayList<>();
            buckets.forEach((x, a) -> out.add(new AnalyzeResult.Day(x.toString(), (long) a[0], a[1], (long) a[2], (long) a[3],
                    (long) a[4], (long) a[5], (long) a[6], (long) a[7])));
            return new DailyOut(AnalyzeLayout.resolution(u), out);
        }

        /** The --group-by tables: top groups by cost (every day by date), the rest summed in one row, as analyze's. */
        List<AnalyzeResult.GroupTable> groups(double total) {
            List<AnalyzeResult.GroupTable> out = new ArrayList<>();
            if (groupBys.isEmpty()) {
                return out;
            }
            boolean anyProvider = groupBys.stream().anyMatch(g -> g.contains(Dimension.PROVIDER));
            long[] fromNameCatalog = anyProvider ? providerGroups() : new long[2];
            String from = anyProvider ? "(SELECT w.*, pg.g AS provider_group FROM w LEFT JOIN pg ON "
                    + d.nullSafeEq("w.model", "pg.model") + " AND " + d.nullSafeEq("w.provider", "pg.provider") + ") wg" : "w";
            for (List<Dimension> dims : groupBys) {
                List<String> exprs = dims.stream().map(Run::expr).toList();
                List<Row> rows = new ArrayList<>(all(AnalyzeSql.groups(d, exprs, from, "")));
                boolean byDay = dims.size() == 1 && dims.get(0) == Dimension.DAY;
                if (byDay) {
                    rows.sort(Comparator.comparingLong(r -> ((Number) r.get(0)).longValue()));
                } else {
                    rows.sort(Comparator.comparingDouble((Row r) -> -dbl(r, "cost")).thenComparingLong(r -> -lng(r, "requests"))
                            .thenComparingLong(r -> lng(r, "first_pos"))); // ties as first seen, as analyze orders them
                }
                List<AnalyzeResult.GroupRow> table = new ArrayList<>();
                Map<String, long[]> shown = new LinkedHashMap<>(); // requests, unpriced of each shown row
                List<Row> shownKeys = new ArrayList<>();
                long[] rest = new long[10];
                double restCost = 0;
                int restGroups = 0;
                for (int g = 0; g < rows.size(); g++) {
                    Row r = rows.get(g);
                    if (!byDay && g >= o.top()) {
                        restGroups++;
                        String[] cols = {"requests", "errors", "unpriced", "t_in", "t_cr", "t_cw", "t_cw1h", "t_out", "t_reas"};
                        for (int c = 0; c < cols.length; c++) {
                            rest[c] += lng(r, cols[c]);
                        }
                        restCost += dbl(r, "cost");
                        continue;
                    }
                    Map<String, String> key = new LinkedHashMap<>();
                    for (int i = 0; i < dims.size(); i++) {
                        key.put(dims.get(i).id(), name(dims.get(i), r.get(i)));
                    }
                    List<Double> p = pcts(r, "latency_p");
                    table.add(row(key, lng(r, "requests"), lng(r, "errors"), lng(r, "unpriced"), dbl(r, "cost"), total,
                            new long[]{lng(r, "t_in"), lng(r, "t_cr"), lng(r, "t_cw"), lng(r, "t_cw1h"), lng(r, "t_out"),
                                    lng(r, "t_reas")}, p));
                    shown.put(key.entrySet().stream().map(k -> k.getKey() + "=" + k.getValue()).collect(Collectors.joining(" ")),
                            new long[]{lng(r, "requests"), lng(r, "unpriced")});
                    Object[] k = new Object[dims.size()];
                    for (int i = 0; i < dims.size(); i++) {
                        k[i] = r.get(i);
                    }
                    shownKeys.add(RowFactory.create(k));
                }
                if (restGroups > 0) {
                    List<StructField> f = new ArrayList<>();
                    for (int i = 0; i < dims.size(); i++) {
                        f.add(DataTypes.createStructField("k" + i, rows.get(0).schema().fields()[i].dataType(), true));
                    }
                    spark.createDataFrame(shownKeys, DataTypes.createStructType(f)).createOrReplaceTempView("shown");
                    List<Double> p = pcts(one(AnalyzeSql.restOf(d, exprs, from)), "latency_p");
                    Map<String, String> key = new LinkedHashMap<>();
                    for (Dimension x : dims) {
                        key.put(x.id(), "(" + restGroups + " more)");
                    }
                    table.add(row(key, rest[0], rest[1], rest[2], restCost, total,
                            new long[]{rest[3], rest[4], rest[5], rest[6], rest[7], rest[8]}, p));
                    shown.put("(" + restGroups + " more)", new long[]{rest[0], rest[2]});
                }
                String by = dims.stream().map(Dimension::id).collect(Collectors.joining("+"));
                if (dims.contains(Dimension.PROVIDER)) {
                    AnalyzeLayout.providerGroupNotes(by, fromNameCatalog[0], fromNameCatalog[1], warnings);
                }
                AnalyzeLayout.unpricedGroupNotes(by, shown, rows.stream().map(r -> new long[]{lng(r, "requests"),
                        lng(r, "unpriced")}).toList(), warnings);
                out.add(new AnalyzeResult.GroupTable(dims.stream().map(Dimension::id).toList(), table, rows.size()));
            }
            return out;
        }

        static AnalyzeResult.GroupRow row(Map<String, String> key, long requests, long errors, long unpriced, double cost,
                                          double total, long[] tok, List<Double> p) {
            boolean unknown = requests > 0 && unpriced >= requests;
            return new AnalyzeResult.GroupRow(key, requests, errors, requests == 0 ? 0 : (double) errors / requests,
                    unknown ? null : cost, unknown ? null : total > 0 ? cost / total : 0, tok[0], tok[1], tok[2], tok[3], tok[4],
                    tok[5], new AnalyzeResult.ShortLatency(p.get(0), p.get(1)));
        }

        /** A dimension's value in SQL over {@code w} (provider's through its group, see {@link #providerGroups}). */
        static String expr(Dimension x) {
            return switch (x) {
                case MODEL -> "model";
                case PROVIDER -> "provider_group";
                case USER -> "user_id";
                case TEAM -> "team";
                case TASK_TYPE -> "task_type";
                case SESSION -> "session_id";
                case DAY -> AnalyzeSql.DAY;
            };
        }

        static String name(Dimension x, Object v) {
            if (x == Dimension.DAY) {
                return LocalDate.ofEpochDay(((Number) v).longValue()).toString();
            }
            return v == null ? "(none)" : Redactor.label((String) v);
        }

        /**
         * The provider each distinct (model, provider) of the live rows is grouped under, as analyze groups it: the
         * logged one in lower case (kept as logged when lower-casing would uncover a secret), else the one the model's
         * name starts with, else its catalog's; registered as relation {@code pg}. Returns the rows grouped by the name,
         * and by the catalog.
         */
        long[] providerGroups() {
            List<Row> pairs = all("SELECT model, provider, count(*) FROM w WHERE live GROUP BY model, provider");
            List<Row> out = new ArrayList<>();
            long fromName = 0, fromCatalog = 0;
            for (Row r : pairs) {
                String model = r.getString(0), provider = r.getString(1), g = provider;
                if (g == null) {
                    g = PriceBook.namedProvider(model);
                    if (g != null) {
                        fromName += r.getLong(2);
                    } else {
                        PriceBook.Resolution res = pricer.resolve(model, null);
                        g = PriceBook.catalogProvider(model, res == null ? null : res.entry());
                        fromCatalog += g == null ? 0 : r.getLong(2);
                    }
                }
                if (g != null) {
                    String lower = g.strip().toLowerCase(Locale.ROOT);
                    g = Redactor.redact(g).equals(g) ? lower : g;
                }
                out.add(RowFactory.create(model, provider, g));
            }
            spark.createDataFrame(out, DataTypes.createStructType(List.of(
                    DataTypes.createStructField("model", DataTypes.StringType, true),
                    DataTypes.createStructField("provider", DataTypes.StringType, true),
                    DataTypes.createStructField("g", DataTypes.StringType, true)))).createOrReplaceTempView("pg");
            return new long[]{fromName, fromCatalog};
        }

        static long lng(Row r, String col) {
            int i = r.fieldIndex(col);
            return r.isNullAt(i) ? 0 : ((Number) r.get(i)).longValue();
        }

        static double dbl(Row r, String col) {
            int i = r.fieldIndex(col);
            return r.isNullAt(i) ? 0 : ((Number) r.get(i)).doubleValue();
        }

        /** An array of percentiles, each null when nothing was measured. */
        static List<Double> pcts(Row r, String col) {
            int i = r.fieldIndex(col);
            List<Double> out = new ArrayList<>();
            if (r.isNullAt(i)) {
                for (int k = 0; k < 3; k++) {
                    out.add(null);
                }
                return out;
            }
            for (Object x : r.getList(i)) {
                out.add(x == null || Double.isNaN(((Number) x).doubleValue()) ? null : ((Number) x).doubleValue());
            }
            while (out.size() < 3) {
                out.add(null);
            }
            return out;
        }
    }
}
