package io.techopt.analyze.change;

import io.techopt.core.Dict;
import io.techopt.core.LogRecord;
import io.techopt.core.Usage;
import io.techopt.ingest.RecordSink;
import io.techopt.ingest.RepeatedRequests;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.PriceVersion;
import io.techopt.pricing.Pricer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Sums what a cost change is made of, per period, team, model, billing kind and outcome: requests, tokens of each
 * kind, their cost at the prices each request paid (analyze's cost) and at one reference price version per model
 * (the {@code --price-date} version, else the newest; for a kind of token that version prices at $0, the newest one
 * that prices it), which separates dated price changes from batch and
 * long-context rates. Bounded memory: a few sums per group, and per request with an id about 70 bytes in primitive
 * columns, to take a repeated request id's earlier copy in the same period back out (the last copy wins, as in analyze).
 */
public final class ChangeCollector implements RecordSink {
    /** Token kinds, in {@link CostCalculator.Applied#cost} order. */
    static final int INPUT = 0, CACHE_READ = 1, CACHE_WRITE = 2, CACHE_WRITE_1H = 3, OUTPUT = 4, KINDS = 5;
    /** How a group's requests are costed. */
    static final int PRICED = 0, BILLED = 1, UNPRICED = 2;

    private final ChangePeriods periods;
    private final Pricer pricer;
    final Dict models = new Dict(), teams = new Dict(), providers = new Dict();
    /** Each group's sums in the baseline [0] and the current period [1]. */
    final Map<Key, Acc[]> groups = new HashMap<>();
    private final List<Key> groupKeys = new ArrayList<>();
    private final Map<Key, Integer> groupIds = new HashMap<>();
    final long[] requests = new long[2];
    final long[] failed = new long[2];
    final long[] unpriced = new long[2];
    /** Records whose tokens were estimated from their text, or whose token fields disagreed, per period. */
    final long[] estimated = new long[2], conflicting = new long[2];
    /** The earliest and latest request time of the whole log (what it covers), once read. */
    long logFirstMs = Long.MAX_VALUE, logLastMs = Long.MIN_VALUE;
    static final long HOUR_MS = 3_600_000L, DAY_MS = 24 * HOUR_MS;
    /** Each period cut into {@value #SLOTS} equal slots, marked where a request was read: the log's quiet stretches. */
    static final int SLOTS = 10_000;
    private final java.util.BitSet[] occupied = {new java.util.BitSet(SLOTS), new java.util.BitSet(SLOTS)};
    /** Whether every request time read is a whole day (UTC), or a whole hour: a billing export's rows stand for it. */
    private boolean wholeDays = true, wholeHours = true;
    /** The price versions (effective dates) that priced each model in each period. */
    final Map<Integer, TreeSet<String>[]> versions = new HashMap<>();
    /**
     * Per model, the baseline requests dated before its first dated price (priced at that later price, as analyze warns
     * for the current period's), and the entry that priced them: the baseline run alone would warn of them.
     */
    final Map<Integer, long[]> baselineBeforeFirst = new HashMap<>();
    final Map<Integer, PriceEntry> baselineBeforeFirstEntry = new HashMap<>();

    /**
     * One last-wins rule per period: a request id logged again in the other period is another request there, as in
     * a stand-alone {@code analyze --since/--until} of each period (whose costs the report's must equal).
     */
    private final RepeatedRequests[] ids = {new RepeatedRequests(), new RepeatedRequests()};
    /** Request ids logged in both periods: each counts once in each. */
    long idsInBothPeriods;
    /** Per kept request with an id (slot): its group, period, count, tokens, time, provider and logged cost. */
    private int slots;
    private int[] slotGroup = new int[0], slotProvider = new int[0];
    private byte[] slotFlags = new byte[0];
    private long[] slotCount = new long[0], slotTs = new long[0], slotTokens = new long[0];
    private double[] slotBilled = new double[0];
    private static final byte CURRENT = 1, BATCH = 2;

    /** A group: team, model, how it is costed ({@link #PRICED}, {@link #BILLED}, {@link #UNPRICED}), outcome. */
    record Key(int team, int model, int kind, boolean error) {
    }

    /** One period's sums for one group. */
    static final class Acc {
        long count;
        final double[] tokens = new double[KINDS];
        final double[] cost = new double[KINDS];
        final double[] refCost = new double[KINDS];
        double billed;

        double promptTokens() {
            return tokens[INPUT] + tokens[CACHE_READ] + tokens[CACHE_WRITE] + tokens[CACHE_WRITE_1H];
        }
    }

    public ChangeCollector(PriceBook book, LocalDate priceDate, ChangePeriods periods) {
        this.pricer = new Pricer(book, priceDate);
        this.periods = periods;
    }

    public ChangePeriods periods() {
        return periods;
    }

    @Override
    public void accept(LogRecord r) {
        int p = periods.of(r.timestampMs);
        if (p == ChangePeriods.NEITHER) {
            return;
        }
        long from = p == ChangePeriods.CURRENT ? periods.currentFrom() : periods.baselineFrom();
        long len = (p == ChangePeriods.CURRENT ? periods.currentUntil() : periods.baselineUntil()) - from;
        occupied[p].set((int) Math.min(SLOTS - 1, (long) ((double) (r.timestampMs - from) / len * SLOTS)));
        wholeDays &= Math.floorMod(r.timestampMs, DAY_MS) == 0;
        wholeHours &= Math.floorMod(r.timestampMs, HOUR_MS) == 0;
        estimated[p] += r.estimated ? 1 : 0;
        conflicting[p] += r.conflictingTokens ? 1 : 0;
        int model = models.id(r.model);
        int provider = providers.id(r.provider);
        int kind = r.costAsLogged ? BILLED : pricer.resolve(r.model, r.provider) == null ? UNPRICED : PRICED;
        int group = group(new Key(teams.id(r.team), model, kind, r.error));
        double billed = r.costAsLogged && !Double.isNaN(r.loggedCostUsd) ? r.loggedCostUsd : 0;
        Usage u = r.usage == null ? Usage.ZERO : r.usage;
        if (r.requestId != null) {
            int slot = ids[p].slot(r, slots);
            if (slot < slots) {
                apply(slot, -1); // the last copy wins: the earlier one is taken back out
            } else {
                if (ids[1 - p].seen(r.requestId)) {
                    idsInBothPeriods++; // counted in each period, as each period's run alone does (a note says so)
                }
                grow();
                slots++;
            }
            slotGroup[slot] = group;
            slotProvider[slot] = provider;
            slotFlags[slot] = (byte) ((p == ChangePeriods.CURRENT ? CURRENT : 0) | (r.batch ? BATCH : 0));
            slotCount[slot] = r.count;
            slotTs[slot] = r.timestampMs;
            slotBilled[slot] = billed;
            int t = slot * KINDS;
            slotTokens[t + INPUT] = u.inputTokens();
            slotTokens[t + CACHE_READ] = u.cacheReadTokens();
            slotTokens[t + CACHE_WRITE] = u.cacheWriteTokens();
            slotTokens[t + CACHE_WRITE_1H] = u.cacheWrite1hTokens();
            slotTokens[t + OUTPUT] = u.outputTokens();
        }
        add(group, p, r.count, r.timestampMs, provider, r.batch, billed, u.inputTokens(), u.cacheReadTokens(),
                u.cacheWriteTokens(), u.cacheWrite1hTokens(), u.outputTokens(), 1);
    }

    private int group(Key k) {
        Integer id = groupIds.get(k);
        if (id == null) {
            id = groupKeys.size();
            groupIds.put(k, id);
            groupKeys.add(k);
            groups.put(k, new Acc[]{new Acc(), new Acc()});
        }
        return id;
    }

    private void apply(int slot, int sign) {
        int t = slot * KINDS;
        byte f = slotFlags[slot];
        add(slotGroup[slot], (f & CURRENT) != 0 ? 1 : 0, slotCount[slot], slotTs[slot], slotProvider[slot], (f & BATCH) != 0,
                slotBilled[slot], slotTokens[t + INPUT], slotTokens[t + CACHE_READ], slotTokens[t + CACHE_WRITE],
                slotTokens[t + CACHE_WRITE_1H], slotTokens[t + OUTPUT], sign);
    }

    /** Adds (sign 1) or takes back out (sign -1) one request: the same figures either way, priced the same way. */
    private void add(int group, int p, long count, long ts, int provider, boolean batch, double billed, long in, long read,
                     long write, long write1h, long out, int sign) {
        Key k = groupKeys.get(group);
        Acc a = groups.get(k)[p];
        requests[p] += sign * count;
        if (k.error()) {
            failed[p] += sign * count;
        }
        a.count += sign * count;
        if (k.kind() == UNPRICED) {
            unpriced[p] += sign * count;
            return;
        }
        if (k.kind() == BILLED) {
            a.billed += sign * billed;
            return;
        }
        PriceEntry e = pricer.resolve(models.raw(k.model()), providers.raw(provider)).entry();
        PriceVersion v = pricer.version(e, ts);
        if (p == 0 && pricer.priceDate() == null && e.isDated()
                && LocalDate.ofEpochDay(Math.floorDiv(ts, DAY_MS)).isBefore(e.versions().get(0).effective())) {
            baselineBeforeFirst.computeIfAbsent(k.model(), x -> new long[1])[0] += sign * count;
            baselineBeforeFirstEntry.putIfAbsent(k.model(), e);
        }
        PriceVersion ref = pricer.priceDate() != null ? e.at(pricer.priceDate()) : e.latest();
        Usage u = new Usage(in, read, write, write1h, out, 0);
        CostCalculator.Applied paid = CostCalculator.rates(v, u, batch);
        CostCalculator.Applied atRef = CostCalculator.rates(ref, u, batch);
        double[] tokens = {in, read, write, write1h, out};
        for (int kind = 0; kind < KINDS; kind++) {
            a.tokens[kind] += sign * tokens[kind];
            a.cost[kind] += sign * tokens[kind] * rate(paid, kind);
            double r = rate(atRef, kind);
            a.refCost[kind] += sign * tokens[kind] * (r > 0 || tokens[kind] == 0 ? r : referenceRate(e, ref, u, batch, kind));
        }
        if (sign > 0) {
            @SuppressWarnings("unchecked")
            TreeSet<String>[] seen = versions.computeIfAbsent(k.model(), x -> new TreeSet[]{new TreeSet<>(), new TreeSet<>()});
            seen[p].add(v.effective() == null ? "undated" : v.effective().toString());
        }
    }

    /**
     * The reference rate of a kind of token the reference version prices at $0: that of the newest other version that
     * prices it (0 when none does, and then every version, so the price paid, is $0 too). A $0 reference would make the
     * price index undefined and hand a dated price change (to or from $0, or while the newest version is $0) to the
     * batch and long-context effect. Chosen from the request's tokens and batch flag alone, not its date, so that the same
     * traffic has the same reference rate in both periods.
     */
    private static double referenceRate(PriceEntry e, PriceVersion ref, Usage u, boolean batch, int kind) {
        List<PriceVersion> all = e.versions();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i) != ref) {
                double r = rate(CostCalculator.rates(all.get(i), u, batch), kind);
                if (r > 0) {
                    return r;
                }
            }
        }
        return 0;
    }

    private static double rate(CostCalculator.Applied a, int kind) {
        return switch (kind) {
            case INPUT -> a.input();
            case CACHE_READ -> a.cacheRead();
            case CACHE_WRITE -> a.cacheWrite();
            case CACHE_WRITE_1H -> a.cacheWrite1h();
            default -> a.output();
        };
    }

    private void grow() {
        if (slots < slotGroup.length) {
            return;
        }
        int n = Math.max(1024, slotGroup.length * 2);
        slotGroup = Arrays.copyOf(slotGroup, n);
        slotProvider = Arrays.copyOf(slotProvider, n);
        slotFlags = Arrays.copyOf(slotFlags, n);
        slotCount = Arrays.copyOf(slotCount, n);
        slotTs = Arrays.copyOf(slotTs, n);
        slotBilled = Arrays.copyOf(slotBilled, n);
        slotTokens = Arrays.copyOf(slotTokens, n * KINDS);
    }

    /**
     * The longest stretch with no request between two requests of period {@code p} (an upper bound, to a slot: the
     * period's length / {@value #SLOTS}); 0 with fewer than two slots marked.
     */
    long longestQuietMs(int p) {
        java.util.BitSet b = occupied[p];
        int longest = 0;
        for (int i = b.nextSetBit(0), next; i >= 0 && (next = b.nextSetBit(i + 1)) >= 0; i = next) {
            longest = Math.max(longest, next - i);
        }
        long len = p == ChangePeriods.CURRENT ? periods.currentUntil() - periods.currentFrom()
                : periods.baselineUntil() - periods.baselineFrom();
        return longest == 0 ? 0 : (long) Math.ceil((longest + 1) * (double) len / SLOTS);
    }

    /** How long a request time stands for: a day when every one is a whole day, an hour likewise, else 0. */
    long timeResolutionMs() {
        return requests[0] + requests[1] == 0 ? 0 : wholeDays ? DAY_MS : wholeHours ? HOUR_MS : 0;
    }

    /** What the log covers: its first and last request time, inside the periods or not. */
    void logCovers(long firstMs, long lastMs) {
        logFirstMs = firstMs;
        logLastMs = lastMs;
    }

    /** The decomposition of what was collected. */
    public ChangeResult finish() {
        return new ChangeDecomposition(this).result();
    }
}
