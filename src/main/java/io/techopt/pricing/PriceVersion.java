package io.techopt.pricing;

import java.time.LocalDate;
import java.util.List;

/**
 * The prices of one model from a date on ({@code effective} null when the catalog is undated). Batch rates are
 * NaN when the catalog has no batch figure (then batch pays half the standard rate). Tiers are sorted by
 * threshold, lowest first.
 */
public record PriceVersion(LocalDate effective, Rates standard, double batchInput, double batchOutput,
                           List<Rates> longContext) {
}
