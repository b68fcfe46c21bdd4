package io.techopt.forecast;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.techopt.analyze.AnalyzeResult;
import io.techopt.analyze.Dimension;
import io.techopt.pricing.PriceBook;
import io.techopt.report.AtomicOutput;
import io.techopt.report.CsvWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finance exports: a FOCUS 1.x cost and usage file (one row per day x provider x model x team) and the daily
 * forecast. Costs are techopt's recomputed list prices, so BilledCost sums to analyze-logs' cost_usd.
 */
public final class FocusCsv {
    /** The grouping the FOCUS file needs from the analysis. */
    public static final List<Dimension> GROUPING = List.of(Dimension.DAY, Dimension.PROVIDER, Dimension.MODEL, Dimension.TEAM);

    public static final List<String> COLUMNS = List.of("BilledCost", "EffectiveCost", "ListCost", "ContractedCost",
            "BillingCurrency", "ChargePeriodStart", "ChargePeriodEnd", "ChargeCategory", "ChargeDescription",
            "ServiceName", "ServiceCategory", "ProviderName", "PublisherName", "InvoiceIssuerName", "ConsumedQuantity",
            "ConsumedUnit", "SkuId", "Tags", "x_Model", "x_InputTokens", "x_CachedInputTokens", "x_OutputTokens",
            "x_Requests");

    private static final Map<String, String> PROVIDERS = Map.ofEntries(Map.entry("openai", "OpenAI"),
            Map.entry("anthropic", "Anthropic"), Map.entry("google", "Google"), Map.entry("gemini", "Google"),
            Map.entry("vertex_ai", "Google"), Map.entry("azure", "Microsoft"), Map.entry("bedrock", "AWS"),
            Map.entry("mistral", "Mistral AI"), Map.entry("deepseek", "DeepSeek"), Map.entry("xai", "xAI"),
            Map.entry("cohere", "Cohere"), Map.entry("groq", "Groq"), Map.entry("together_ai", "Together AI"),
            Map.entry("deepinfra", "DeepInfra"), Map.entry("fireworks_ai", "Fireworks AI"));

    private FocusCsv() {
    }

    public static void write(Path out, AnalyzeResult a, PriceBook prices) throws IOException {
        AnalyzeResult.GroupTable table = a.groups().stream()
                .filter(g -> g.by().equals(GROUPING.stream().map(Dimension::id).toList())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the analysis lacks the day x provider x model x team grouping"));
        var json = JsonMapper.builder().build();
        AtomicOutput.write(out, w -> {
            CsvWriter csv = new CsvWriter(w);
            csv.row(COLUMNS);
            List<AnalyzeResult.GroupRow> rows = new java.util.ArrayList<>(table.rows());
            rows.sort(java.util.Comparator.comparing((AnalyzeResult.GroupRow r) -> r.key().get("day"))
                    .thenComparing(r -> r.key().get("provider")).thenComparing(r -> r.key().get("model"))
                    .thenComparing(r -> r.key().get("team")));
            for (AnalyzeResult.GroupRow r : rows) {
                LocalDate day = LocalDate.parse(r.key().get("day"));
                String provider = r.key().get("provider");
                String model = r.key().get("model");
                String team = r.key().get("team");
                String providerName = provider.equals("(none)") ? "Unknown" : PROVIDERS.getOrDefault(provider.toLowerCase(Locale.ROOT), provider);
                PriceBook.Resolution res = prices.resolve(model, provider.equals("(none)") ? null : provider);
                Double cost = r.costUsd();
                String tags = team.equals("(none)") ? "{}" : json.writeValueAsString(Map.of("team", team));
                if (res == null) {
                    tags = json.writeValueAsString(team.equals("(none)") ? Map.of("techopt_unpriced", "true")
                            : Map.of("team", team, "techopt_unpriced", "true"));
                }
                csv.row(cost, cost, cost, cost, "USD", day + "T00:00:00Z", day.plusDays(1) + "T00:00:00Z", "Usage",
                        "LLM API tokens for " + model, providerName + " API", "AI and Machine Learning", providerName,
                        providerName, providerName, r.inputTokens() + r.outputTokens(), "Tokens",
                        res == null ? model : res.entry().key(), tags, model, r.inputTokens(),
                        r.cacheReadTokens(), r.outputTokens(), r.requests());
            }
            csv.flush();
        });
    }

    /** date, forecast, lo80, hi80, lo95, hi95 for every forecast day. */
    public static void writeForecast(Path out, ForecastResult f) throws IOException {
        AtomicOutput.write(out, w -> {
            CsvWriter csv = new CsvWriter(w);
            csv.row("date", "forecast", "lo80", "hi80", "lo95", "hi95");
            for (ForecastResult.Point p : f.forecast()) {
                csv.row(p.date(), p.costUsd(), p.lo80(), p.hi80(), p.lo95(), p.hi95());
            }
            csv.flush();
        });
    }

}
