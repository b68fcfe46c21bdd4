package io.techopt.route;

import io.techopt.core.Progress;
import io.techopt.core.Usage;
import io.techopt.embed.Embedder;
import io.techopt.embed.HashEmbedder;
import io.techopt.pricing.Pricer;
import io.techopt.tokens.TokenCounter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Routers on an evaluation matrix (RouteLLM's format): every prompt was answered by every model and graded, so a
 * router's quality is exact. Routers score prompts (higher: more in need of the strong model); a threshold on the
 * score gives the cost-quality curve. The learned router's scores are cross-fitted: no prompt is scored by a
 * neighbour set that contains its own label.
 */
public final class MatrixSimulator {
    /** targetQuality and maxStrongShare NaN when not given; weak/strong null: the lowest and highest accuracy. */
    public record Options(String weak, String strong, double targetQuality, double maxStrongShare, int k, int folds, long seed) {
        public static Options defaults() {
            return new Options(null, null, Double.NaN, Double.NaN, 100, 5, 42);
        }
    }

    /** Points kept per curve in the report: one per percent of strong share is enough to draw and to read. */
    static final int CURVE_POINTS = 101;

    private MatrixSimulator() {
    }

    public static MatrixResult run(MatrixData m, Pricer pricer, Embedder embedder, Options o) {
        return run(m, pricer, embedder, o, Progress.NONE);
    }

    /** Prompts embedded a chunk at a time, so a long run can say where it is. */
    private static final int EMBED_CHUNK = 512;

    static float[][] embed(Embedder e, List<String> texts, Progress progress, String stage) {
        float[][] out = new float[texts.size()][];
        progress.at(stage, 0, texts.size());
        for (int i = 0; i < texts.size(); i += EMBED_CHUNK) {
            int end = Math.min(texts.size(), i + EMBED_CHUNK);
            List<float[]> part = e.embedAll(texts.subList(i, end));
            for (int j = 0; j < part.size(); j++) {
                out[i + j] = part.get(j);
            }
            progress.at(stage, end, texts.size());
        }
        return out;
    }

    public static MatrixResult run(MatrixData m, Pricer pricer, Embedder embedder, Options o, Progress progress) {
        int n = m.prompts().size();
        String weak = o.weak() != null ? check(m, o.weak()) : m.models().stream().min((a, b) -> Double.compare(m.mean(a), m.mean(b))).orElseThrow();
        String strong = o.strong() != null ? check(m, o.strong()) : m.models().stream().max((a, b) -> Double.compare(m.mean(a), m.mean(b))).orElseThrow();
        if (weak.equals(strong)) {
            throw new IllegalArgumentException("the weak and the strong model are both '" + weak + "': a matrix needs two models to route between");
        }
        TokenCounter tokens = new TokenCounter();
        long now = System.currentTimeMillis();
        Map<String, double[]> costs = new LinkedHashMap<>();
        List<MatrixResult.Model> models = new ArrayList<>();
        long[] promptTokens = new long[n];
        int modelsDone = 0;
        for (String model : m.models()) {
            progress.at("counting tokens", (long) modelsDone++ * n, (long) m.models().size() * n);
            var enc = TokenCounter.encodingFor(model);
            double[] c = new double[n];
            long pt = 0, rt = 0;
            List<String> responses = m.responses().get(model);
            for (int i = 0; i < n; i++) {
                if (i % 1024 == 1023) {
                    progress.at("counting tokens", (long) (modelsDone - 1) * n + i, (long) m.models().size() * n);
                }
                long p = tokens.count(m.prompts().get(i), enc);
                long r = responses == null ? 0 : tokens.count(responses.get(i), enc);
                promptTokens[i] = p;
                pt += p;
                rt += r;
                c[i] = pricer.simulatedCost(model, null, now, new Usage(p, 0, 0, 0, r, 0), false);
                if (Double.isNaN(c[i])) {
                    throw new IllegalArgumentException("model '" + model + "' has no price: add a catalog with --prices FILE");
                }
            }
            costs.put(model, c);
            models.add(new MatrixResult.Model(model, m.mean(model), sum(c), pt, responses == null ? null : rt));
        }
        progress.at("counting tokens", (long) m.models().size() * n, (long) m.models().size() * n);
        double[] wq = m.quality().get(weak), sq = m.quality().get(strong), wc = costs.get(weak), sc = costs.get(strong);
        Map<String, double[]> scores = new LinkedHashMap<>();
        scores.put("random", new SplittableRandom(o.seed()).doubles(n).toArray());
        scores.put("prompt length", java.util.Arrays.stream(promptTokens).asDoubleStream().toArray());
        float[][] emb = embed(embedder, m.prompts(), progress, "embedding prompts (" + embedder.name() + ")");
        double[] knn = KnnRouter.crossFittedScores(emb, wq, sq, o.k(), o.folds(), o.seed(), progress, "kNN router (" + embedder.name() + ")");
        emb = null; // the n-gram vectors below need the room
        scores.put("knn " + embedder.name(), knn);
        List<double[]> parts = new ArrayList<>(List.of(knn));
        List<String> names = new ArrayList<>(List.of("knn " + embedder.name()));
        HashEmbedder ngrams = new HashEmbedder(256);
        if (!embedder.name().equals(ngrams.name())) {
            // character n-grams see surface form (numbers, formatting) that a sentence embedding smooths away
            double[] knnNgrams = KnnRouter.crossFittedScores(embed(ngrams, m.prompts(), progress, "embedding prompts (" + ngrams.name() + ")"),
                    wq, sq, o.k(), o.folds(), o.seed(), progress, "kNN router (" + ngrams.name() + ")");
            scores.put("knn " + ngrams.name(), knnNgrams);
            parts.add(knnNgrams);
            names.add("knn " + ngrams.name());
        }
        parts.add(scores.get("prompt length"));
        names.add("length");
        progress.at("stacking routers", 0, 1);
        scores.put("stacked (" + String.join(", ", names) + ")",
                KnnRouter.stacked(parts.toArray(double[][]::new), wq, sq, o.folds(), o.seed()));
        progress.at("stacking routers", 1, 1);

        double targetQuality = !Double.isNaN(o.targetQuality()) ? o.targetQuality()
                : Double.isNaN(o.maxStrongShare()) ? m.mean(weak) + 0.8 * (m.mean(strong) - m.mean(weak)) : Double.NaN;
        List<MatrixResult.Strategy> strategies = new ArrayList<>();
        for (String model : m.models()) {
            strategies.add(new MatrixResult.Strategy("always " + model, m.mean(model), sum(costs.get(model)), Map.of(model, 1.0)));
        }
        List<MatrixResult.RouterCurve> routers = new ArrayList<>();
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            RoutingCurve curve = RoutingCurve.of(e.getValue(), wq, sq, wc, sc);
            RoutingCurve.Point chosen = choose(curve, targetQuality, o.maxStrongShare());
            Map<String, Double> share = new LinkedHashMap<>();
            share.put(weak, 1 - chosen.strongShare());
            share.put(strong, chosen.strongShare());
            strategies.add(new MatrixResult.Strategy(String.format(Locale.ROOT, "%s at threshold %.4g", e.getKey(), chosen.threshold()),
                    chosen.quality(), chosen.costUsd(), share));
            routers.add(new MatrixResult.RouterCurve(e.getKey(), curve.apgr(), curve.cpt(0.5), curve.cpt(0.8), point(chosen),
                    thin(curve.points).stream().map(MatrixSimulator::point).toList()));
        }
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "Routing between %s (weak, quality %.4f) and %s (strong, %.4f) on %d prompts; "
                + "the learned routers are k-nearest neighbours (k = %d) over %s embeddings, %d-fold cross-fitted; the stacked "
                + "router sums the ranks of the kNN scores and the prompt's length, weighted per fold by what the weights "
                + "did on the other folds.",
                weak, m.mean(weak), strong, m.mean(strong), n, o.k(), embedder.name(), o.folds()));
        notes.add("APGR: area under the share of the quality gap recovered against the share of strong calls (random: 0.5); "
                + "CPT(x): the smallest share of strong calls that recovers x of the gap.");
        notes.add(!Double.isNaN(o.maxStrongShare())
                ? String.format(Locale.ROOT, "Operating points: the best quality with at most %.1f%% strong calls.", 100 * o.maxStrongShare())
                : String.format(Locale.ROOT, "Operating points: the cheapest threshold reaching quality %.4f%s.", targetQuality,
                Double.isNaN(o.targetQuality()) ? " (80% of the gap; set --target-quality or --max-strong-share)" : ""));
        List<String> noResponses = m.models().stream().filter(x -> m.responses().get(x) == null).toList();
        notes.add(noResponses.isEmpty() ? "Costs: prompt and response tokens of each model at catalog prices."
                : (noResponses.size() == m.models().size() ? "No <model>_response columns: response_tokens is null and costs count prompt tokens only."
                : "No <model>_response column for " + String.join(", ", noResponses) + ": their response_tokens is null and their "
                + "costs count prompt tokens only; the other models' costs count prompt and response tokens at catalog prices."));
        return new MatrixResult(n, models, weak, strong, embedder.name(), strategies, routers, notes, targetQuality);
    }

    private static String check(MatrixData m, String model) {
        if (!m.models().contains(model)) {
            throw new IllegalArgumentException("model '" + model + "' is not a column of the matrix " + m.models());
        }
        return model;
    }

    /** The operating point: the cheapest reaching the target quality, or the best within the strong share. */
    static RoutingCurve.Point choose(RoutingCurve c, double targetQuality, double maxStrongShare) {
        List<RoutingCurve.Point> pts = c.points;
        if (!Double.isNaN(maxStrongShare)) {
            RoutingCurve.Point best = pts.get(0);
            for (RoutingCurve.Point p : pts) {
                if (p.strongShare() <= maxStrongShare + 1e-12 && p.quality() > best.quality()) {
                    best = p;
                }
            }
            return best;
        }
        RoutingCurve.Point best = null;
        for (RoutingCurve.Point p : pts) {
            if (p.quality() >= targetQuality - 1e-12 && (best == null || p.costUsd() < best.costUsd())) {
                best = p;
            }
        }
        return best != null ? best : pts.get(pts.size() - 1);
    }

    /** About one point per percent of strong share, always with both ends. */
    static List<RoutingCurve.Point> thin(List<RoutingCurve.Point> pts) {
        List<RoutingCurve.Point> out = new ArrayList<>();
        double next = 0;
        for (int i = 0; i < pts.size(); i++) {
            RoutingCurve.Point p = pts.get(i);
            if (i == 0 || i == pts.size() - 1 || p.strongShare() >= next) {
                out.add(p);
                next = Math.floor(p.strongShare() * (CURVE_POINTS - 1) + 1) / (CURVE_POINTS - 1);
            }
        }
        return out;
    }

    private static MatrixResult.Point point(RoutingCurve.Point p) {
        return new MatrixResult.Point(p.threshold(), p.strongShare(), p.quality(), p.costUsd());
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }
}
