package io.techopt.analyze.latency;

import io.techopt.core.LogRecord;
import io.techopt.core.Redactor;
import io.techopt.ingest.RecordSink;
import io.techopt.ingest.Span;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.Pricer;
import io.techopt.stats.DoubleList;
import io.techopt.stats.LongHashSet;
import io.techopt.stats.LongIntMap;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The latency bottleneck map: a {@link RecordSink} that keeps every span of the traces it reads (OTLP spans and
 * Langfuse observations, not only LLM calls) as a few numbers (times, stage, cost, hashed ids; never names or
 * payloads), since a trace's spans may be anywhere in the input, and at the end breaks each trace's wall time and
 * cost down by {@link Stage} ({@link TraceBreakdown}).
 * <p>Memory is bounded: at most {@link #DEFAULT_MAX_SPANS} spans (about 50 bytes each) and
 * {@link #DEFAULT_MAX_TRACES} traces are kept. A span beyond either limit is not kept and its whole trace is left out
 * of the map (a partial trace would show wrong shares); the report counts those traces and spans in a note.
 */
public final class LatencyMap implements RecordSink {
    public static final int DEFAULT_MAX_SPANS = 1_000_000;
    public static final int DEFAULT_MAX_TRACES = 200_000;
    static final int SAMPLES = 5;
    private static final int TRACE_ID_CHARS = 64;
    /** The span is a request (an LLM call with usage, or an embeddings call). */
    static final byte CALL = 1;
    /** The span is an LLM call (by its stage) that carries no usage: its cost is unknown unless it wraps, or is wrapped by, a CALL. */
    static final byte NO_USAGE = 2;
    /** The span is a copy of a call priced in another span of its trace (the same request id): not priced again. */
    static final byte COPY = 3;

    private final Pricer pricer;
    private final int maxSpans;
    private final int maxTraces;
    private final int top;

    // one slot per kept span
    private long[] start = new long[1024];
    private long[] end = new long[1024];
    private long[] idHash = new long[1024];
    private long[] parentHash = new long[1024];
    private long[] requestHash = new long[1024]; // the request id analyze counts the call under (0: not a call)
    private double[] cost = new double[1024];
    private byte[] stage = new byte[1024];
    private byte[] flags = new byte[1024]; // CALL, NO_USAGE
    private int[] nextInTrace = new int[1024];
    private int spans;

    // one slot per trace
    private final LongIntMap traceIndex = new LongIntMap();
    private final List<String> traceIds = new ArrayList<>();
    private int[] head = new int[256];
    private int[] tail = new int[256];
    private int[] spanCount = new int[256];
    private long[] traceHash = new long[256];

    // --since/--until (ms): a trace belongs to the period its first span starts in
    private long fromMs = Long.MIN_VALUE;
    private long untilMs = Long.MAX_VALUE;
    private final LongHashSet startedBefore = new LongHashSet(); // traces with a span before fromMs: out whole
    private long spansBefore;
    private final LongHashSet overflowTraces = new LongHashSet();
    private final LongHashSet seen = new LongHashSet();

    private long overflowSpans;
    private long repeatedSpans;
    private long pointEvents;
    private long malformed;
    private final List<Sample> malformedSamples = new ArrayList<>();
    private long unpricedCalls;
    private long unpricedEmbeddings; // of the unpriced calls, those in stage retrieval: embedding calls, not LLM calls
    private long noUsageCalls;
    /** noUsageCalls by the UTC day their span started (epoch day): cost-forecast counts them as requests of unknown cost. */
    private final java.util.TreeMap<Long, Long> noUsageCallsByDay = new java.util.TreeMap<>();
    private long copiedCalls;
    /** Agent spans carrying usage of their own (no call with usage beneath them): their cost is booked to llm. */
    private long agentSpend;
    private final Map<String, Long> unpricedModels = new HashMap<>();

    /** One malformed span, file and reason redacted. */
    public record Sample(String file, long line, String reason) {
    }

    public LatencyMap(PriceBook book, LocalDate priceDate, int top) {
        this(book, priceDate, top, DEFAULT_MAX_SPANS, DEFAULT_MAX_TRACES);
    }

    LatencyMap(PriceBook book, LocalDate priceDate, int top, int maxSpans, int maxTraces) {
        this.pricer = new Pricer(book, priceDate); // its own: the prices analyze lists count each request once
        this.top = top;
        this.maxSpans = maxSpans;
        this.maxTraces = maxTraces;
    }

    /**
     * Maps only the traces whose first span starts in [fromMs, untilMs) (--since/--until, the current period of
     * --compare-to), each whole: its spans after untilMs too; a trace with a span before fromMs is left out whole.
     * Ingest passes every span whatever its time.
     */
    public LatencyMap period(long fromMs, long untilMs) {
        this.fromMs = fromMs;
        this.untilMs = untilMs;
        return this;
    }

    @Override
    public void accept(LogRecord r) {
        // requests are analyze's; the spans carry what this map needs
    }

    @Override
    public boolean wantsSpans() {
        return true;
    }

    @Override
    public void acceptSpan(Span s) {
        if (s.problem() != null) {
            malformed++;
            if (malformedSamples.size() < SAMPLES) {
                malformedSamples.add(new Sample(Redactor.redact(s.file()), s.line(), Redactor.redact(s.problem())));
            }
            return;
        }
        if ("EVENT".equals(s.type())) {
            pointEvents++; // a Langfuse event is a point in time, not a span: no time, no stage, no duration
            return;
        }
        long th = hash(s.traceId(), 0);
        if (Math.floorDiv(s.startNs(), 1_000_000L) < fromMs) {
            startedBefore.add(th); // its trace started before the period: nothing of it is kept
            spansBefore++;
            return;
        }
        long sh = hash(s.spanId(), th);
        if (overflowTraces.contains(th)) {
            overflowSpans++;
            return;
        }
        if (!seen.add(sh) && !s.update()) {
            repeatedSpans++; // the same span sent twice (a retried export): kept, and finish() keeps only the last copy
        }
        int t = traceIndex.get(th);
        if (spans >= maxSpans || (t < 0 && traceIds.size() >= maxTraces)) {
            overflowTraces.add(th);
            overflowSpans += 1 + (t < 0 ? 0 : spanCount[t]);
            if (t >= 0) {
                spanCount[t] = -1; // dropped: its kept spans are no longer part of the map
            }
            return;
        }
        if (t < 0) {
            t = traceIds.size();
            traceIndex.put(th, t);
            String id = Redactor.redact(s.traceId()); // redact, then cut: a cut first can leave a key's start unrecognised
            traceIds.add(id.length() > TRACE_ID_CHARS ? id.substring(0, TRACE_ID_CHARS) + "…" : id);
            if (t == head.length) {
                head = Arrays.copyOf(head, t * 2);
                tail = Arrays.copyOf(tail, t * 2);
                spanCount = Arrays.copyOf(spanCount, t * 2);
                traceHash = Arrays.copyOf(traceHash, t * 2);
            }
            head[t] = -1;
            traceHash[t] = th;
        }
        if (spans == start.length) {
            int cap = spans * 2;
            start = Arrays.copyOf(start, cap);
            end = Arrays.copyOf(end, cap);
            idHash = Arrays.copyOf(idHash, cap);
            parentHash = Arrays.copyOf(parentHash, cap);
            requestHash = Arrays.copyOf(requestHash, cap);
            cost = Arrays.copyOf(cost, cap);
            stage = Arrays.copyOf(stage, cap);
            flags = Arrays.copyOf(flags, cap);
            nextInTrace = Arrays.copyOf(nextInTrace, cap);
        }
        int i = spans++;
        start[i] = s.startNs();
        end[i] = s.endNs();
        idHash[i] = sh;
        parentHash[i] = s.parentId() == null ? 0 : hash(s.parentId(), th);
        requestHash[i] = s.call() == null || s.call().requestId == null ? 0 : hash(s.call().requestId, 0);
        Stage st = Stage.of(s);
        stage[i] = (byte) st.ordinal();
        cost[i] = s.call() == null ? 0 : cost(s.call());
        flags[i] = s.call() != null ? CALL : st == Stage.LLM ? NO_USAGE : 0;
        nextInTrace[i] = -1;
        if (head[t] < 0) {
            head[t] = i;
        } else {
            nextInTrace[tail[t]] = i;
        }
        tail[t] = i;
        spanCount[t]++;
    }

    private double cost(LogRecord r) {
        double c = r.costAsLogged ? r.loggedCostUsd
                : pricer.cost(r.model, r.provider, r.timestampMs, r.usage, r.batch);
        if (Double.isNaN(c)) {
            unpricedModels.merge(Redactor.redact(r.model), 1L, Long::sum);
        }
        return c;
    }

    /**
     * Which spans of a trace are LLM calls without usage of unknown cost: a {@link #NO_USAGE} span with no
     * {@link #CALL} among its ancestors or descendants (a framework's span around the instrumented client call, or
     * LiteLLM's raw_gen_ai_request under its litellm_request, is that call, already priced). Linear in the spans;
     * a parent loop is walked once and counts as no call.
     */
    static boolean[] callsWithoutUsage(int[] par, byte[] fl) {
        int n = par.length;
        boolean any = false;
        for (byte f : fl) {
            any |= f == NO_USAGE;
        }
        boolean[] out = new boolean[n];
        if (!any) {
            return out;
        }
        // up[k]: a CALL on the chain from k to its root, k included (0 unknown, 1 no, 2 yes, 3 on the current walk)
        byte[] up = new byte[n];
        boolean[] below = new boolean[n]; // a CALL among k's descendants
        int[] path = new int[n];
        for (int k = 0; k < n; k++) {
            int len = 0, cur = k;
            while (cur >= 0 && up[cur] == 0) {
                up[cur] = 3;
                path[len++] = cur;
                cur = par[cur];
            }
            boolean base = cur >= 0 && up[cur] == 2; // a root, a known chain, or a loop (3): no call above
            for (int w = len - 1; w >= 0; w--) {
                base |= fl[path[w]] == CALL || fl[path[w]] == COPY;
                up[path[w]] = (byte) (base ? 2 : 1);
            }
            if (fl[k] == CALL || fl[k] == COPY) {
                for (int p = par[k], steps = 0; p >= 0 && !below[p] && steps < n; p = par[p], steps++) {
                    below[p] = true;
                }
            }
        }
        for (int k = 0; k < n; k++) {
            out[k] = fl[k] == NO_USAGE && !below[k] && up[k] != 2;
        }
        return out;
    }

    /** 64-bit FNV-1a of the text, seeded, never 0 (0 means "no id"). */
    static long hash(String s, long seed) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    /** Whether any span (kept, beyond the limits, or malformed) was read: else the report has no latency section. */
    public boolean sawSpans() {
        return spans > 0 || malformed > 0 || overflowSpans > 0 || repeatedSpans > 0 || pointEvents > 0 || spansBefore > 0;
    }

    /** After {@link #finish}: the LLM calls without usage (of unknown cost) by the UTC day their span started. */
    public java.util.SortedMap<java.time.LocalDate, Long> callsWithoutUsageByDay() {
        java.util.TreeMap<java.time.LocalDate, Long> out = new java.util.TreeMap<>();
        noUsageCallsByDay.forEach((d, n) -> out.put(java.time.LocalDate.ofEpochDay(d), n));
        return out;
    }

    /**
     * Once reading is done, for a command that needs only this count (cost-forecast, ingest): finishes the map and gives
     * {@link #callsWithoutUsageByDay()}; empty when no span was read.
     */
    public java.util.SortedMap<java.time.LocalDate, Long> finishForCallsWithoutUsageByDay() {
        if (!sawSpans()) {
            return java.util.Collections.emptySortedMap();
        }
        finish(); // classifies the spans: which LLM calls carry no usage
        return callsWithoutUsageByDay();
    }

    /** Breaks every kept trace down; call once, after reading. */
    public LatencyResult finish() {
        long outsidePeriod = spansBefore;
        long outsideTraces = startedBefore.size();
        int stages = Stage.values().length;
        double[] wall = new double[stages], critical = new double[stages], stageCost = new double[stages];
        long[] stagePriced = new long[stages], stageUnknown = new long[stages];
        DoubleList[] spanMs = new DoubleList[stages], perTraceMs = new DoubleList[stages], perTraceShare = new DoubleList[stages];
        long[] stageSpans = new long[stages];
        for (int s = 0; s < stages; s++) {
            spanMs[s] = new DoubleList();
            perTraceMs[s] = new DoubleList();
            perTraceShare[s] = new DoubleList();
        }
        long longestWall = -1;
        String longestId = null;
        List<LatencyResult.TraceRow> rows = new ArrayList<>();
        long traces = 0, keptSpans = 0, cycles = 0, orphans = 0, zeroLength = 0;
        double wallTotal = 0, costTotal = 0;
        boolean anyCost = false;
        for (int t = 0; t < traceIds.size(); t++) {
            int n = spanCount[t];
            if (n <= 0) {
                continue; // beyond the limits: counted in the note
            }
            long first = Long.MAX_VALUE;
            for (int i = head[t]; i >= 0; i = nextInTrace[i]) {
                first = Math.min(first, start[i]);
            }
            if (startedBefore.contains(traceHash[t]) || Math.floorDiv(first, 1_000_000L) >= untilMs) {
                outsidePeriod += n; // started before the period (counted above) or after it
                outsideTraces += startedBefore.contains(traceHash[t]) ? 0 : 1;
                continue;
            }
            // the last copy of a repeated span wins (as analyze keeps a repeated request's last copy); the spans in a
            // fixed order (start, then longest first, then id) so nothing depends on the input order
            Map<Long, Integer> last = new HashMap<>(n * 2);
            for (int i = head[t]; i >= 0; i = nextInTrace[i]) {
                last.put(idHash[i], i);
            }
            Integer[] slots = last.values().toArray(new Integer[0]);
            Arrays.sort(slots, Comparator.<Integer>comparingLong(i -> start[i]).thenComparingLong(i -> -end[i])
                    .thenComparingLong(i -> idHash[i]));
            n = slots.length;
            long[] st = new long[n], en = new long[n];
            int[] par = new int[n];
            byte[] stg = new byte[n], fl = new byte[n];
            double[] cs = new double[n];
            Map<Long, Integer> local = new HashMap<>(n * 2);
            // one call exported as two spans (nested double instrumentation, two exporters) under one request id is
            // one request for analyze, its last copy: priced once here too, the other copies mapped at no cost
            Map<Long, Integer> lastOfRequest = new HashMap<>();
            for (int i : slots) {
                if (requestHash[i] != 0) {
                    lastOfRequest.merge(requestHash[i], i, Math::max);
                }
            }
            for (int k = 0; k < n; k++) {
                int i = slots[k];
                st[k] = start[i];
                en[k] = end[i];
                stg[k] = stage[i];
                fl[k] = flags[i];
                cs[k] = cost[i];
                if (requestHash[i] != 0 && lastOfRequest.get(requestHash[i]) != i) {
                    fl[k] = COPY;
                    cs[k] = 0;
                    copiedCalls++;
                }
                local.put(idHash[i], k);
            }
            for (int k = 0; k < n; k++) {
                int i = slots[k];
                Integer p = parentHash[i] == 0 ? null : local.get(parentHash[i]);
                par[k] = p == null ? -1 : p;
                orphans += parentHash[i] != 0 && p == null ? 1 : 0;
            }
            boolean[] noUsage = callsWithoutUsage(par, fl);
            TraceBreakdown b = TraceBreakdown.of(st, en, par, stg);
            cycles += b.cycles;
            traces++;
            keptSpans += n;
            double[] tc = new double[stages];
            int unpriced = 0;
            for (int j = 0; j < n; j++) {
                stageSpans[stg[j]]++;
                spanMs[stg[j]].add((en[j] - st[j]) / 1e6);
                if (noUsage[j]) {
                    unpriced++; // an LLM call whose cost is unknown: no usage to price
                    noUsageCalls++;
                    noUsageCallsByDay.merge(Math.floorDiv(st[j], 86_400_000_000_000L), 1L, Long::sum);
                    stageUnknown[stg[j]]++;
                    continue;
                }
                // an agent span's own usage (a request: no call with usage beneath it) is its LLM calls' tokens:
                // LLM spend, booked to llm; its time stays under other
                int spend = fl[j] == CALL && stg[j] == Stage.OTHER.ordinal() ? Stage.LLM.ordinal() : stg[j];
                agentSpend += spend != stg[j] ? 1 : 0;
                if (Double.isNaN(cs[j])) {
                    unpriced++;
                    unpricedCalls++;
                    unpricedEmbeddings += spend == Stage.RETRIEVAL.ordinal() ? 1 : 0;
                    stageUnknown[spend]++;
                } else {
                    tc[spend] += cs[j];
                    stagePriced[spend] += fl[j] == CALL ? 1 : 0;
                }
            }
            double traceCost = 0;
            for (int s = 0; s < stages; s++) {
                traceCost += tc[s];
                stageCost[s] += tc[s];
            }
            costTotal += traceCost;
            long w = b.wallTimeNs();
            if (w == 0) {
                zeroLength++;
            }
            wallTotal += w;
            if (w > longestWall) {
                longestWall = w;
                longestId = traceIds.get(t);
            }
            for (int s = 0; s < stages; s++) {
                wall[s] += b.wallNs[s];
                critical[s] += b.criticalNs[s];
                perTraceMs[s].add(b.wallNs[s] / 1e6);
                if (w > 0) {
                    perTraceShare[s].add(b.wallNs[s] / w);
                }
            }
            boolean hasCalls = false;
            for (int j = 0; j < n; j++) {
                hasCalls |= cs[j] != 0 || Double.isNaN(cs[j]) || noUsage[j];
            }
            anyCost |= traceCost > 0;
            rows.add(LatencyResult.TraceRow.of(Redactor.redact(traceIds.get(t)), n, b, tc, traceCost, unpriced,
                    traceCost > 0 && unpriced == 0, hasCalls));
        }
        rows.sort((a, c) -> Double.compare(c.wallMs(), a.wallMs()));
        List<LatencyResult.TraceRow> shown = rows.size() > top ? new ArrayList<>(rows.subList(0, top)) : rows;
        List<LatencyResult.StageRow> stageRows = new ArrayList<>();
        for (Stage s : Stage.values()) {
            int o = s.ordinal();
            double[] sp = spanMs[o].size() == 0 ? new double[]{Double.NaN, Double.NaN} : spanMs[o].percentiles(0.5, 0.95);
            double[] pt = perTraceMs[o].size() == 0 ? new double[]{Double.NaN, Double.NaN} : perTraceMs[o].percentiles(0.5, 0.95);
            // a stage whose every call is unpriced or without usage has an unknown cost, not $0
            boolean costStage = s != Stage.UNTRACED && traces > 0 && !(stageUnknown[o] > 0 && stagePriced[o] == 0);
            Double median = perTraceShare[o].size() == 0 ? null : perTraceShare[o].percentiles(0.5)[0];
            stageRows.add(new LatencyResult.StageRow(s.key, s == Stage.UNTRACED ? null : stageSpans[o], wall[o] / 1e6,
                    LatencyResult.share(wall[o], wallTotal), median, critical[o] / 1e6, LatencyResult.share(critical[o], wallTotal),
                    costStage ? stageCost[o] : null, costStage && anyCost ? LatencyResult.share(stageCost[o], costTotal) : null,
                    s == Stage.UNTRACED ? null : LatencyResult.Pair.of(sp), LatencyResult.Pair.of(pt)));
        }
        List<String> notes = notes(traces, keptSpans, outsidePeriod, outsideTraces, cycles, orphans, zeroLength, anyCost, rows.size(), shown.size());
        if (traces > 1 && longestWall > wallTotal / 2) {
            LatencyResult.StageRow llm = stageRows.get(Stage.LLM.ordinal());
            notes.add(String.format(Locale.ROOT, "one trace, %s, is %.1f%% of all traced wall time (%,.0f ms): the "
                    + "wall and critical-path shares (time summed over traces) are mostly its own; median_trace_share_of_wall "
                    + "gives each trace one vote (llm: %s of the median trace, %s of all time)",
                    Redactor.redact(longestId), 100.0 * longestWall / wallTotal, longestWall / 1e6,
                    LatencyResult.pct(llm.medianTraceShareOfWall()), LatencyResult.pct(llm.shareOfWall())));
        }
        notes.addAll(nullNotes(stageRows, shown, traces, anyCost));
        return new LatencyResult(LatencyResult.METHOD, LatencyResult.headline(stageRows, unpricedCalls, noUsageCalls), traces, keptSpans,
                wallTotal / 1e6, anyCost ? costTotal : null, stageRows, shown, malformed, List.copyOf(malformedSamples),
                overflowTraces.size(), overflowSpans, repeatedSpans, outsidePeriod, notes);
    }

    private List<String> notes(long traces, long keptSpans, long outsidePeriod, long outsideTraces, long cycles, long orphans, long zeroLength,
                               boolean anyCost, int rows, int shown) {
        List<String> notes = new ArrayList<>();
        if (shown < rows) {
            notes.add("the " + shown + " slowest of " + rows + " traces are listed (set how many with --top)");
        }
        if (overflowTraces.size() > 0) {
            notes.add(overflowTraces.size() + " trace" + (overflowTraces.size() == 1 ? "" : "s") + " (" + overflowSpans
                    + " spans) beyond the limit of " + maxSpans + " spans or " + maxTraces + " traces kept in memory "
                    + "were left out of the latency map whole (a partial trace would show wrong shares); requests and "
                    + "costs elsewhere in the report still count them. Split the input by time to map them.");
        }
        if (malformed > 0) {
            notes.add(malformed + " span" + (malformed == 1 ? "" : "s") + " could not be read and "
                    + (malformed == 1 ? "was" : "were") + " left out of the map (their lines' requests are read as "
                    + "usual), first: " + String.join("; ", malformedSamples.stream()
                    .map(m -> m.file() + ":" + m.line() + ": " + m.reason()).toList()));
        }
        if (repeatedSpans > 0) {
            notes.add(repeatedSpans + " span" + (repeatedSpans == 1 ? "" : "s") + " repeated a trace and span id "
                    + "already read and counted once (the last copy kept, as for requests)");
        }
        if (pointEvents > 0) {
            notes.add(pointEvents + " Langfuse event" + (pointEvents == 1 ? " is a point" : "s are points") + " in time, "
                    + "not span" + (pointEvents == 1 ? "" : "s") + ": left out of the stages' spans, times and percentiles");
        }
        if (outsidePeriod > 0) {
            notes.add(outsideTraces + " trace" + (outsideTraces == 1 ? "" : "s") + " (" + outsidePeriod + " span"
                    + (outsidePeriod == 1 ? "" : "s") + ") starting outside --since/--until left out whole: a trace "
                    + "belongs to the period its first span starts in, and one that starts in it is mapped whole, its "
                    + "spans (and LLM calls' costs) after --until too");
        }
        if (orphans > 0) {
            notes.add(orphans + " span" + (orphans == 1 ? " names a parent" : "s name parents") + " not in the input: "
                    + "taken as root" + (orphans == 1 ? "" : "s") + " of their traces");
        }
        if (cycles > 0) {
            notes.add(cycles + " parent link" + (cycles == 1 ? "" : "s") + " formed a loop and " + (cycles == 1 ? "was" : "were")
                    + " cut (the loop's span that started first taken as a root)");
        }
        if (zeroLength > 0) {
            notes.add(zeroLength + " trace" + (zeroLength == 1 ? " takes" : "s take") + " no time (every span of "
                    + (zeroLength == 1 ? "it" : "them") + " zero-length): "
                    + (zeroLength == 1 ? "its" : "their") + " wall_share and critical_path_share (llm, tool, retrieval, "
                    + "other, untraced) are null");
        }
        if (noUsageCalls > 0) {
            notes.add(noUsageCalls + " LLM call" + (noUsageCalls == 1 ? " in traces carries" : "s in traces carry")
                    + " no token usage (gen_ai.usage.*; an LLM span by its gen_ai.operation.name, gen_ai.system or name, "
                    + "and neither wrapping nor wrapped by a span with usage): "
                    + (noUsageCalls == 1 ? "its" : "their") + " time is mapped, " + (noUsageCalls == 1 ? "its" : "their")
                    + " cost is unknown: stage costs leave " + (noUsageCalls == 1 ? "it" : "them") + " out and a trace "
                    + "with any has cost_usd and cost shares null; analyze's requests and cost_usd count only calls with usage");
        }
        if (agentSpend > 0) {
            notes.add(agentSpend + " agent span" + (agentSpend == 1 ? " carries" : "s carry") + " token usage of "
                    + (agentSpend == 1 ? "its" : "their") + " own (invoke_agent/create_agent with no LLM call with usage "
                    + "traced beneath): that usage is the agent's LLM calls', so " + (agentSpend == 1 ? "its" : "their")
                    + " cost counts under llm, " + (agentSpend == 1 ? "its" : "their") + " time under other");
        }
        if (copiedCalls > 0) {
            notes.add(copiedCalls + " LLM span" + (copiedCalls == 1 ? " repeats a call" : "s repeat calls")
                    + " already in " + (copiedCalls == 1 ? "its" : "their") + " trace under the same request id "
                    + "(gen_ai.response.id, on spans that overlap in time or nest: one call exported twice, by nested "
                    + "instrumentation or two exporters): "
                    + "priced once, its last copy, as analyze counts it once; the other copies' time is mapped at no cost");
        }
        if (unpricedCalls > 0) {
            long llm = unpricedCalls - unpricedEmbeddings;
            String calls = (llm > 0 ? llm + " LLM call" + (llm == 1 ? "" : "s") : "")
                    + (llm > 0 && unpricedEmbeddings > 0 ? " and " : "")
                    + (unpricedEmbeddings > 0 ? unpricedEmbeddings + " embedding call" + (unpricedEmbeddings == 1 ? "" : "s") : "");
            notes.add(calls + " in traces could not be priced "
                    + "(models " + String.join(", ", unpricedModels.keySet().stream().sorted().limit(5).toList())
                    + "): stage costs leave them out; a trace with any is listed with cost shares null");
        }
        return notes;
    }

    /** A note naming each key that is null, and why (cli.md: a null figure keeps its key and a note says why). */
    private static List<String> nullNotes(List<LatencyResult.StageRow> stages, List<LatencyResult.TraceRow> shown,
                                          long traces, boolean anyCost) {
        List<String> notes = new ArrayList<>();
        notes.add("stage 'untraced' is time in a trace when no span is active: it has no spans, cost_usd, share_of_cost "
                + "or span_ms (null)");
        List<String> unknown = traces == 0 ? List.of() : stages.stream().filter(st -> st.spans() != null && st.costUsd() == null)
                .map(LatencyResult.StageRow::stage).toList();
        if (!unknown.isEmpty()) {
            notes.add("stage" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown) + ": every call in "
                    + (unknown.size() == 1 ? "it" : "them") + " is unpriced or carries no usage, so cost_usd and "
                    + "share_of_cost are null (unknown, not $0)");
        }
        List<String> empty = stages.stream().filter(st -> st.spans() != null && st.spans() == 0).map(LatencyResult.StageRow::stage).toList();
        if (!empty.isEmpty()) {
            notes.add("stages with no span (" + String.join(", ", empty) + ") have span_ms p50 and p95 null");
        }
        if (traces == 0) {
            notes.add("no trace could be mapped: cost_usd (of the map and of each stage), share_of_cost, share_of_wall, "
                    + "share_of_critical_path and per_trace_ms p50 and p95 are null");
        }
        if (!anyCost && traces > 0) {
            notes.add("no priced LLM call in any trace: cost_usd (of the map), share_of_cost and each trace's cost_share "
                    + "(llm, tool, retrieval, other) are null");
        } else if (shown.stream().anyMatch(t -> t.costShare().get(Stage.LLM.key) == null)) {
            notes.add("a trace with no priced cost (no LLM call, free ones, or an unpriced one, which also makes its "
                    + "cost_usd null) has its cost_share (llm, tool, retrieval, other) null");
        }
        return notes;
    }
}
