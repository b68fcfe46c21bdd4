package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A second, deliberately plain implementation of what analyze-logs must report for a canonical log: it reads
 * the file as JSON trees, prices straight from the built-in catalog file with BigDecimal arithmetic, and sorts
 * for percentiles. It shares no code with the product.
 */
final class IndependentRecomputation {
    final Map<String, ModelTotals> byModel = new LinkedHashMap<>();
    long requests, errors, input, output, cacheRead, cacheWrite;
    BigDecimal cost = BigDecimal.ZERO;
    double[] latencies;
    long withPrompt, distinctPrompts;

    static final class ModelTotals {
        long requests, input, output;
        BigDecimal cost = BigDecimal.ZERO;
        boolean priced = true;
        List<Double> latency = new ArrayList<>();
    }

    static IndependentRecomputation of(Path log) throws IOException {
        ObjectMapper m = new ObjectMapper();
        JsonNode catalog;
        try (InputStream in = IndependentRecomputation.class.getResourceAsStream("/io/techopt/pricing/builtin-prices.json")) {
            catalog = m.readTree(in);
        }
        Map<String, JsonNode> kept = new LinkedHashMap<>();
        int anonymous = 0;
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode r = m.readTree(line);
            String id = r.hasNonNull("request_id") ? r.get("request_id").asText() : "#" + anonymous++;
            kept.remove(id); // last wins, and counts where it stands last
            kept.put(id, r);
        }
        IndependentRecomputation x = new IndependentRecomputation();
        List<Double> lat = new ArrayList<>();
        Set<String> prompts = new HashSet<>();
        for (JsonNode r : kept.values()) {
            String model = r.get("model").asText();
            JsonNode u = r.get("usage");
            long in = u.path("input_tokens").asLong(), cr = u.path("cache_read_input_tokens").asLong(),
                    cw = u.path("cache_creation_input_tokens").asLong(), cw1h = u.path("cache_creation_1h_input_tokens").asLong(),
                    out = u.path("output_tokens").asLong();
            x.requests++;
            if ("error".equals(r.path("status").asText())) {
                x.errors++;
            }
            x.input += in;
            x.output += out;
            x.cacheRead += cr;
            x.cacheWrite += cw + cw1h;
            ModelTotals mt = x.byModel.computeIfAbsent(model, k -> new ModelTotals());
            mt.requests++;
            mt.input += in;
            mt.output += out;
            long ts = r.get("timestamp").isNumber() ? r.get("timestamp").asLong()
                    : Instant.parse(r.get("timestamp").asText()).toEpochMilli();
            JsonNode price = version(catalog, model, LocalDate.ofInstant(Instant.ofEpochMilli(ts), ZoneOffset.UTC));
            if (price == null) {
                mt.priced = false;
            } else {
                BigDecimal c = price(price, in, cr, cw, cw1h, out, r.path("batch").asBoolean(false));
                mt.cost = mt.cost.add(c);
                x.cost = x.cost.add(c);
            }
            if (r.hasNonNull("latency_ms")) {
                lat.add(r.get("latency_ms").asDouble());
                mt.latency.add(r.get("latency_ms").asDouble());
            }
            if (r.has("messages") && r.get("messages").size() > 0) {
                x.withPrompt++;
                StringBuilder key = new StringBuilder(model);
                for (JsonNode msg : r.get("messages")) {
                    key.append('\u0001').append(msg.get("role").asText()).append('\u0002')
                            .append(msg.get("content").asText().replaceAll("(?U)\\s+", " ").replaceAll("^ | $", ""));
                }
                prompts.add(key.toString());
            }
        }
        x.distinctPrompts = prompts.size();
        x.latencies = lat.stream().mapToDouble(Double::doubleValue).toArray();
        return x;
    }

    /** numpy.percentile(a, q, method="linear"). */
    static double percentile(List<Double> values, double q) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return percentile(a, q);
    }

    static double percentile(double[] values, double q) {
        double[] a = values.clone();
        Arrays.sort(a);
        double pos = (a.length - 1) * q;
        int lo = (int) pos;
        if (lo + 1 >= a.length) {
            return a[a.length - 1];
        }
        return a[lo] + (pos - lo) * (a[lo + 1] - a[lo]);
    }

    /** Exact key, then without an openai/ or anthropic/ prefix, then without a date suffix. */
    private static JsonNode version(JsonNode catalog, String model, LocalDate date) {
        String name = model.toLowerCase();
        List<String> candidates = new ArrayList<>(List.of(name));
        if (name.matches("(openai|anthropic|deepseek)/.*")) {
            candidates.add(name.substring(name.indexOf('/') + 1));
        }
        String last = candidates.get(candidates.size() - 1);
        if (last.matches(".*-\\d{4}-\\d{2}-\\d{2}$")) {
            candidates.add(last.substring(0, last.length() - 11));
        } else if (last.matches(".*-\\d{8}$")) {
            candidates.add(last.substring(0, last.length() - 9));
        }
        for (String c : candidates) {
            for (JsonNode e : catalog.get("models")) {
                if (e.get("key").asText().equalsIgnoreCase(c)) {
                    JsonNode chosen = e.get("prices").get(0);
                    for (JsonNode p : e.get("prices")) {
                        if (!LocalDate.parse(p.get("effective").asText()).isAfter(date)) {
                            chosen = p;
                        }
                    }
                    return chosen;
                }
            }
        }
        return null;
    }

    private static BigDecimal price(JsonNode p, long in, long cr, long cw, long cw1h, long out, boolean batch) {
        long prompt = in + cr + cw + cw1h;
        JsonNode tier = null;
        for (JsonNode t : p.path("long_context")) {
            if (prompt > t.get("above_tokens").asLong()) {
                tier = t;
            }
        }
        BigDecimal inR = rate(tier, p, "input", null);
        BigDecimal outR = rate(tier, p, "output", null);
        BigDecimal crR = rate(tier, p, "cache_read", inR);
        BigDecimal cwR = rate(tier, p, "cache_write", inR);
        BigDecimal cw1hR = rate(tier, p, "cache_write_1h", cwR);
        if (batch) {
            BigDecimal half = new BigDecimal("0.5");
            inR = tier == null && p.has("batch_input") ? p.get("batch_input").decimalValue() : inR.multiply(half);
            outR = tier == null && p.has("batch_output") ? p.get("batch_output").decimalValue() : outR.multiply(half);
            crR = crR.multiply(half);
            cwR = cwR.multiply(half);
            cw1hR = cw1hR.multiply(half);
        }
        BigDecimal perMillion = inR.multiply(BigDecimal.valueOf(in)).add(outR.multiply(BigDecimal.valueOf(out)))
                .add(crR.multiply(BigDecimal.valueOf(cr))).add(cwR.multiply(BigDecimal.valueOf(cw)))
                .add(cw1hR.multiply(BigDecimal.valueOf(cw1h)));
        return perMillion.movePointLeft(6);
    }

    private static BigDecimal rate(JsonNode tier, JsonNode p, String kind, BigDecimal fallback) {
        if (tier != null && tier.has(kind)) {
            return tier.get(kind).decimalValue();
        }
        if (p.has(kind)) {
            return p.get(kind).decimalValue();
        }
        if (tier != null && fallback == null) {
            return BigDecimal.ZERO;
        }
        return fallback == null ? BigDecimal.ZERO : fallback;
    }
}
