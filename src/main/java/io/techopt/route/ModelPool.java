package io.techopt.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.techopt.core.Complexity;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.PriceVersion;
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
    /**
     * Pool models that are dated snapshots of a family the price book prices under another entry (gpt-4o-2024-05-13 of
     * gpt-4o), pool name -> family name: they take the family's tier and quality prior, not one read from their own
     * price (review r11 #10: an older snapshot priced higher was rated "premium" above its family).
     */
    public final Map<String, String> snapshotOf;
    /** What the pool file says that the log cannot back: a pool name no logged request is of (it runs on priors). */
    public final List<String> warnings;

    private final Traffic traffic;
    private final Pricer pricer;

    private ModelPool(List<Model> models, Model defaultModel, Map<String, Tier> taskTiers, double qualityFloor,
                      double maxLatencyMs, double maxCostUsd, List<String> unpriced, Map<String, String> snapshotOf, Traffic traffic,
                      Pricer pricer, List<String> warnings) {
        this.warnings = List.copyOf(warnings);
        this.traffic = traffic;
        this.pricer = pricer;
        this.models = models;
        this.defaultModel = defaultModel;
        this.taskTiers = taskTiers;
        this.qualityFloor = qualityFloor;
        this.maxLatencyMs = maxLatencyMs;
        this.maxCostUsd = maxCostUsd;
        this.unpriced = unpriced;
        this.snapshotOf = snapshotOf;
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

    /** A pool model by any name the price book's rules give it (--weak, --strong). */
    public Model byName(String name) {
        Model m = find(models, name, traffic, pricer);
        if (m != null) {
            return m;
        }
        throw new IllegalArgumentException("model '" + name + "' is not in the pool " + models.stream().map(Model::name).toList());
    }

    /** The cheapest model. */
    public Model cheapest() {
        return models.stream().min(Comparator.comparingDouble(Model::blendedPerMillion)).orElseThrow();
    }

    /** The model with the highest quality prior; on a tie a family's own model before its dated snapshots, then the dearer one. */
    public Model strongest() {
        return models.stream().max(Comparator.comparingDouble(Model::qualityPrior)
                .thenComparing(m -> !snapshotOf.containsKey(m.name()))
                .thenComparingDouble(Model::blendedPerMillion)).orElseThrow();
    }

    /** The family of a dated snapshot: its name and the price entry that prices it. */
    private record Family(String name, PriceEntry entry) {
    }

    /**
     * The family a dated snapshot belongs to: the first shorter name (without provider prefix, then without its date or
     * version suffix, the price book's rules 2-3) that the book prices under another entry; null when there is none.
     */
    private static Family family(String name, String provider, PriceEntry own, Pricer pricer) {
        if (name == null) {
            return null;
        }
        List<String> names = PriceBook.reducedNames(name);
        for (String n : names.subList(1, names.size())) {
            PriceBook.Resolution res = pricer.resolve(n, provider);
            if (res != null && !res.entry().key().equalsIgnoreCase(own.key())) {
                return new Family(n, res.entry());
            }
        }
        return null;
    }

    /**
     * The entry that stands for a logged model: its family's when it is a dated snapshot priced exactly as the family
     * (LiteLLM lists gpt-4o-mini and gpt-4o-mini-2024-07-18 as two entries of identical prices: one model, not two pool
     * models routed to each other, review r12 #3), else its own. A snapshot priced differently stays a model of its own.
     */
    private static PriceEntry samePricedFamily(String name, String provider, PriceEntry own, Pricer pricer) {
        Family fam = family(name, provider, own, pricer);
        if (fam == null) {
            return own;
        }
        PriceVersion a = own.latest(), b = fam.entry().latest();
        return a.standard().equals(b.standard()) && a.longContext().equals(b.longContext()) ? fam.entry() : own;
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
        List<Model> models = new ArrayList<>();
        List<String> unpriced = new ArrayList<>();
        Map<String, String> snapshotOf = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        if (root != null && root.has("models")) {
            // resolve every name first: merging two logged names of one pool model changes the observed latencies
            List<Object[]> resolved = new ArrayList<>();
            Map<Integer, String> claimed = new LinkedHashMap<>();
            for (JsonNode m : root.get("models")) {
                String name = m.path("model").asText(null);
                if (name == null) {
                    throw new IOException(yaml + ": every pool model needs 'model'");
                }
                String provider = m.path("provider").asText(null);
                Match match = match(name, provider, traffic, pricer, yaml);
                if (match.ids.isEmpty() && traffic != null && traffic.models.size() > 0) {
                    // review r17 #5b: a name that silently matched nothing ran the model on priors
                    warnings.add("pool model '" + name + "' matches no logged request: its quality and latency are "
                            + "priors, not measured on the log; name it as the log does to use the logged figures");
                }
                int id = match.ids.isEmpty() ? (traffic == null ? resolved.size() : traffic.models.id(name)) : match.ids.get(0);
                for (int other : match.ids.subList(Math.min(1, match.ids.size()), match.ids.size())) {
                    traffic.mergeModel(other, id);
                }
                String offered = vendorPrefixOfAnotherVendor(name, match.entry);
                if (offered != null) {
                    warnings.add(offered);
                }
                String earlier = claimed.put(id, name);
                if (earlier != null) {
                    throw new IllegalArgumentException(yaml + ": pool models '" + earlier + "' and '" + name
                            + "' are the same model by the price book's rules; name it once");
                }
                String p = provider != null ? provider : traffic != null && !match.ids.isEmpty() ? traffic.providerOf(id) : null;
                resolved.add(new Object[]{id, name, p, match.entry, m});
            }
            double[] observedLatency = traffic == null ? new double[0] : traffic.medianLatencyByModel();
            for (Object[] r : resolved) {
                Family fam = family((String) r[1], (String) r[2], (PriceEntry) r[3], pricer);
                JsonNode spec = (JsonNode) r[4];
                models.add(build((Integer) r[0], (String) r[1], (String) r[2], (PriceEntry) r[3], fam, spec, yaml, observedLatency));
                if (fam != null && !spec.has("tier") && !spec.has("quality")) {
                    snapshotOf.put((String) r[1], fam.name());
                }
            }
        } else if (traffic != null) {
            // one model per price entry (review r9 #4, issue #12 defect 5's rule): gpt-4o-mini and gpt-4o-mini-2024-07-18
            // logged side by side are one model, its first logged name, never two pool models routed to each other
            Map<String, Integer> byEntry = new LinkedHashMap<>();
            List<Object[]> resolved = new ArrayList<>();
            int n = traffic.models.size();
            for (int id = 0; id < n; id++) {
                String name = traffic.models.raw(id);
                PriceBook.Resolution res = pricer.resolve(name, traffic.providerOf(id));
                if (res == null) {
                    unpriced.add(traffic.models.name(id));
                    continue;
                }
                PriceEntry canonical = samePricedFamily(name, traffic.providerOf(id), res.entry(), pricer);
                String entryKey = canonical.catalog() + "\u0000" + canonical.key().toLowerCase(Locale.ROOT);
                Integer first = byEntry.putIfAbsent(entryKey, id);
                if (first != null) {
                    traffic.mergeModel(id, first);
                    continue;
                }
                resolved.add(new Object[]{id, name, res.entry()});
            }
            double[] observedLatency = traffic.medianLatencyByModel();
            for (Object[] r : resolved) {
                int id = (Integer) r[0];
                Family fam = family((String) r[1], traffic.providerOf(id), (PriceEntry) r[2], pricer);
                models.add(build(id, (String) r[1], traffic.providerOf(id), (PriceEntry) r[2], fam, null, yaml, observedLatency));
                if (fam != null) {
                    snapshotOf.put((String) r[1], fam.name());
                }
            }
        }
        if (models.isEmpty() && yaml == null && traffic != null && traffic.models.size() == 0) {
            // the cause is the log, not the prices (review r12 #9)
            throw new IllegalArgumentException("no request in the log, so no model to route to and nothing to simulate");
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
                def = find(models, d, traffic, pricer);
                if (def == null) {
                    throw new IllegalArgumentException(yaml + ": default model '" + d + "' is not one of its models");
                }
            }
        }
        if (def == null) {
            // the model that served most of the log, else the cheapest
            long[] served = traffic == null ? new long[0] : traffic.requestsByModel();
            def = models.stream().max(Comparator.comparingLong((Model m) -> m.id < served.length ? served[m.id] : 0)
                    .thenComparing(m -> -m.blendedPerMillion())).orElseThrow();
        }
        return new ModelPool(List.copyOf(models), def, taskTiers, floor, maxLatency, maxCost, unpriced,
                java.util.Collections.unmodifiableMap(snapshotOf), traffic, pricer, warnings);
    }

    /** The logged models a pool name stands for (in log order) and the price entry that prices it. */
    private record Match(List<Integer> ids, PriceEntry entry) {
    }

    /**
     * A pool name and a logged name are one model when the price book resolves both to the same entry, or, for a
     * pool name the book does not know (a family name such as {@code claude-sonnet-4}) or knows only by rule 4 (a
     * provider-prefixed key of another catalog's that ends in it), when the logged name reduces to it by the book's rules
     * (without provider prefix, without date suffix); the logged name's entry prices it. A pool name carrying a provider
     * prefix also means the logged names that reduce to its bare name (review r15 #2).
     */
    private static Match match(String name, String provider, Traffic traffic, Pricer pricer, Path yaml) {
        PriceBook.Resolution own = pricer.resolve(name, provider);
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        // a pool name in LiteLLM's spelling (gemini/gemini-2.5-flash) means the requests logged under the bare name too
        String bare = PriceBook.withoutRouting(wanted);
        if (own != null && own.rule() == 4 && (loggedReduceTo(wanted, traffic) || loggedReduceTo(bare, traffic))) {
            // rule 4 found only some catalog's key ending in /name (LiteLLM's gmi/anthropic/claude-sonnet-4, a reseller's):
            // the logged dated names of that family (claude-sonnet-4-20250514) are the model the pool means
            own = null;
        }
        List<Integer> ids = new ArrayList<>();
        PriceEntry entry = own == null ? null : own.entry();
        for (int id = 0; traffic != null && id < traffic.models.size(); id++) {
            String logged = traffic.models.raw(id);
            if (logged == null) {
                continue;
            }
            PriceBook.Resolution res = pricer.resolve(logged, traffic.providerOf(id));
            boolean same = oneModelId(logged).equals(oneModelId(wanted)) // whatever the book (review r17 #5, #5b)
                    || (own != null ? res != null && (res.entry().key().equalsIgnoreCase(own.entry().key())
                    || samePricedFamily(logged, traffic.providerOf(id), res.entry(), pricer).key().equalsIgnoreCase(own.entry().key())
                    || oneProvidersNameForIt(logged, wanted, res.entry(), own.entry())
                    || !bare.equals(wanted) && (PriceBook.reducedNames(logged).contains(bare)
                    || PriceBook.reducedNames(bare).contains(PriceBook.withoutRouting(logged)))) // Bedrock's id of a snapshot
                    : PriceBook.reducedNames(logged).contains(wanted) || PriceBook.reducedNames(logged).contains(bare));
            if (!same) {
                continue;
            }
            if (own == null && res != null) {
                if (entry != null && !entry.key().equalsIgnoreCase(res.entry().key())) {
                    throw new IllegalArgumentException(yaml + ": pool model '" + name + "' matches logged models priced as '"
                            + entry.key() + "' and '" + res.entry().key() + "'; name the one you mean");
                }
                entry = res.entry();
            }
            ids.add(id);
        }
        if (entry == null) {
            throw new IllegalArgumentException(yaml + ": pool model '" + name + "' resolves to no model of the price book "
                    + "and to no logged model; correct the name or add its price with --prices");
        }
        return new Match(ids, entry);
    }

    /**
     * A logged name that reduces to the pool's name (deepseek/deepseek-chat to deepseek-chat) and that one provider prices
     * under both entries is that pool model, even where the two entries differ in a field the log may not use (LiteLLM
     * gives deepseek/deepseek-chat a cache-write price of 0, deepseek-chat none): review r14 #12.
     */
    private static boolean oneProvidersNameForIt(String logged, String wanted, PriceEntry loggedEntry, PriceEntry poolEntry) {
        return loggedEntry.provider() != null && loggedEntry.provider().equalsIgnoreCase(poolEntry.provider())
                && PriceBook.reducedNames(logged).contains(wanted);
    }

    private static final java.util.regex.Pattern HOST_VERSION = java.util.regex.Pattern.compile("-v\\d+:\\d+$"); // Bedrock's, never deepseek-v3's
    private static final java.util.regex.Pattern AT_DATE = java.util.regex.Pattern.compile("@(\\d{8})$");

    /**
     * A name as the model's vendor spells it, independent of the price book: without routing prefixes (bedrock/,
     * us., anthropic.), without a host's version suffix (Bedrock's -v1:0) and with Vertex's @date as -date. Two names with
     * the same id are one model with any book (bedrock/anthropic.claude-sonnet-4-20250514-v1:0,
     * vertex_ai/claude-sonnet-4@20250514 and claude-sonnet-4-20250514); a book that prices them under different keys
     * does not make them two models.
     */
    static String oneModelId(String name) {
        String s = PriceBook.withoutRouting(name);
        s = HOST_VERSION.matcher(s).replaceFirst("");
        return AT_DATE.matcher(s).replaceFirst("-$1");
    }

    /** A vendor's own API prefix, by the vendor it serves (gemini/ is Google's API). */
    private static final Map<String, String> VENDOR_PREFIXES = Map.of("openai", "openai", "anthropic", "anthropic",
            "gemini", "google", "google", "google", "mistral", "mistral", "deepseek", "deepseek", "xai", "xai", "cohere", "cohere");

    /**
     * A warning when a pool name's prefix is a model vendor's own API and the model is another vendor's
     * (openai/claude-sonnet-4, anthropic/gemini-2.5-flash: review r16 #7b, accepted silently as the logged model); null
     * otherwise. Hosts that serve many vendors' models (bedrock/, azure/, vertex_ai/, openrouter/, groq/) are not judged:
     * the built-in price book lists only some of their offerings.
     */
    static String vendorPrefixOfAnotherVendor(String name, PriceEntry entry) {
        String named = PriceBook.namedProvider(name);
        String prefix = name.trim().toLowerCase(Locale.ROOT);
        prefix = prefix.indexOf('/') > 0 ? prefix.substring(0, prefix.indexOf('/')) : null;
        String servedBy = prefix == null || named == null ? null : VENDOR_PREFIXES.get(prefix);
        String vendor = entry == null ? null : PriceBook.catalogProvider(entry.key(), entry);
        if (servedBy == null || vendor == null || !VENDOR_PREFIXES.containsValue(vendor) || vendor.equals(servedBy)) {
            return null;
        }
        return "pool model '" + name + "': " + prefix + "/ is " + servedBy + "'s own API, and " + PriceBook.withoutRouting(name)
                + " is " + vendor + "'s model; it is priced and matched as " + vendor + "'s " + entry.key()
                + ": name the provider that serves it";
    }

    /** Whether some logged name reduces to {@code wanted} by the book's rules 2-3 (provider prefix, date suffix). */
    private static boolean loggedReduceTo(String wanted, Traffic traffic) {
        for (int id = 0; traffic != null && id < traffic.models.size(); id++) {
            String logged = traffic.models.raw(id);
            if (logged != null && !logged.trim().equalsIgnoreCase(wanted) && PriceBook.reducedNames(logged).contains(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** A pool model by name: its pool name, its logged name, or any name the price book resolves to it. */
    private static Model find(List<Model> models, String name, Traffic traffic, Pricer pricer) {
        for (Model m : models) {
            if (m.name.equalsIgnoreCase(name) || traffic != null && name.equalsIgnoreCase(traffic.models.raw(m.id))) {
                return m;
            }
        }
        // the vendor-spelling rule of pool files, whatever the book (review r18 F11: --strong on the default pool)
        String id = oneModelId(name.trim().toLowerCase(Locale.ROOT));
        for (Model m : models) {
            String logged = traffic == null ? null : traffic.models.raw(m.id);
            if (id.equalsIgnoreCase(oneModelId(m.name.trim().toLowerCase(Locale.ROOT)))
                    || logged != null && id.equalsIgnoreCase(oneModelId(logged.trim().toLowerCase(Locale.ROOT)))) {
                return m;
            }
        }
        PriceBook.Resolution res = pricer.resolve(name, null);
        List<String> reduced = PriceBook.reducedNames(name);
        for (Model m : models) {
            if (res != null && res.entry().key().equalsIgnoreCase(m.price.key())
                    || reduced.contains(m.name.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        // a family name for its logged dated snapshot (gpt-4o-mini for gpt-4o-mini-2024-07-18), as pool files read it,
        // whatever the book: LiteLLM's prices the snapshot under an entry of its own (review r19 N7)
        for (Model m : models) {
            String logged = traffic == null ? null : traffic.models.raw(m.id);
            if (PriceBook.reducedNames(oneModelId(m.name.trim().toLowerCase(Locale.ROOT))).contains(id)
                    || logged != null && PriceBook.reducedNames(oneModelId(logged.trim().toLowerCase(Locale.ROOT))).contains(id)) {
                return m;
            }
        }
        return null;
    }

    /** A pool model; a dated snapshot of a priced family ({@code fam}) without a tier of its own takes the family's. */
    private static Model build(int id, String name, String provider, PriceEntry price, Family fam, JsonNode spec, Path file,
                               double[] observedLatency) throws IOException {
        Rates r = (fam != null ? fam.entry() : price).latest().standard();
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
