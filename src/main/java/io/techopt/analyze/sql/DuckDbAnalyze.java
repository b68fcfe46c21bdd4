package io.techopt.analyze.sql;

import io.techopt.analyze.AnalyzeLayout;
import io.techopt.analyze.AnalyzeOptions;
import io.techopt.analyze.AnalyzeReport;
import io.techopt.analyze.AnalyzeResult;
import io.techopt.core.Dimension;
import io.techopt.core.Redactor;
import io.techopt.core.Saving;
import io.techopt.ingest.IngestStats;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.Pricer;
import io.techopt.pricing.PricesUsed;
import io.techopt.report.IngestCounts;
import io.techopt.report.Report;
import io.techopt.store.DuckDbUsageStore;
import io.techopt.store.RepeatedIds;
import io.techopt.store.StoreManifest;
import io.techopt.store.StoreSchema;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code techopt analyze --store} as DuckDB queries (#14 item 1): {@link AnalyzeSql}'s figures run by DuckDB over the
 * store's Parquet files under the store's memory limit and spill directory (DuckDbUsageStore), so memory does not grow
 * with the request count; only the small results come back to Java, laid out as analyze's JSON with its words.
 *
 * <p>DuckDB's JDBC driver runs no Java function in SQL, so techopt's pricing runs first in one streamed pass: each row of
 * the window is read through a cursor, priced by techopt's Pricer ({@link RowPricing}) and its price appended to a
 * DuckDB table ({@code pr}), joined to the rows by their place ({@code pos}). The latency histogram and the prompt
 * cache's saving are likewise streamed through Java.
 */
public final class DuckDbAnalyze {
    private static final long DAY_MS = 86_400_000L;
    private static final int PRUNE_EVERY = 1 << 16;
    private static final AnalyzeSql.Dialect D = AnalyzeSql.DUCKDB;
    /** Runs so far in this JVM: lets a test see which path analyze took. */
    static final java.util.concurrent.atomic.AtomicLong RUNS = new java.util.concurrent.atomic.AtomicLong();

    private final Connection c;
    private final AnalyzeOptions o;
    private final Pricer pricer;
    private final LocalDate priceDate;
    private final IngestStats stats = new IngestStats();
    private final List<String> warnings = new ArrayList<>();
    private long stored;

    DuckDbAnalyze(Connection c, AnalyzeOptions o, Pricer pricer) {
        this.c = c;
        this.o = o;
        this.pricer = pricer;
        this.priceDate = o.priceDate();
    }

    /**
     * analyze's report on the store's requests in [sinceMs, untilMs). {@code afterRead} gets the counts of what was read
     * (lines, requests, bad lines, warnings of the store's logs) before anything is laid out, as a read of the store
     * gives them to a command: it reports them and stops a run that read nothing.
     */
    public static Report run(DuckDbUsageStore store, Pricer pricer, AnalyzeOptions o, long sinceMs, long untilMs,
                             Consumer<IngestStats> afterRead) throws IOException {
        RUNS.incrementAndGet();
        DuckDbAnalyze a = new DuckDbAnalyze(store.sqlConnection(), o, pricer);
        try {
            a.prepare(store, sinceMs, untilMs);
            return a.report(afterRead);
        } catch (SQLException e) {
            throw store.failure("could not analyze the store " + store.dir(), e);
        } finally {
            a.dropTables();
        }
    }

    private void dropTables() {
        try (Statement st = c.createStatement()) {
            st.execute("SET preserve_insertion_order = true"); // the store's setting, as its other readers expect it
        } catch (SQLException ignored) {
            // the connection closes with the store anyway
        }
        for (String t : List.of("rf", "rp", "h", "o", "shown", "pg", "w", "src", "pr", "lc", "raw")) {
            for (String kind : List.of("TABLE", "VIEW")) {
                try (Statement st = c.createStatement()) {
                    st.execute("DROP " + kind + " IF EXISTS " + t);
                } catch (SQLException ignored) {
                    // the name is of the other kind: dropped by the other statement
                }
            }
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The manifest's counts, the window's rows priced, and {@code w}: the rows analyze reads (AnalyzeSql#window). */
    private void prepare(DuckDbUsageStore store, long sinceMs, long untilMs) throws SQLException, IOException {
        StoreManifest manifest = store.manifest();
        for (StoreManifest.Source s : manifest.sources()) {
            stats.files++;
            stats.badLines += s.badLines();
            stats.ignored += s.ignoredLines();
            // a line can hold several requests (a JSON document, a trace): the count ingest saw, else its least
            stats.lines += s.lines() > 0 || s.rows() == 0 ? s.lines() : s.rows() + s.badLines() + s.ignoredLines();
            if (s.warnings() != null) {
                s.warnings().stream().filter(w -> !stats.warnings.contains(w)).forEach(stats.warnings::add);
            }
            stored += s.rows();
            stats.formats.put(s.name(), s.format() == null ? "techopt store" : s.format());
        }
        // rows a later source replaced (a Langfuse update merged into its stored create) are not read: the merged row is the request
        stored -= manifest.replacedRows().size();
        List<Path> files = store.files(sinceMs, untilMs); // days outside the window are never opened
        if (files.isEmpty()) {
            exec("CREATE OR REPLACE TEMP TABLE raw (" + StoreSchema.COLUMNS.stream().filter(x -> !x.name().equals("day"))
                    .map(x -> x.name() + " " + x.type()).collect(Collectors.joining(", ")) + ")");
        } else {
            exec("CREATE OR REPLACE TEMP VIEW raw AS SELECT * FROM read_parquet(" + files.stream()
                    .map(p -> "'" + p.toString().replace("'", "''") + "'").collect(Collectors.joining(", ", "[", "]"))
                    + ", hive_partitioning = false)");
        }
        String where = StoreSchema.window(sinceMs, untilMs) + " AND " + manifest.notReplaced();
        // Bounded memory (#14): DuckDB's window operator does not spill well, so the last-copy rule is no window over the
        // rows but a hash aggregate of the ids read more than once (which spills), joined to the rows in the pricing
        // pass; nothing here needs the rows in insertion order (every query orders what it reads by pos).
        exec("SET preserve_insertion_order = false");
        try (Statement st = c.createStatement()) {
            RepeatedIds.create(st, "lc", "raw", where, stored);
        }
        priceRows(where, store.progress());
        // a view, not a table: materializing every column of every row needs memory that grows with the rows (a temp
        // table of the 200k store does not fit in 64 MB); the view streams the Parquet files and the narrow pr each query
        exec("CREATE OR REPLACE TEMP VIEW w AS " + window(where));
    }

    /**
     * Prices every row of the window with techopt's Pricer, streamed: rows read through a cursor, prices and whether the
     * row is live appended to {@code pr} (DuckDB keeps both within its memory limit, spilling beyond it), with the label of
     * each error's text. The Appender runs on a connection of its own: a query on the reading one would end its stream.
     */
    private void priceRows(String where, io.techopt.core.Progress progress) throws SQLException {
        exec("CREATE OR REPLACE TABLE pr (pos BIGINT, pr_cost DOUBLE, pr_std DOUBLE, pr_batch DOUBLE, "
                + "pr_priced BOOLEAN, pr_pc_min BIGINT, pr_label VARCHAR, pr_live BOOLEAN)");
        RowPricing pricing = new RowPricing(pricer);
        String q = "SELECT r.pos, model, provider, epoch_ms(ts) AS ms, input_tokens, "
                + "cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, batch, "
                + "cost_as_logged, logged_cost_usd, error, error_text, lc.last_pos IS NULL OR lc.last_pos = r.pos AS live "
                + "FROM (SELECT *, " + AnalyzeSql.POS + " AS pos FROM raw WHERE " + where + ") r "
                + "LEFT JOIN lc ON r.request_key = lc.request_key";
        try (DuckDBConnection appending = ((DuckDBConnection) c).duplicate();
             Statement st = c.createStatement();
             DuckDBAppender app = appending.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "pr")) {
            st.setFetchSize(2048);
            try (ResultSet rs = st.executeQuery(q)) {
                long read = 0;
                while (rs.next()) {
                    if ((++read & 4095) == 0) { // as the record path's read says it (of every day's rows: the window's are fewer)
                        progress.at("reading stored rows", read, stored);
                    }
                    Double logged = rs.getObject(13) == null ? null : rs.getDouble(13);
                    RowPricing.Price p = pricing.price(rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getBoolean(11),
                            rs.getBoolean(12), logged);
                    app.beginRow();
                    app.append(rs.getLong(1));
                    appendDouble(app, p.cost());
                    appendDouble(app, p.stdCost());
                    appendDouble(app, p.batchCost());
                    app.append(p.priced());
                    if (p.promptCacheMin() == null) {
                        app.appendNull();
                    } else {
                        app.append((long) p.promptCacheMin());
                    }
                    if (rs.getBoolean(14)) {
                        app.append(AnalyzeLayout.errorLabel(rs.getString(15)));
                    } else {
                        app.appendNull();
                    }
                    app.append(rs.getBoolean(16));
                    app.endRow();
                }
                progress.at("reading stored rows", stored, stored);
            }
        }
    }

    /**
     * {@link AnalyzeSql#window}'s relation {@code w} (the same columns) made from the rows and their prices by place,
     * {@code live} from the pricing pass: a hash join, which spills, where the window's row_number did not.
     */
    private static String window(String where) {
        return "SELECT " + AnalyzeSql.COLUMNS + D.priceColumns() + ", epoch_ms(ts) AS ms, r.pos AS pos, " + D.priced()
                + " AS p, pr_live AS live FROM (SELECT *, " + AnalyzeSql.POS + " AS pos FROM raw WHERE " + where + ") r "
                + "JOIN pr ON r.pos = pr.pos";
    }

    private static void appendDouble(DuckDBAppender app, Double x) throws SQLException {
        if (x == null) {
            app.appendNull();
        } else {
            app.append((double) x);
        }
    }

    /** A result row by column name, its values read before the cursor moves on (arrays as lists). */
    private record Rec(Map<String, Integer> names, Object[] v) {
        Object get(int i) {
            return v[i];
        }

        String str(int i) {
            return (String) v[i];
        }

        boolean isNull(String col) {
            return v[names.get(col)] == null;
        }

        long lng(String col) {
            Object x = v[names.get(col)];
            return x == null ? 0 : ((Number) x).longValue();
        }

        double dbl(String col) {
            Object x = v[names.get(col)];
            return x == null ? 0 : ((Number) x).doubleValue();
        }

        /** An array of percentiles, each null when nothing was measured (at least three). */
        List<Double> pcts(String col) {
            List<Double> out = new ArrayList<>();
            Object x = v[names.get(col)];
            if (x != null) {
                for (Object e : (Object[]) x) {
                    out.add(e == null || Double.isNaN(((Number) e).doubleValue()) ? null : ((Number) e).doubleValue());
                }
            }
            while (out.size() < 3) {
                out.add(null);
            }
            return out;
        }
    }

    private void each(String sql, SqlConsumer<Rec> f) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            Map<String, Integer> names = new HashMap<>();
            for (int i = 0; i < md.getColumnCount(); i++) {
                names.put(md.getColumnLabel(i + 1), i);
            }
            while (rs.next()) {
                Object[] v = new Object[md.getColumnCount()];
                for (int i = 0; i < v.length; i++) {
                    Object x = rs.getObject(i + 1);
                    v[i] = x instanceof Array a ? a.getArray() : x;
                }
                f.accept(new Rec(names, v));
            }
        }
    }

    private interface SqlConsumer<T> {
        void accept(T t) throws SQLException;
    }

    private List<Rec> all(String sql) throws SQLException {
        List<Rec> out = new ArrayList<>();
        each(sql, out::add);
        return out;
    }

    private Rec one(String sql) throws SQLException {
        return all(sql).get(0);
    }

    private Report report(Consumer<IngestStats> afterRead) throws SQLException {
        // copies beyond each id's first from lc (ids read more than once, with their counts): a count(DISTINCT) over w
        // (a hash table of every id beside the join's) ran out of memory at the 256MB limit on a 3.2M-request store
        Rec t = one(AnalyzeSql.totals(D, "(SELECT coalesce(sum(copies) - count(*), 0) FROM lc)"));
        stats.records = t.lng("rows_read");
        stats.estimated = t.lng("estimated");
        stats.conflictingTokens = t.lng("conflicting");
        stats.filtered = stored - stats.records;
        afterRead.accept(stats);
        long duplicates = t.lng("duplicates");
        long requests = t.lng("requests");
        long errors = t.lng("errors");
        double total = t.dbl("cost");
        long priced = t.lng("priced");
        long costAsLogged = t.lng("cost_as_logged");
        Long minMs = t.isNull("min_ms") ? null : t.lng("min_ms");
        Long maxMs = minMs == null ? null : t.lng("max_ms");

        warnings.addAll(stats.warnings);
        if (costAsLogged > 0) {
            warnings.add(costAsLogged + " requests come from a billing or cost-only export: their billed cost is used as is");
        }
        PricesUsed used = pricesUsed();
        List<AnalyzeResult.Unpriced> unpriced = new ArrayList<>();
        List<AnalyzeResult.ModelRow> models = models(used, unpriced);

        Repeats rep = repeats();
        long withPrompt = rep.withPrompt();
        long distinct = rep.distinct();
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
                one("SELECT count(*) AS n FROM w WHERE session_id IS NOT NULL").lng("n") > 0));
        List<AnalyzeResult.Day> days = new ArrayList<>();
        String resolution = daily(days);
        AnalyzeResult.BatchApi batchApi = new AnalyzeResult.BatchApi(t.lng("batch_n"), t.dbl("batch_paid"),
                t.dbl("batch_std"), t.dbl("batch_std") - t.dbl("batch_paid"));
        List<AnalyzeResult.GroupTable> groups = groups(total);
        AnalyzeResult result = new AnalyzeResult(requests, stats.badLines, errors, total,
                new AnalyzeResult.Tokens(t.lng("t_in"), t.lng("t_out"), t.lng("t_cr"), t.lng("t_cw"), t.lng("t_cw1h"),
                        t.lng("t_reas")),
                latency, histogram, models, new AnalyzeResult.Repeats(rate, withPrompt, distinct), unpriced, savings,
                AnalyzeResult.Billing.of(t.lng("logged_n"), t.dbl("logged_sum"), t.dbl("recomputed_sum"), costAsLogged),
                batchApi, sessions(), minMs == null ? null : new AnalyzeResult.Period(Instant.ofEpochMilli(minMs).toString(),
                Instant.ofEpochMilli(maxMs).toString(), Math.floorDiv(maxMs, DAY_MS) - Math.floorDiv(minMs, DAY_MS) + 1),
                groups, days, resolution, stats.estimated, stats.filtered, duplicates,
                io.techopt.analyze.Analyzer.badLines(stats), inputs(),
                warnings, new AnalyzeResult.Pricing(pricer.book().catalogs(), priceDate == null
                ? "each request at its own date" : priceDate.toString()), topErrors());
        result = result.withCostsUnknownWhenUnmeasured(requests, priced, () -> unpriced, stats.filtered);
        return IngestCounts.of(stats, duplicates).on(new AnalyzeReport(result), false);
    }

    /** Requests with a prompt, distinct prompts, and the exact cache's hits and their cost. */
    record Repeats(long withPrompt, long distinct, long hits, double usd) {
    }

    /**
     * The repeats and the exact cache (AnalyzeSql#repeats) without its window over every prompt, which did not fit in
     * 256 MB on a 10M-request store: each prompt's first success aggregated in passes by hash(prompt_key), as
     * RepeatedIds does, over the prompted rows narrowed into a table once.
     */
    Repeats repeats() throws SQLException {
        exec("CREATE OR REPLACE TEMP TABLE rp AS " + AnalyzeSql.promptRows());
        long rows = one("SELECT count(*) AS n FROM rp").lng("n");
        long passes;
        try (Statement st = c.createStatement()) {
            passes = RepeatedIds.passes(st, rows);
        }
        long withPrompt = 0, distinct = 0, hits = 0;
        double usd = 0;
        for (long i = 0; i < passes; i++) {
            exec("CREATE OR REPLACE TEMP TABLE rf AS " + AnalyzeSql.firstSuccesses("rp",
                    passes == 1 ? "true" : "hash(prompt_key) % " + passes + " = " + i));
            Rec r = one(AnalyzeSql.repeatsOf("rp", "rf"));
            withPrompt += r.lng("with_prompt");
            distinct += r.lng("distinct_prompts");
            hits += r.lng("hits");
            usd += r.dbl("usd");
        }
        exec("DROP TABLE rf");
        exec("DROP TABLE rp");
        return new Repeats(withPrompt, distinct, hits, usd);
    }

    /** Which dated price priced each model, recorded as analyze's pricing pass records it. */
    private PricesUsed pricesUsed() throws SQLException {
        PricesUsed used = new PricesUsed(priceDate);
        for (Rec r : all(AnalyzeSql.pricedDays())) {
            String model = r.str(0);
            PriceEntry e = pricer.resolve(model, r.str(1)).entry();
            long day = ((Number) r.get(2)).longValue();
            used.record(Redactor.label(model), e, pricer.version(e, day * DAY_MS),
                    priceDate != null ? priceDate : LocalDate.ofEpochDay(day), r.lng("n"));
        }
        return used;
    }

    /** The by_model rows (most expensive first) and the unpriced models in the order first read, with their warnings. */
    private List<AnalyzeResult.ModelRow> models(PricesUsed used, List<AnalyzeResult.Unpriced> unpriced) throws SQLException {
        Map<String, String> firstProvider = new HashMap<>();
        for (Rec r : all(AnalyzeSql.firstProviders())) {
            firstProvider.put(r.str(0), r.str(1));
        }
        List<Rec> rows = new ArrayList<>(all(AnalyzeSql.byModel(D)));
        rows.sort(Comparator.comparingLong(r -> r.lng("first_pos")));
        List<AnalyzeResult.ModelRow> out = new ArrayList<>();
        for (Rec m : rows) {
            String raw = m.str(0);
            String name = Redactor.label(raw);
            PriceBook.Resolution res = pricer.resolve(raw, firstProvider.get(raw));
            PriceEntry pe = res == null ? null : res.entry();
            long n = m.lng("requests"), errors = m.lng("errors");
            boolean noPrice = res == null && m.lng("billed") < n;
            List<Double> p = m.pcts("latency_p");
            out.add(new AnalyzeResult.ModelRow(name, n, noPrice ? null : m.dbl("cost"), m.lng("t_in"), m.lng("t_out"),
                    new AnalyzeResult.ShortLatency(p.get(0), p.get(1)), m.lng("t_cr"), m.lng("t_cw"), m.lng("t_cw1h"),
                    m.lng("t_reas"), errors, n == 0 ? 0 : (double) errors / n, pe == null ? null : pe.key(),
                    pe == null ? null : pe.catalog(), used.effective(name)));
            String extrapolated = used.warning(name);
            if (extrapolated != null) {
                warnings.add(extrapolated);
            }
            if (noPrice) {
                unpriced.add(new AnalyzeResult.Unpriced(name, n, m.lng("t_in"), m.lng("t_out"), m.lng("t_cr"),
                        m.lng("t_cw"), m.lng("t_reas")));
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
    private List<Saving> savings(Repeats rep, long withPrompt, long requests, double total) throws SQLException {
        List<Saving> out = new ArrayList<>();
        double exactUsd = rep.usd();
        long hits = rep.hits();
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
            long promptless = one(AnalyzeSql.promptless()).lng("n");
            if (promptless > 0) {
                out.set(0, out.get(0).withFirstNote(Saving.promptlessLowerBound(promptless, requests)));
            }
        }
        Set<String> batchable = o.batchable();
        Rec b = one(AnalyzeSql.batchLever(D, List.copyOf(batchable)));
        double usd = b.dbl("usd");
        out.add(new Saving("batch", usd, b.lng("n"), total > 0 ? usd / total : 0, List.of(
                "requests whose task_type is one of: " + String.join(", ", batchable.stream().sorted().toList())
                        + " (set with --batchable) could wait for a Batch API (up to 24 h)",
                "batch prices from the catalog where it has them, otherwise half the standard rate",
                "failed requests and requests already sent as batch are left out")));
        return out;
    }

    /** The prompt-cache lever: offers numbered in read order, hits by window functions, savings priced in Java. */
    private Saving promptCache(double total) throws SQLException {
        long ttl = o.cacheTtlMs();
        exec("CREATE OR REPLACE TEMP TABLE o AS " + AnalyzeSql.promptCacheOffers(true));
        List<long[]> prunes = new ArrayList<>();
        for (Rec r : all("SELECT idx, ms FROM o WHERE idx % " + PRUNE_EVERY + " = 0 ORDER BY idx")) {
            prunes.add(new long[]{((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue()});
        }
        exec("CREATE OR REPLACE TEMP TABLE h AS " + AnalyzeSql.promptCacheHits(D, ttl, prunes));
        RowPricing pricing = new RowPricing(pricer);
        long[] hw = new long[2];
        double[] usd = new double[1];
        for (String range : offerRanges()) {
            each(AnalyzeSql.promptCacheSavingRows(range), r -> {
                long hit = ((Number) r.get(10)).longValue(), write = ((Number) r.get(11)).longValue();
                hw[0] += hit > 0 ? 1 : 0;
                hw[1] += hit == 0 && write > 0 ? 1 : 0;
                usd[0] += pricing.promptCacheSaving(r.str(0), r.str(1), n(r, 2), n(r, 3), n(r, 4), n(r, 5), n(r, 6), n(r, 7),
                        n(r, 8), Boolean.TRUE.equals(r.get(9)), hit, write);
            });
        }
        long hits = hw[0], writes = hw[1];
        return new Saving("prompt_cache", usd[0], hits, total > 0 ? usd[0] / total : 0, List.of(
                "breakpoints at the end of the system messages and before the last message; a prefix is cacheable "
                        + "from the model's minimum length (1,024 tokens unless the catalog says otherwise)",
                "cache lifetime " + (ttl / 60_000) + " min, refreshed by every hit; the same model must ask",
                "prefix tokens estimated from each request's logged prompt tokens by the prefix's share of characters",
                "net of cache writes (" + writes + " requests pay the catalog's cache-write rate) and reads ("
                        + hits + " requests); requests that already used caching are left out"));
    }

    /**
     * The offers' places in consecutive ranges, in order, each joined to its hits and sorted alone: the join and sort of
     * every offer at once did not fit in 256 MB on a 10M-request store. A joined row is wider than RepeatedIds' id, so
     * ranges hold half as many rows as its passes.
     */
    List<String> offerRanges() throws SQLException {
        long offers = one("SELECT count(*) AS n FROM o").lng("n");
        long ranges;
        try (Statement st = c.createStatement()) {
            ranges = RepeatedIds.passes(st, 2 * offers);
        }
        if (ranges == 1) {
            return List.of("true");
        }
        long per = (offers + ranges - 1) / ranges;
        List<Long> starts = new ArrayList<>();
        for (Rec r : all("SELECT pos FROM o WHERE (idx - 1) % " + per + " = 0 ORDER BY idx")) {
            starts.add(((Number) r.get(0)).longValue());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            String below = i + 1 < starts.size() ? " AND o.pos < " + starts.get(i + 1) + " AND h.pos < " + starts.get(i + 1) : "";
            out.add("o.pos >= " + starts.get(i) + " AND h.pos >= " + starts.get(i) + below);
        }
        return out;
    }

    private static long n(Rec r, int i) {
        return r.get(i) == null ? 0 : ((Number) r.get(i)).longValue();
    }

    private AnalyzeResult.Latency latency(Rec t) {
        long n = t.lng("n_latency");
        List<Double> p = t.pcts("latency_p");
        return new AnalyzeResult.Latency(p.get(0), p.get(1), p.get(2), n == 0 ? null : t.dbl("sum_latency") / n, n);
    }

    /** 20 log-spaced bins from the least latency to the greatest (none with fewer than two latencies). */
    private List<AnalyzeResult.Bin> histogram(Rec t) throws SQLException {
        if (t.lng("n_latency") < 2) {
            return List.of();
        }
        double lo = Math.max(1, t.dbl("min_latency")), hi = Math.max(lo * 1.0001, t.dbl("max_latency"));
        int bins = 20;
        double step = Math.log(hi / lo) / bins;
        long[] counts = new long[bins];
        each(AnalyzeSql.latencies(), r -> counts[RowPricing.latencyBin(((Number) r.get(0)).doubleValue(), lo, step)]
                += ((Number) r.get(1)).longValue());
        List<AnalyzeResult.Bin> out = new ArrayList<>(bins);
        for (int k = 0; k < bins; k++) {
            out.add(new AnalyzeResult.Bin(lo * Math.exp(k * step), lo * Math.exp((k + 1) * step), counts[k]));
        }
        return out;
    }

    private AnalyzeResult.Sessions sessions() throws SQLException {
        Rec s = one(AnalyzeSql.sessions(D));
        long n = s.lng("n");
        if (n == 0) {
            return new AnalyzeResult.Sessions(0, null, null, null, 0);
        }
        List<Double> p = s.pcts("p");
        return new AnalyzeResult.Sessions(n, s.dbl("total") / n, p.get(0), p.get(1), (long) s.dbl("max_calls"));
    }

    private List<AnalyzeResult.ErrorMessage> topErrors() throws SQLException {
        Map<String, Long> byLabel = new LinkedHashMap<>();
        for (Rec r : all(AnalyzeSql.topErrors(D))) {
            byLabel.merge(Redactor.label(r.str(0)), r.lng("n"), Long::sum);
        }
        List<AnalyzeResult.ErrorMessage> out = new ArrayList<>();
        byLabel.forEach((m, n) -> out.add(new AnalyzeResult.ErrorMessage(m, n)));
        out.sort(Comparator.comparingLong(AnalyzeResult.ErrorMessage::count).reversed()
                .thenComparing(AnalyzeResult.ErrorMessage::message));
        return out;
    }

    private List<AnalyzeResult.Input> inputs() {
        return stats.formats.entrySet().stream()
                .map(e -> new AnalyzeResult.Input(Redactor.redact(e.getKey()), e.getValue())).toList();
    }

    /** The daily series on the calendar (by week, month or year when long), as analyze lays it out; its resolution. */
    private String daily(List<AnalyzeResult.Day> out) throws SQLException {
        TreeMap<Long, Rec> days = new TreeMap<>();
        for (Rec r : all(AnalyzeSql.daily())) {
            days.put(((Number) r.get(0)).longValue(), r);
        }
        if (days.isEmpty()) {
            return "day";
        }
        long[] keys = days.keySet().stream().mapToLong(Long::longValue).toArray();
        AnalyzeLayout.strayDays(keys, days.values().stream().mapToLong(r -> r.lng("requests")).toArray(), warnings);
        LocalDate first = LocalDate.ofEpochDay(days.firstKey()), last = LocalDate.ofEpochDay(days.lastKey());
        int u = AnalyzeLayout.unit(first, last);
        Map<LocalDate, double[]> buckets = new TreeMap<>();
        String[] cols = {"t_in", "t_cr", "t_cw", "t_cw1h", "t_out", "t_reas"};
        for (var e : days.entrySet()) {
            double[] a = buckets.computeIfAbsent(AnalyzeLayout.bucket(LocalDate.ofEpochDay(e.getKey()), u), k -> new double[8]);
            Rec r = e.getValue();
            a[0] += r.lng("requests");
            a[1] += r.dbl("cost");
            for (int k = 0; k < cols.length; k++) {
                a[2 + k] += r.lng(cols[k]);
            }
        }
        if (AnalyzeLayout.filled(first, last, u)) {
            LocalDate to = AnalyzeLayout.bucket(last, u);
            for (LocalDate x = AnalyzeLayout.bucket(first, u); !x.isAfter(to); x = x.plus(1, AnalyzeLayout.step(u))) {
                buckets.putIfAbsent(x, new double[8]);
            }
        }
        AnalyzeLayout.spanNote(first, last, u, warnings);
        buckets.forEach((x, a) -> out.add(new AnalyzeResult.Day(x.toString(), (long) a[0], a[1], (long) a[2], (long) a[3],
                (long) a[4], (long) a[5], (long) a[6], (long) a[7])));
        return AnalyzeLayout.resolution(u);
    }

    /** The --group-by tables: top groups by cost (every day by date), the rest summed in one row, as analyze's. */
    private List<AnalyzeResult.GroupTable> groups(double total) throws SQLException {
        List<AnalyzeResult.GroupTable> out = new ArrayList<>();
        if (o.groupBys().isEmpty()) {
            return out;
        }
        boolean anyProvider = o.groupBys().stream().anyMatch(g -> g.contains(Dimension.PROVIDER));
        long[] fromNameCatalog = anyProvider ? providerGroups() : new long[2];
        String from = anyProvider ? "(SELECT w.*, pg.g AS provider_group FROM w LEFT JOIN pg ON "
                + D.nullSafeEq("w.model", "pg.model") + " AND " + D.nullSafeEq("w.provider", "pg.provider") + ") wg" : "w";
        for (List<Dimension> dims : o.groupBys()) {
            List<String> exprs = dims.stream().map(DuckDbAnalyze::expr).toList();
            List<Rec> rows = new ArrayList<>(all(AnalyzeSql.groups(D, exprs, from, "")));
            boolean byDay = dims.size() == 1 && dims.get(0) == Dimension.DAY;
            if (byDay) {
                rows.sort(Comparator.comparingLong(r -> ((Number) r.get(0)).longValue()));
            } else {
                rows.sort(Comparator.comparingDouble((Rec r) -> -r.dbl("cost")).thenComparingLong(r -> -r.lng("requests"))
                        .thenComparingLong(r -> r.lng("first_pos"))); // ties as first seen, as analyze orders them
            }
            List<AnalyzeResult.GroupRow> table = new ArrayList<>();
            Map<String, long[]> shown = new LinkedHashMap<>(); // requests, unpriced of each shown row
            List<Object[]> shownKeys = new ArrayList<>();
            long[] rest = new long[10];
            double restCost = 0;
            int restGroups = 0;
            String[] cols = {"requests", "errors", "unpriced", "t_in", "t_cr", "t_cw", "t_cw1h", "t_out", "t_reas"};
            for (int g = 0; g < rows.size(); g++) {
                Rec r = rows.get(g);
                if (!byDay && g >= o.top()) {
                    restGroups++;
                    for (int k = 0; k < cols.length; k++) {
                        rest[k] += r.lng(cols[k]);
                    }
                    restCost += r.dbl("cost");
                    continue;
                }
                Map<String, String> key = new LinkedHashMap<>();
                for (int i = 0; i < dims.size(); i++) {
                    key.put(dims.get(i).id(), name(dims.get(i), r.get(i)));
                }
                table.add(row(key, r.lng("requests"), r.lng("errors"), r.lng("unpriced"), r.dbl("cost"), total,
                        new long[]{r.lng("t_in"), r.lng("t_cr"), r.lng("t_cw"), r.lng("t_cw1h"), r.lng("t_out"),
                                r.lng("t_reas")}, r.pcts("latency_p")));
                shown.put(key.entrySet().stream().map(k -> k.getKey() + "=" + k.getValue()).collect(Collectors.joining(" ")),
                        new long[]{r.lng("requests"), r.lng("unpriced")});
                Object[] k = new Object[dims.size()];
                for (int i = 0; i < dims.size(); i++) {
                    k[i] = r.get(i);
                }
                shownKeys.add(k);
            }
            if (restGroups > 0) {
                StringBuilder ddl = new StringBuilder();
                for (int i = 0; i < dims.size(); i++) {
                    ddl.append(i == 0 ? "" : ", ").append("k").append(i).append(dims.get(i) == Dimension.DAY ? " DOUBLE" : " VARCHAR");
                }
                exec("CREATE OR REPLACE TEMP TABLE shown (" + ddl + ")");
                insert("shown", dims.size(), shownKeys);
                List<Double> p = one(AnalyzeSql.restOf(D, exprs, from)).pcts("latency_p");
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
            AnalyzeLayout.unpricedGroupNotes(by, shown, rows.stream().map(r -> new long[]{r.lng("requests"),
                    r.lng("unpriced")}).toList(), warnings);
            out.add(new AnalyzeResult.GroupTable(dims.stream().map(Dimension::id).toList(), table, rows.size()));
        }
        return out;
    }

    private void insert(String table, int columns, List<Object[]> rows) throws SQLException {
        String marks = String.join(", ", java.util.Collections.nCopies(columns, "?"));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (" + marks + ")")) {
            for (Object[] r : rows) {
                for (int i = 0; i < columns; i++) {
                    ps.setObject(i + 1, r[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static AnalyzeResult.GroupRow row(Map<String, String> key, long requests, long errors, long unpriced,
                                              double cost, double total, long[] tok, List<Double> p) {
        boolean unknown = requests > 0 && unpriced >= requests;
        return new AnalyzeResult.GroupRow(key, requests, errors, requests == 0 ? 0 : (double) errors / requests,
                unknown ? null : cost, unknown ? null : total > 0 ? cost / total : 0, tok[0], tok[1], tok[2], tok[3], tok[4],
                tok[5], new AnalyzeResult.ShortLatency(p.get(0), p.get(1)));
    }

    /** A dimension's value in SQL over {@code w} (provider's through its group, see {@link #providerGroups}). */
    private static String expr(Dimension x) {
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

    private static String name(Dimension x, Object v) {
        if (x == Dimension.DAY) {
            return LocalDate.ofEpochDay(((Number) v).longValue()).toString();
        }
        return v == null ? "(none)" : Redactor.label((String) v);
    }

    /**
     * The provider each distinct (model, provider) of the live rows is grouped under, as analyze groups it: the logged
     * one in lower case (kept as logged when lower-casing would uncover a secret), else the one the model's name starts
     * with, else its catalog's; as table {@code pg}. Returns the rows grouped by the name, and by the catalog.
     */
    private long[] providerGroups() throws SQLException {
        List<Object[]> out = new ArrayList<>();
        long fromName = 0, fromCatalog = 0;
        for (Rec r : all("SELECT model, provider, count(*) AS n FROM w WHERE live GROUP BY model, provider")) {
            String model = r.str(0), provider = r.str(1), g = provider;
            if (g == null) {
                g = PriceBook.namedProvider(model);
                if (g != null) {
                    fromName += r.lng("n");
                } else {
                    PriceBook.Resolution res = pricer.resolve(model, null);
                    g = PriceBook.catalogProvider(model, res == null ? null : res.entry());
                    fromCatalog += g == null ? 0 : r.lng("n");
                }
            }
            if (g != null) {
                String lower = g.strip().toLowerCase(Locale.ROOT);
                g = Redactor.redact(g).equals(g) ? lower : g;
            }
            out.add(new Object[]{model, provider, g});
        }
        exec("CREATE OR REPLACE TEMP TABLE pg (model VARCHAR, provider VARCHAR, g VARCHAR)");
        insert("pg", 3, out);
        return new long[]{fromName, fromCatalog};
    }
}
