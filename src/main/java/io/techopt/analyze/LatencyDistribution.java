package io.techopt.analyze;

import io.techopt.stats.DoubleList;
import io.techopt.stats.Percentiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.techopt.stats.Measured.nullIfNaN;

/** The log's latency: percentiles and mean, and a histogram on log-spaced bins. */
final class LatencyDistribution {
    final AnalyzeResult.Latency summary;
    final List<AnalyzeResult.Bin> histogram;

    /** Sorts {@code latencies} where they lie (a copy would cost 8 bytes a request at analyze's peak of memory). */
    LatencyDistribution(DoubleList latencies) {
        double mean = latencies.mean(); // summed in log order, as before the sort
        int nl = latencies.size();
        double[] sorted = latencies.raw().length == nl ? latencies.raw() : Arrays.copyOf(latencies.raw(), nl);
        Arrays.sort(sorted);
        summary = new AnalyzeResult.Latency(nullIfNaN(Percentiles.ofSorted(sorted, nl, 0.5)),
                nullIfNaN(Percentiles.ofSorted(sorted, nl, 0.95)), nullIfNaN(Percentiles.ofSorted(sorted, nl, 0.99)),
                nullIfNaN(mean), nl);
        histogram = histogram(sorted);
    }

    /** Latency distribution on 20 log-spaced bins, so both the fast bulk and the slow tail show. */
    static List<AnalyzeResult.Bin> histogram(double[] sorted) {
        if (sorted.length < 2) {
            return List.of();
        }
        double lo = Math.max(1, sorted[0]), hi = Math.max(lo * 1.0001, sorted[sorted.length - 1]);
        int bins = 20;
        double step = Math.log(hi / lo) / bins;
        long[] counts = new long[bins];
        for (double x : sorted) {
            int k = x <= lo ? 0 : (int) Math.min(bins - 1, Math.floor(Math.log(x / lo) / step));
            counts[k]++;
        }
        List<AnalyzeResult.Bin> out = new ArrayList<>(bins);
        for (int k = 0; k < bins; k++) {
            out.add(new AnalyzeResult.Bin(lo * Math.exp(k * step), lo * Math.exp((k + 1) * step), counts[k]));
        }
        return out;
    }
}
