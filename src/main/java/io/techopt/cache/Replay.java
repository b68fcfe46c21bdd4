package io.techopt.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.techopt.core.Progress;
import io.techopt.core.Redactor;
import io.techopt.embed.Embedder;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A replay benchmark from labelled question pairs: duplicates joined transitively (union-find) give equivalence
 * classes, non-duplicate pairs are hard negatives. N distinct questions, drawn pair by pair in a seeded random order
 * (so a question's labelled partner, duplicate or not, tends to come too) and then shuffled, stream through the
 * semantic layer; every question is then stored with its own answer, as a log replayed holds it, so each policy looks
 * up the same entries. A query is servable when its class was seen before; a hit is correct when the served entry is
 * of the query's class.
 */
public final class Replay {
    /** Candidates per query: the nearest previous questions, of which the first the guards pass is the candidate. */
    static final int NEIGHBOURS = 8;
    /** The static sweep: cosine thresholds 0.80 to 0.995. */
    static final double SWEEP_FROM = 0.80, SWEEP_TO = 0.995, SWEEP_STEP = 0.005;

    /** The streamed questions, their class, and whether the class was seen before each. */
    public record Stream(List<String> texts, int[] cls, boolean[] servable, ReplayResult.Data data) {
    }

    /** Per query: the candidate entry (an earlier query's index, -1: none) and its cosine. */
    public record Candidates(int[] entry, double[] cosine) {
    }

    /** A policy's decisions per query: served entry (-1: none) and whether it explored. */
    public record Decisions(int[] served, boolean[] explored) {
    }

    private Replay() {
    }

    /** Reads labelled pairs: cache-warm calibrate's JSON, or a TSV of score, text, text (score >= minScore: same). */
    public static List<LabelledPairs.Pair> pairs(Path file, double minScore) throws IOException {
        if (file.toString().toLowerCase(Locale.ROOT).endsWith(".tsv")) {
            return tsv(file, minScore);
        }
        LabelledPairs.Sample s = LabelledPairs.load(file, 0, 1);
        return s.positiveOnly() ? s.pairs().stream().filter(LabelledPairs.Pair::duplicate).toList() : s.pairs();
    }

    /** STS-style TSV: a line without a score was not rated and is left out. */
    static List<LabelledPairs.Pair> tsv(Path file, double minScore) throws IOException {
        List<LabelledPairs.Pair> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 3) {
                throw new io.techopt.ingest.NothingReadException(file + ": line " + n + " is not score<TAB>text<TAB>text");
            }
            if (f[0].isBlank()) {
                continue;
            }
            double score;
            try {
                score = Double.parseDouble(f[0].trim());
            } catch (NumberFormatException e) {
                throw new io.techopt.ingest.NothingReadException(file + ": line " + n + ": the score is not a number");
            }
            out.add(new LabelledPairs.Pair(f[1], f[2], score >= minScore));
        }
        if (out.isEmpty()) {
            throw new io.techopt.ingest.NothingReadException(file + ": no scored pairs (score<TAB>text<TAB>text)");
        }
        return out;
    }

    /** The stream of {@code queries} distinct questions (all when fewer), seeded. */
    public static Stream stream(List<LabelledPairs.Pair> pairs, int queries, long seed, String format) {
        Map<String, Integer> id = new LinkedHashMap<>();
        for (LabelledPairs.Pair p : pairs) {
            id.putIfAbsent(p.a(), id.size());
            id.putIfAbsent(p.b(), id.size());
        }
        int[] parent = IntStream.range(0, id.size()).toArray();
        for (LabelledPairs.Pair p : pairs) {
            if (p.duplicate()) {
                int x = find(parent, id.get(p.a())), y = find(parent, id.get(p.b()));
                parent[Math.max(x, y)] = Math.min(x, y);
            }
        }
        long classes = IntStream.range(0, parent.length).filter(i -> find(parent, i) == i).count();
        SplittableRandom r = new SplittableRandom(seed);
        int[] order = shuffled(pairs.size(), r);
        List<String> texts = new ArrayList<>();
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (int k = 0; k < order.length && texts.size() < queries; k++) {
            LabelledPairs.Pair p = pairs.get(order[k]);
            for (String q : List.of(p.a(), p.b())) {
                if (texts.size() < queries && taken.add(q)) {
                    texts.add(q);
                }
            }
        }
        int[] perm = shuffled(texts.size(), r);
        List<String> streamed = new ArrayList<>(texts.size());
        int[] cls = new int[texts.size()];
        boolean[] servable = new boolean[texts.size()];
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < perm.length; i++) {
            String q = texts.get(perm[i]);
            streamed.add(q);
            cls[i] = find(parent, id.get(q));
            servable[i] = !seen.add(cls[i]);
        }
        return new Stream(streamed, cls, servable, new ReplayResult.Data(format, pairs.size(), id.size(), classes));
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static int[] shuffled(int n, SplittableRandom r) {
        int[] a = IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** Embeds the stream and finds each query's candidate among the questions before it (exact search). */
    public static Candidates candidates(Stream s, Embedder e, boolean guards, Progress progress) {
        int n = s.texts().size(), d = e.dimension();
        float[] v = new float[n * d];
        String stage = "embedding questions (" + e.name() + ")";
        progress.at(stage, 0, n);
        for (int from = 0; from < n; from += 512) {
            int to = Math.min(n, from + 512);
            List<float[]> chunk = e.embedAll(s.texts().subList(from, to));
            for (int i = from; i < to; i++) {
                System.arraycopy(chunk.get(i - from), 0, v, i * d, d);
            }
            progress.at(stage, to, n);
        }
        int[] entry = new int[n];
        double[] cosine = new double[n];
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        progress.at("finding candidates", 0, n);
        IntStream.range(0, n).parallel().forEach(i -> {
            int[] best = new int[NEIGHBOURS];
            double[] score = new double[NEIGHBOURS];
            int have = 0;
            for (int j = 0; j < i; j++) {
                double c = 0;
                for (int k = 0, a = i * d, b = j * d; k < d; k++) {
                    c += v[a + k] * v[b + k];
                }
                if (have < NEIGHBOURS || c > score[have - 1]) {
                    int pos = have < NEIGHBOURS ? have++ : have - 1;
                    while (pos > 0 && score[pos - 1] < c) {
                        score[pos] = score[pos - 1];
                        best[pos] = best[pos - 1];
                        pos--;
                    }
                    score[pos] = c;
                    best[pos] = j;
                }
            }
            entry[i] = -1;
            FalseHitGuard guard = guards ? new FalseHitGuard() : null;
            for (int k = 0; k < have; k++) {
                if (guard == null || guard.reject(s.texts().get(i), s.texts().get(best[k])) == null) {
                    entry[i] = best[k];
                    cosine[i] = score[k];
                    break;
                }
            }
            long m = done.incrementAndGet();
            if (m % 1000 == 0 || m == n) {
                progress.at("finding candidates", m, n);
            }
        });
        return new Candidates(entry, cosine);
    }

    /** As {@link #candidates}, kept beside the benchmark's vector file (keyed by the stream, embedder and guards). */
    public static Candidates cachedCandidates(Stream s, Embedder e, boolean guards, Progress progress, Path vectors) throws IOException {
        int key = java.util.Objects.hash(s.texts(), e.name(), guards);
        Path f = vectors.resolveSibling(vectors.getFileName() + ".candidates-" + Integer.toHexString(key));
        if (Files.exists(f)) {
            try (var in = new java.io.ObjectInputStream(new java.io.BufferedInputStream(Files.newInputStream(f)))) {
                return new Candidates((int[]) in.readObject(), (double[]) in.readObject());
            } catch (ClassNotFoundException | java.io.ObjectStreamException broken) {
                // rebuilt below
            }
        }
        Candidates c = candidates(s, e, guards, progress);
        io.techopt.core.AtomicOutput.writeStream(f, out -> {
            var o = new java.io.ObjectOutputStream(out);
            o.writeObject(c.entry());
            o.writeObject(c.cosine());
            o.flush();
        });
        return c;
    }

    /** A static threshold: serve the candidate at or above it. */
    public static Decisions staticPolicy(Candidates c, double threshold) {
        int n = c.entry().length;
        int[] served = new int[n];
        for (int i = 0; i < n; i++) {
            served[i] = c.entry()[i] >= 0 && c.cosine()[i] >= threshold ? c.entry()[i] : -1;
        }
        return new Decisions(served, new boolean[n]);
    }

    /**
     * Per-entry adaptive thresholds under the error bound. A verification (here by the labels) teaches the candidate's
     * entry and the query's own new entry: the pair's outcome says as much about either.
     */
    public static Decisions adaptivePolicy(Stream s, Candidates c, double maxError) {
        int n = c.entry().length;
        AdaptiveThresholds model = new AdaptiveThresholds(maxError);
        Map<Integer, List<AdaptiveThresholds.Outcome>> outcomes = new HashMap<>();
        int[] served = new int[n];
        boolean[] explored = new boolean[n];
        for (int i = 0; i < n; i++) {
            served[i] = -1;
            int e = c.entry()[i];
            if (e < 0) {
                continue;
            }
            List<AdaptiveThresholds.Outcome> entry = outcomes.computeIfAbsent(e, k -> new ArrayList<>());
            switch (model.decide(entry, c.cosine()[i])) {
                case SERVE -> served[i] = e;
                case EXPLORE -> {
                    explored[i] = true;
                    boolean correct = s.cls()[e] == s.cls()[i];
                    model.verified(entry, c.cosine()[i], correct);
                    AdaptiveThresholds.record(outcomes.computeIfAbsent(i, k -> new ArrayList<>()), c.cosine()[i], correct);
                }
                case MISS -> {
                }
            }
        }
        return new Decisions(served, explored);
    }

    /** Counts a policy's decisions against the labels. */
    public static ReplayResult.Outcome score(Stream s, Decisions d, Double threshold) {
        long hits = 0, correct = 0, servable = 0, explored = 0;
        for (int i = 0; i < d.served().length; i++) {
            servable += s.servable()[i] ? 1 : 0;
            explored += d.explored()[i] ? 1 : 0;
            if (d.served()[i] >= 0) {
                hits++;
                correct += s.cls()[d.served()[i]] == s.cls()[i] ? 1 : 0;
            }
        }
        return new ReplayResult.Outcome(threshold, hits, correct, hits - correct, hits == 0 ? null : (double) (hits - correct) / hits,
                servable == 0 ? null : (double) correct / servable, explored, d.served().length - hits);
    }

    /** The whole benchmark: the chosen policy (threshold null: adaptive), the static sweep beside it. */
    public static ReplayResult run(Stream s, Candidates c, String embedder, boolean guards, long seed, Double threshold,
                                   double maxError, Path decisionsFile) throws IOException {
        Decisions chosen = threshold == null ? adaptivePolicy(s, c, maxError) : staticPolicy(c, threshold);
        ReplayResult.Outcome result = score(s, chosen, threshold);
        List<ReplayResult.Outcome> sweep = new ArrayList<>();
        int steps = (int) Math.round((SWEEP_TO - SWEEP_FROM) / SWEEP_STEP);
        ReplayResult.Outcome best = null;
        for (int k = 0; k <= steps; k++) {
            double t = Math.round((SWEEP_FROM + k * SWEEP_STEP) * 1e6) / 1e6;
            ReplayResult.Outcome o = score(s, staticPolicy(c, t), t);
            sweep.add(o);
            if (o.errorRate() != null && o.errorRate() <= maxError && o.hitRate() != null
                    && (best == null || o.hitRate() > best.hitRate())) {
                best = o;
            }
        }
        long servable = 0;
        for (boolean b : s.servable()) {
            servable += b ? 1 : 0;
        }
        List<String> notes = new ArrayList<>();
        notes.add("every replayed question is stored with its own answer after its lookup, as a replayed log holds it; a query "
                + "is servable when a question of its class came before it; a hit is correct when the served entry is of its class");
        notes.add(guards ? "candidate: the nearest earlier question the false-hit guards pass (of the " + NEIGHBOURS + " nearest)"
                : "candidate: the nearest earlier question (--no-guards)");
        if (threshold == null) {
            notes.add(String.format(Locale.ROOT, "adaptive: per-entry thresholds; a candidate is served only when "
                    + "its error probability at the 95%% confidence bound of its entry's fit is at most %.3f; an exploration verifies the candidate (here by the "
                    + "labels; in production by comparing the model's answer) and costs the model call a hit would have saved", maxError));
        }
        if (threshold == null) {
            notes.add("policy.threshold and result.threshold: null, the adaptive policy has no single threshold (each entry has its own)");
        }
        if (sweep.stream().anyMatch(o -> o.errorRate() == null)) {
            notes.add("static_sweep: error_rate is null at a threshold that serves nothing (0/0)");
        }
        if (best == null) {
            notes.add(String.format(Locale.ROOT, "best_static: no threshold of the sweep keeps the error rate at or under %.3f", maxError));
        }
        if (result.errorRate() == null) {
            notes.add("error_rate: null, no query was served");
        }
        Double ratio = best == null || result.hitRate() == null || best.hitRate() == 0 ? null : result.hitRate() / best.hitRate();
        if (ratio == null) {
            notes.add("hit_rate_over_best_static: null, no static threshold to compare with (or its hit rate is 0)");
        }
        if (decisionsFile != null) {
            writeDecisions(decisionsFile, s, chosen);
        }
        return new ReplayResult(s.data(), s.texts().size(), servable, seed, embedder, guards,
                new ReplayResult.Policy(threshold == null ? "adaptive" : "static", threshold, maxError), result, sweep, best, ratio, notes);
    }

    /** One JSON line per query: {query, served, explored}, texts redacted; written atomically. */
    static void writeDecisions(Path file, Stream s, Decisions d) throws IOException {
        ObjectMapper json = new ObjectMapper();
        io.techopt.core.AtomicOutput.write(file, (Writer w) -> {
            for (int i = 0; i < d.served().length; i++) {
                var o = json.createObjectNode().put("query", Redactor.redact(s.texts().get(i)));
                if (d.served()[i] >= 0) {
                    o.put("served", Redactor.redact(s.texts().get(d.served()[i])));
                } else {
                    o.putNull("served");
                }
                o.put("explored", d.explored()[i]);
                w.write(json.writeValueAsString(o));
                w.write('\n');
            }
        });
    }
}
