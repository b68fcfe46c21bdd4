package io.techopt.core;

import java.util.List;

/** A log's charges, and the requests of unpriced models, which no charge can state a price for. */
public record Charges(List<Charge> charges, long unpricedRequests, List<String> unpricedModels) {
}
