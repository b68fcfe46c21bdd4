package io.techopt.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The price book: the built-in catalog, then each {@code --prices} file in order (later wins per model).
 * Reads LiteLLM's {@code model_prices_and_context_window.json} and techopt's own format (JSON or YAML, USD per
 * million tokens, optionally dated). Resolves logged model names by the four rules of pricing.md.
 */
public final class PriceBook {
    public static final String BUILTIN = "builtin";
    private static final double PER_MTOK = 1e-6;
    private static final Pattern LITELLM_TIER = Pattern.compile(
            "^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost"
                    + "|cache_creation_input_token_cost_above_1hr)_above_(\\d+)k_tokens$");
    /** Rule 3: date or version suffixes, stripped repeatedly ({@code -v1:0} then {@code -20240620}). */
    private static final Pattern VERSION_SUFFIX = Pattern.compile(
            "(-\\d{4}-\\d{2}-\\d{2}|-\\d{8}|@\\d{8}|-v\\d+(:\\d+)?|:\\d+|-\\d{3})$");
    private static final List<String> PROVIDER_PREFIXES = List.of("openai", "anthropic", "azure", "azure_ai",
            "bedrock", "bedrock_converse", "vertex_ai", "vertex_ai_beta", "gemini", "google", "openrouter", "groq",
            "together_ai", "together", "fireworks_ai", "deepinfra", "mistral", "mistralai", "deepseek", "xai",
            "cohere", "cohere_chat", "perplexity", "ollama", "ollama_chat", "databricks", "sagemaker", "watsonx",
            "cerebras", "sambanova", "hosted_vllm", "vllm", "nvidia_nim", "replicate", "huggingface", "anyscale",
            "cloudflare", "friendliai", "text-completion-openai", "litellm_proxy", "github", "nebius", "novita",
            "lambda_ai", "hyperbolic", "meta_llama");
    private static final List<String> REGION_PREFIXES = List.of("us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au.");
    private static final List<String> BEDROCK_VENDORS = List.of("anthropic.", "meta.", "amazon.", "mistral.", "cohere.",
            "ai21.", "deepseek.", "qwen.", "openai.");

    /**
     * Prefixes of a model name that name the service billing the call, by their canonical spelling: a host's
     * (azure/, bedrock/, openrouter/) or a vendor's own API's (openai/). Not model namespaces such as Hugging Face's
     * mistralai/, which say whose weights, not who bills.
     */
    private static final Map<String, String> BILLING_PREFIXES = billingPrefixes();

    private static Map<String, String> billingPrefixes() {
        Map<String, String> m = new java.util.HashMap<>();
        for (String p : PROVIDER_PREFIXES) {
            m.put(p, p);
        }
        m.remove("mistralai");
        m.remove("litellm_proxy"); // a proxy: the service behind it bills
        m.put("bedrock_converse", "bedrock");
        m.put("vertex_ai_beta", "vertex_ai");
        m.put("together", "together_ai");
        m.put("cohere_chat", "cohere");
        m.put("ollama_chat", "ollama");
        m.put("text-completion-openai", "openai");
        return Map.copyOf(m);
    }

    /** The provider a model name's own prefix names ({@code azure/gpt-4o-mini}: azure), canonical; null when none. */
    public static String namedProvider(String model) {
        if (model == null) {
            return null;
        }
        String name = model.trim().toLowerCase(Locale.ROOT);
        int slash = name.indexOf('/');
        String prefixed = slash > 0 ? BILLING_PREFIXES.get(name.substring(0, slash)) : null;
        if (prefixed != null || slash > 0 && !name.startsWith("arn:")) {
            return prefixed;
        }
        // names only one service gives (review r15 #8): Bedrock's model ids and ARNs (anthropic.claude-…-v1:0,
        // us.anthropic.…, arn:aws:bedrock:…) and OpenAI's fine-tunes (ft:gpt-4o-mini-…:org::id)
        if (name.startsWith("arn:aws:bedrock:")) {
            return "bedrock";
        }
        String bare = name;
        for (String r : REGION_PREFIXES) {
            if (bare.startsWith(r)) {
                bare = bare.substring(r.length());
                break;
            }
        }
        for (String v : BEDROCK_VENDORS) {
            if (bare.startsWith(v) && bare.length() > v.length()) {
                return "bedrock";
            }
        }
        if (name.startsWith("ft:") && OPENAI_FINE_TUNE_BASE.matcher(name).lookingAt()) {
            return "openai";
        }
        return null;
    }

    private static final Pattern OPENAI_FINE_TUNE_BASE = Pattern.compile("ft:(gpt-|o[1-9]|davinci|babbage)");

    /**
     * The provider a name without one of its own stands for, in one vocabulary whatever the price book
     * (review r15 #8: gemini-2.5-flash was google with the built-in prices and LiteLLM's internal
     * "vertex_ai-language-models" with its map): the built-in catalog's provider when it knows the name, else the
     * entry's, in its canonical spelling (vertex_ai-language-models: vertex_ai; text-completion-openai: openai).
     */
    public static String catalogProvider(String model, PriceEntry entry) {
        Resolution own = model == null ? null : builtinBook().resolve(model, null);
        String p = own != null && own.entry().provider() != null && !own.entry().provider().isBlank() ? own.entry().provider()
                : entry == null ? null : entry.provider();
        if (p == null || p.isBlank()) {
            return null;
        }
        String lower = p.strip().toLowerCase(Locale.ROOT);
        int dash = lower.indexOf('-');
        String family = dash > 0 && lower.startsWith("vertex_ai") ? "vertex_ai" : lower;
        return BILLING_PREFIXES.getOrDefault(family, family);
    }

    private static volatile PriceBook builtinBook;

    private static PriceBook builtinBook() {
        PriceBook b = builtinBook;
        if (b == null) {
            builtinBook = b = builtin();
        }
        return b;
    }

    private final Map<String, PriceEntry> entries = new LinkedHashMap<>();
    private final List<String> catalogs = new ArrayList<>();
    private final List<String> digests = new ArrayList<>();
    private final Map<String, Resolution> cache = new ConcurrentHashMap<>();
    private volatile Map<String, List<String>> bySuffix;

    /** How a logged model name was resolved: the entry and which rule (1-4) found it. */
    public record Resolution(PriceEntry entry, int rule) {
    }

    public static PriceBook builtin() {
        PriceBook b = new PriceBook();
        try (InputStream in = PriceBook.class.getResourceAsStream("builtin-prices.json")) {
            if (in == null) {
                throw new IllegalStateException("built-in price catalog missing from the jar");
            }
            byte[] bytes = in.readAllBytes();
            b.addTechopt(JsonMapper.builder().build().readTree(bytes), BUILTIN);
            b.digests.add(digest(bytes));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in price catalog", e);
        }
        b.catalogs.add(BUILTIN);
        return b;
    }

    /** Adds a catalog file; its entries replace earlier ones of the same key. */
    public void load(Path file) throws IOException, PriceFormatException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper m = name.endsWith(".yaml") || name.endsWith(".yml") ? new YAMLMapper() : JsonMapper.builder().build();
        JsonNode root;
        byte[] bytes = Files.readAllBytes(file);
        try {
            root = m.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new PriceFormatException(file + ": not valid " + (m instanceof YAMLMapper ? "YAML" : "JSON")
                    + " (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new PriceFormatException(file + ": a price catalog must be a JSON or YAML object");
        }
        String catalog = file.getFileName().toString();
        if (root.has("models") && root.get("models").isArray()) {
            addTechopt(root, catalog);
        } else {
            addFlat(root, catalog, file);
        }
        catalogs.add(catalog);
        digests.add(digest(bytes));
        bySuffix = null;
        cache.clear();
    }

    public List<String> catalogs() {
        return List.copyOf(catalogs);
    }

    /**
     * Each catalog's content digest ("sha256:" and 16 hex digits), in the order of {@link #catalogs} (later ones win),
     * so a store can tell a catalog edited in place, or the same one under another name, from the catalog its rows were
     * priced with.
     */
    public List<String> catalogDigests() {
        return List.copyOf(digests);
    }

    private static String digest(byte[] bytes) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public int size() {
        return entries.size();
    }

    public PriceEntry get(String key) {
        return entries.get(key.toLowerCase(Locale.ROOT));
    }

    private void put(PriceEntry e) {
        // a later catalog replaces the prices but not the position: catalog order is the order keys first appeared
        entries.put(e.key().toLowerCase(Locale.ROOT), e);
    }

    /** techopt's format: {models: [{key, provider, prompt_cache_min_tokens, prices: [{effective, input, …}]}]}. */
    private void addTechopt(JsonNode root, String catalog) throws IOException {
        for (JsonNode m : root.get("models")) {
            String key = m.path("key").asText(null);
            if (key == null || key.isBlank()) {
                throw new PriceFormatException(catalog + ": a model without 'key'");
            }
            List<PriceVersion> versions = new ArrayList<>();
            JsonNode prices = m.has("prices") ? m.get("prices") : null;
            if (prices == null) {
                versions.add(techoptVersion(m, catalog, key));
            } else {
                for (JsonNode p : prices) {
                    versions.add(techoptVersion(p, catalog, key));
                }
            }
            if (versions.isEmpty()) {
                throw new PriceFormatException(catalog + ": model '" + key + "' has no prices");
            }
            versions.sort(Comparator.comparing(PriceVersion::effective, Comparator.nullsFirst(Comparator.naturalOrder())));
            put(new PriceEntry(key, m.path("provider").asText(null), List.copyOf(versions),
                    m.path("prompt_cache_min_tokens").asInt(1024), catalog));
        }
    }

    private static PriceVersion techoptVersion(JsonNode p, String catalog, String key) throws PriceFormatException {
        LocalDate eff = null;
        if (p.hasNonNull("effective")) {
            try {
                eff = LocalDate.parse(p.get("effective").asText());
            } catch (DateTimeParseException e) {
                throw new PriceFormatException(catalog + ": model '" + key + "': 'effective' must be YYYY-MM-DD");
            }
        }
        if (!p.has("input") && !p.has("output")) {
            throw new PriceFormatException(catalog + ": model '" + key + "' needs 'input' and/or 'output' (USD per million tokens)");
        }
        List<Rates> tiers = new ArrayList<>();
        for (JsonNode t : p.path("long_context")) {
            tiers.add(new Rates(t.path("above_tokens").asLong(), mtok(t, "input"), mtok(t, "output"),
                    mtok(t, "cache_read"), mtok(t, "cache_write"), mtok(t, "cache_write_1h")));
        }
        tiers.sort(Comparator.comparingLong(Rates::aboveTokens));
        return new PriceVersion(eff, new Rates(0, mtok(p, "input"), mtok(p, "output"), mtok(p, "cache_read"),
                mtok(p, "cache_write"), mtok(p, "cache_write_1h")), mtok(p, "batch_input"), mtok(p, "batch_output"),
                List.copyOf(tiers));
    }

    private static double mtok(JsonNode n, String f) throws PriceFormatException {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber() || v.asDouble() < 0) {
            throw new PriceFormatException("price '" + f + "' must be a non-negative number (USD per million tokens)");
        }
        return v.asDouble() * PER_MTOK;
    }

    /** LiteLLM's map ({key: {input_cost_per_token, …}}) or the short form ({key: {input, output, …}}). */
    private void addFlat(JsonNode root, String catalog, Path file) throws PriceFormatException {
        var it = root.properties().iterator();
        while (it.hasNext()) {
            var f = it.next();
            JsonNode v = f.getValue();
            if (!v.isObject() || f.getKey().equals("sample_spec")) {
                continue;
            }
            if (v.has("input_cost_per_token") || v.has("output_cost_per_token")) {
                PriceEntry e = litellm(f.getKey(), v, catalog);
                if (e != null) {
                    put(e);
                }
            } else if (v.has("input") || v.has("output") || v.has("prices")) {
                com.fasterxml.jackson.databind.node.ObjectNode m = ((com.fasterxml.jackson.databind.node.ObjectNode) v).deepCopy();
                m.put("key", f.getKey());
                try {
                    addTechopt(JsonMapper.builder().build().createObjectNode().set("models",
                            JsonMapper.builder().build().createArrayNode().add(m)), catalog);
                } catch (PriceFormatException e) {
                    throw e;
                } catch (IOException e) {
                    throw new PriceFormatException(file + ": " + e.getMessage());
                }
            }
        }
    }

    private static PriceEntry litellm(String key, JsonNode v, String catalog) {
        double in = perToken(v, "input_cost_per_token");
        double out = perToken(v, "output_cost_per_token");
        if (Double.isNaN(in) && Double.isNaN(out)) {
            return null;
        }
        Map<Long, double[]> tiers = new java.util.TreeMap<>();
        var it = v.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            Matcher m = LITELLM_TIER.matcher(f);
            if (m.matches()) {
                long above = Long.parseLong(m.group(2)) * 1000;
                double[] t = tiers.computeIfAbsent(above, k -> new double[]{Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
                int idx = switch (m.group(1)) {
                    case "input_cost_per_token" -> 0;
                    case "output_cost_per_token" -> 1;
                    case "cache_read_input_token_cost" -> 2;
                    case "cache_creation_input_token_cost" -> 3;
                    default -> 4;
                };
                t[idx] = perToken(v, f);
            }
        }
        List<Rates> tierList = new ArrayList<>();
        tiers.forEach((above, t) -> tierList.add(new Rates(above, t[0], t[1], t[2], t[3], t[4])));
        Rates std = new Rates(0, in, out, perToken(v, "cache_read_input_token_cost"),
                perToken(v, "cache_creation_input_token_cost"), perToken(v, "cache_creation_input_token_cost_above_1hr"));
        int minCache = v.path("prompt_cache_min_tokens").asInt(1024);
        return new PriceEntry(key, v.path("litellm_provider").asText(null),
                List.of(new PriceVersion(null, std, perToken(v, "input_cost_per_token_batches"),
                        perToken(v, "output_cost_per_token_batches"), List.copyOf(tierList))), minCache, catalog);
    }

    private static double perToken(JsonNode v, String f) {
        JsonNode n = v.get(f);
        if (n == null || n.isNull()) {
            return Double.NaN;
        }
        if (n.isNumber()) {
            return n.asDouble() < 0 ? Double.NaN : n.asDouble();
        }
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** Resolves a logged model name (pricing.md rules 1-4); null when it is unpriced. */
    public Resolution resolve(String model, String provider) {
        String cacheKey = model + '\u0000' + (provider == null ? "" : provider);
        Resolution r = cache.get(cacheKey);
        if (r == null) {
            r = doResolve(model, provider);
            cache.put(cacheKey, r == null ? NONE : r);
        }
        return r == NONE ? null : r;
    }

    private static final Resolution NONE = new Resolution(null, 0);

    /**
     * Catalog keys that reduce (rules 2-3) to this unpriced name, e.g. {@code claude-sonnet-4-20250514} for
     * {@code claude-sonnet-4}: rule 3 prices such a dated name under its short one, never the short name at a dated
     * price (which snapshot it means is unknown), so a warning can say which logged names would price it.
     */
    public List<String> namesThatWouldPrice(String model, int limit) {
        List<String> reduced = reducedNames(model);
        String shortest = reduced.get(reduced.size() - 1);
        List<String> out = new ArrayList<>();
        for (String k : entries.keySet()) {
            if (out.size() < limit && !k.equals(shortest) && reducedNames(k).contains(shortest)) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * The names a model name stands for by rules 1-3, most specific first: itself (lower case), without its provider
     * prefixes, then without its date or version suffixes ({@code openai/gpt-4o-mini-2024-07-18} -> ...,
     * {@code gpt-4o-mini-2024-07-18}, {@code gpt-4o-mini}).
     */
    public static List<String> reducedNames(String model) {
        String name = model.trim().toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>(List.of(name));
        List<String> prefixes = withoutPrefixes(name);
        out.addAll(prefixes);
        String bare = prefixes.isEmpty() ? name : prefixes.get(prefixes.size() - 1);
        for (String s = stripVersion(bare); s != null; s = stripVersion(s)) {
            out.add(s);
        }
        return out;
    }

    /** The name without its routing prefixes ({@code anthropic/claude-sonnet-4} -> {@code claude-sonnet-4}), lower case. */
    public static String withoutRouting(String model) {
        String name = model.trim().toLowerCase(Locale.ROOT);
        List<String> prefixes = withoutPrefixes(name);
        return prefixes.isEmpty() ? name : prefixes.get(prefixes.size() - 1);
    }

    private Resolution doResolve(String model, String provider) {
        String name = model.trim().toLowerCase(Locale.ROOT);
        PriceEntry e = entries.get(name);
        if (e != null) {
            return new Resolution(e, 1);
        }
        String bare = name;
        for (String candidate : withoutPrefixes(name)) {
            bare = candidate;
            if ((e = entries.get(candidate)) != null) {
                return new Resolution(e, 2);
            }
        }
        for (String s = stripVersion(bare); s != null; s = stripVersion(s)) {
            if ((e = entries.get(s)) != null) {
                return new Resolution(e, 3);
            }
        }
        String prov = provider == null ? null : provider.toLowerCase(Locale.ROOT);
        for (String candidate : List.of(name, bare)) {
            e = bySuffix(candidate, prov);
            if (e != null) {
                return new Resolution(e, 4);
            }
        }
        for (String s = stripVersion(bare); s != null; s = stripVersion(s)) {
            if ((e = bySuffix(s, prov)) != null) {
                return new Resolution(e, 4);
            }
        }
        return null;
    }

    /**
     * The name with ever more of its routing removed, most specific first: provider prefixes
     * ({@code openrouter/anthropic/…}), a Bedrock ARN, a cross-region prefix ({@code us.}), a Bedrock vendor
     * prefix ({@code anthropic.}).
     */
    static List<String> withoutPrefixes(String name) {
        List<String> out = new ArrayList<>();
        String s = name;
        if (s.startsWith("arn:") && s.contains("/")) {
            s = s.substring(s.lastIndexOf('/') + 1);
            out.add(s);
        }
        for (int slash = s.indexOf('/'); slash > 0 && PROVIDER_PREFIXES.contains(s.substring(0, slash)); slash = s.indexOf('/')) {
            s = s.substring(slash + 1);
            out.add(s);
        }
        for (String r : REGION_PREFIXES) {
            if (s.startsWith(r) && s.indexOf('.', r.length()) > 0) {
                s = s.substring(r.length());
                out.add(s);
                break;
            }
        }
        for (String v : BEDROCK_VENDORS) {
            if (s.startsWith(v)) {
                out.add(s.substring(v.length()));
                break;
            }
        }
        return out;
    }

    static String stripVersion(String name) {
        Matcher m = VERSION_SUFFIX.matcher(name);
        if (m.find() && m.start() > 0) {
            return name.substring(0, m.start());
        }
        return null;
    }

    private PriceEntry bySuffix(String name, String provider) {
        Map<String, List<String>> idx = bySuffix;
        if (idx == null) {
            idx = new java.util.HashMap<>();
            for (String k : entries.keySet()) {
                for (int i = k.indexOf('/'); i >= 0; i = k.indexOf('/', i + 1)) {
                    idx.computeIfAbsent(k.substring(i + 1), x -> new ArrayList<>()).add(k);
                }
            }
            bySuffix = idx;
        }
        List<String> keys = idx.get(name);
        if (keys == null) {
            return null;
        }
        if (provider != null) {
            for (String k : keys) {
                PriceEntry e = entries.get(k);
                if (k.startsWith(provider + "/") || provider.equalsIgnoreCase(e.provider())) {
                    return e;
                }
            }
        }
        return entries.get(keys.get(0));
    }
}
