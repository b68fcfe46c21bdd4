package io.techopt.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.techopt.budget.TokenBudget.Complexity;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.Pricer;
import io.techopt.pricing.Rates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The models a router may choose from, with what it assumes of each before seeing traffic: tier, quality prior,
 * latency prior and context window. By default every priced model of the log, its tier from its price; a YAML pool
 * file names the models and overrides any of that:
 * <pre>
 * default: gpt-4o-mini
 * models:
 *   - {model: gpt-4o-mini, tier: economy, quality: 0.74, latency_ms: 900, max_context: 128000}
 *   - {model: claude-sonnet-4-20250514, tier: premium, quality: 0.9}
 * task_tiers: {simple_qa: economy, code_generation: premium}
 * constraints: {quality_floor: 0.7, max_latency_ms: 8000, max_cost_usd: 0.05}
 * </pre>
 */
public final class ModelPool {
    public enum Tier {
        ECONOMY, STANDARD, PREMIUM;

        static Tier parse(String s, Path file) throws IOException {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": tier '" + s + "' is not economy, standard or premium");
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Priors when the pool file gives none: by tier. */
    static final double[] QUALITY_PRIOR = {0.72, 0.80, 0.88};
    static final double[] LATENCY_PRIOR_MS = {900, 1500, 2500};

    public record Model(int id, String name, String provider, Tier tier, double qualityPrior, double latencyPriorMs,
                        long maxContext, PriceEntry price) {
        /** USD per million tokens, three input tokens to one output token: what the tier defaults go by. */
        public double blendedPerMillion() {
            Rates r = price.latest().standard();
            return (3 * Rates.or(r.input(), 0) + Rates.or(r.output(), 0)) / 4 * 1e6;
        }
    }

    public final List<Model> models;
    public final Model defaultModel;
    public final Map<String, Tier> taskTiers;
    public final double qualityFloor, maxLatencyMs, maxCostUsd;
    /** Logged models that have no price and so cannot be routed to. */
    public final List<String> unpriced;

    private ModelPool(List<Model> models, Model defaultModel, Map<String, Tier> taskTiers, double qualityFloor,
                      double maxLatencyMs, double maxCostUsd, List<String> unpriced) {
        this.models = models;
        this.defaultModel = defaultModel;
        this.taskTiers = taskTiers;
        this.qualityFloor = qualityFloor;
        this.maxLatencyMs = maxLatencyMs;
        this.maxCostUsd = maxCostUsd;
        this.unpriced = unpriced;
    }

    /** The tier a tier-less model gets from its blended price per million tokens. */
    static Tier tierOf(double blendedPerMillion) {
        return blendedPerMillion < 1.0 ? Tier.ECONOMY : blendedPerMillion < 6.0 ? Tier.STANDARD : Tier.PREMIUM;
    }

    /** The tier a task type needs when the pool file does not say: from its complexity class. */
    public Tier tierFor(String taskType, int complexity) {
        Tier t = taskTiers.get(taskType);
        return t != null ? t : Tier.values()[Math.min(complexity, Complexity.values().length - 1)];
    }

    public Model byId(int id) {
        for (Model m : models) {
            if (m.id == id) {
                return m;
            }
        }
        return null;
    }

    public Model byName(String name) {
        for (Model m : models) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("model '" + name + "' is not in the pool " + models.stream().map(Model::name).toList());
    }

    /** The cheapest model. */
    public Model cheapest() {
        return models.stream().min(Comparator.comparingDouble(Model::blendedPerMillion)).orElseThrow();
    }

    /** The model with the highest quality prior; the dearer one on a tie. */
    public Model strongest() {
        return models.stream().max(Comparator.comparingDouble(Model::qualityPrior).thenComparingDouble(Model::blendedPerMillion)).orElseThrow();
    }

    public static ModelPool load(Path yaml, Traffic traffic, Pricer pricer) throws IOException {
        JsonNode root = null;
        if (yaml != null) {
            try {
                root = new YAMLMapper().readTree(Files.readString(yaml));
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw new IOException(yaml + ": not valid YAML");
            }
            if (root == null || !root.isObject()) {
                throw new IOException(yaml + ": a pool file is a mapping with 'models' (and optionally default, task_tiers, constraints)");
            }
        }
        double[] observedLatency = traffic == null ? new double[0] : traffic.medianLatencyByModel();
        List<Model> models = new ArrayList<>();
        List<String> unpriced = new ArrayList<>();
        if (root != null && root.has("models")) {
            for (JsonNode m : root.get("models")) {
                String name = m.path("model").asText(null);
                if (name == null) {
                    throw new IOException(yaml + ": every pool model needs 'model'");
                }
                String provider = m.path("provider").asText(null);
                PriceBook.Resolution res = pricer.resolve(name, provider);
                if (res == null) {
                    throw new IOException(yaml + ": model '" + name + "' has no price; add it with --prices");
                }
                int id = traffic == null ? models.size() : traffic.models.id(name);
                models.add(build(id, name, provider, res.entry(), m, yaml, observedLatency));
            }
        } else if (traffic != null) {
            for (int id = 0; id < traffic.models.size(); id++) {
                String name = traffic.models.raw(id);
                PriceBook.Resolution res = pricer.resolve(name, traffic.providerOf(id));
                if (res == null) {
                    unpriced.add(traffic.models.name(id));
                    continue;
                }
                models.add(build(id, name, traffic.providerOf(id), res.entry(), null, yaml, observedLatency));
            }
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no priced model to route to: give a pool file with --pool or prices with --prices");
        }
        Map<String, Tier> taskTiers = new LinkedHashMap<>();
        double floor = 0.7, maxLatency = Double.POSITIVE_INFINITY, maxCost = Double.POSITIVE_INFINITY;
        Model def = null;
        if (root != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("task_tiers").properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                taskTiers.put(e.getKey(), Tier.parse(e.getValue().asText(), yaml));
            }
            JsonNode c = root.path("constraints");
            floor = c.path("quality_floor").asDouble(floor);
            maxLatency = c.path("max_latency_ms").asDouble(maxLatency);
            maxCost = c.path("max_cost_usd").asDouble(maxCost);
            if (root.has("default")) {
                String d = root.get("default").asText();
                def = models.stream().filter(m -> m.name.equals(d)).findFirst()
                        .orElseThrow(() -> new IOException(yaml + ": default model '" + d + "' is not one of its models"));
            }
        }
        if (def == null) {
            // the model that served most of the log, else the cheapest
            long[] served = traffic == null ? new long[0] : traffic.requestsByModel();
            def = models.stream().max(Comparator.comparingLong((Model m) -> m.id < served.length ? served[m.id] : 0)
                    .thenComparing(m -> -m.blendedPerMillion())).orElseThrow();
        }
        return new ModelPool(List.copyOf(models), def, taskTiers, floor, maxLatency, maxCost, unpriced);
    }

    private static Model build(int id, String name, String provider, PriceEntry price, JsonNode spec, Path file,
                               double[] observedLatency) throws IOException {
        Rates r = price.latest().standard();
        Tier tier = spec != null && spec.has("tier") ? Tier.parse(spec.get("tier").asText(), file)
                : tierOf((3 * Rates.or(r.input(), 0) + Rates.or(r.output(), 0)) / 4 * 1e6);
        double q = spec != null && spec.has("quality") ? spec.get("quality").asDouble() : QUALITY_PRIOR[tier.ordinal()];
        if (!(q >= 0 && q <= 1)) {
            throw new IOException(file + ": quality of '" + name + "' must be within 0..1");
        }
        double observed = id < observedLatency.length ? observedLatency[id] : Double.NaN;
        double latency = spec != null && spec.has("latency_ms") ? spec.get("latency_ms").asDouble()
                : !Double.isNaN(observed) ? observed : LATENCY_PRIOR_MS[tier.ordinal()];
        long ctx = spec != null && spec.has("max_context") ? spec.get("max_context").asLong() : Long.MAX_VALUE;
        return new Model(id, name, provider, tier, q, latency, ctx, price);
    }
}
