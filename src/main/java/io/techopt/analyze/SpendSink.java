package io.techopt.analyze;

import io.techopt.core.Charges;
import io.techopt.core.DailySpend;
import io.techopt.core.LogRecord;
import io.techopt.ingest.IngestStats;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.Pricer;
import io.techopt.pricing.PricesUsed;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * cost-forecast's figures ({@link SpendAnalysis}) from sums alone: the requests are handed over last copies only (a
 * store applies the last-copy rule in a query), go into a {@link RequestStore} a chunk at a time, and each chunk is
 * folded by analyze's own parts (its pricing pass, model table, day groupings, hours and charges, each row in read
 * order, so the same doubles as {@link Analyzer}'s) before the table is emptied. What stays grows with the days, scopes
 * and models, not with the requests.
 */
final class SpendSink implements SpendAnalysis {
    /** Rows held before they are folded: one block of the table. */
    private static final int CHUNK = 16_384;

    private final PriceBook book;
    private final RequestStore store;
    private final PricesUsed pricesUsed;
    private final PricingPass pricing = PricingPass.streamed();
    private final List<GroupTables.Fold> groupings = new ArrayList<>();
    private final DailySeries.Hours hours = new DailySeries.Hours();
    private final LogCharges charges = new LogCharges();
    /** Per UTC day (epoch day): its requests and its first request's time. */
    private final TreeMap<Long, long[]> days = new TreeMap<>();
    private final Map<Integer, int[]> noLatencies = Map.of();
    private long earlierCopies;
    private DailySpend dailySpend;
    private Charges charged;

    SpendSink(PriceBook book, AnalyzeOptions options) {
        this.book = book;
        this.store = new RequestStore(new Pricer(book, options.priceDate()), options.priceDate(), true);
        this.pricesUsed = new PricesUsed(options.priceDate());
        options.groupBys().forEach(dims -> groupings.add(new GroupTables.Fold(dims)));
    }

    @Override
    public boolean takesLastCopiesOnly() {
        return true;
    }

    @Override
    public void earlierCopiesLeftOut(long copies) {
        earlierCopies = copies;
    }

    @Override
    public int requestsHeld() {
        return store.t.n;
    }

    @Override
    public LogRecord prepare(LogRecord r) {
        // what no spend figure reads: the text, the session (a name kept per session) and the latency (a value per request)
        LogRecord.Builder b = r.withoutText().toBuilder();
        b.sessionId = null;
        b.latencyMs = Double.NaN;
        return b.build();
    }

    @Override
    public void accept(LogRecord r) {
        store.add(r, null);
        if (store.t.n == CHUNK) {
            fold();
        }
    }

    private void fold() {
        RequestTable t = store.t;
        for (int i = 0; i < t.n; i++) {
            double cost = pricing.price(store, i, pricesUsed, noLatencies);
            for (GroupTables.Fold g : groupings) {
                g.add(store, i, cost);
            }
            hours.add(store, i, cost);
            charges.add(store, i);
            long[] day = days.computeIfAbsent(store.day(i), k -> new long[]{0, Long.MAX_VALUE});
            day[0] += t.count(i);
            day[1] = Math.min(day[1], t.ts(i));
        }
        t.clear();
    }

    @Override
    public void finishSpend(IngestStats stats) {
        fold();
        List<String> warnings = new ArrayList<>(stats.warnings);
        if (pricing.billedNote() != null) {
            warnings.add(pricing.billedNote());
        }
        ModelTable.Rows models = pricing.models.rows(store, book, pricesUsed, warnings);
        if (!days.isEmpty()) {
            DailySeries.calendarNotes(days.keySet().stream().mapToLong(Long::longValue).toArray(),
                    days.values().stream().mapToLong(d -> d[0]).toArray(), warnings);
        }
        List<DailySpend.Row> rows = new ArrayList<>();
        groupings.forEach(g -> rows.addAll(g.spendRows(store)));
        dailySpend = new DailySpend(pricing.requests, warnings, models.unpriced().stream()
                .map(u -> new DailySpend.Unpriced(u.model(), u.requests())).toList(), List.copyOf(rows),
                rows.isEmpty() ? List.of() : hours.finish());
        charged = charges.finish(store);
    }

    @Override
    public DailySpend dailySpend() {
        return dailySpend;
    }

    @Override
    public Charges charges() {
        return charged;
    }

    @Override
    public Instant firstRequestFrom(LocalDate day) {
        long first = Long.MAX_VALUE;
        for (long[] d : days.tailMap(day.toEpochDay()).values()) {
            first = Math.min(first, d[1]);
        }
        return first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first);
    }

    @Override
    public Instant lastRequest() {
        return pricing.minTs == Long.MAX_VALUE ? null : Instant.ofEpochMilli(pricing.maxTs);
    }

    @Override
    public PricesUsed pricesUsed() {
        return pricesUsed;
    }

    @Override
    public long duplicateRequestIds() {
        return earlierCopies;
    }
}
