package io.techopt.core;

import java.time.LocalDate;

/**
 * One charge of a log's cost (FOCUS's unit-price rule): {@code quantity} tokens of {@code kind} (requests for
 * "billed") priced by SKU price {@code sku} of {@code priceKey} at {@code usdPerToken} (NaN for "billed", whose cost
 * is as the log billed it) on one UTC {@code day}. Names are shown names (redacted); {@code providerRaw} is the
 * logged provider, null when none was logged. {@code requests}: the requests of its day x provider x model x team
 * group on the group's first charge, 0 on the others. {@code priceEffective}: the date of the dated price that priced
 * it (analyze's price_effective), null for an undated catalog or a "billed" charge. The analyze engine makes them, the
 * forecast engine's FOCUS export writes them. {@code catalogProvider}: the provider the price catalog names for the
 * model that priced it (LiteLLM's litellm_provider; null when unknown), for a log that logs no provider.
 */
public record Charge(LocalDate day, String provider, String providerRaw, String model, String team, String priceKey,
                     String kind, String sku, double usdPerToken, long quantity, double costUsd, long requests,
                     LocalDate priceEffective, String catalogProvider) {
}
