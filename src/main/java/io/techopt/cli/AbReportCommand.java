package io.techopt.cli;

import io.techopt.ingest.IngestStats;
import io.techopt.experiment.AbReport;
import io.techopt.experiment.AbResult;
import io.techopt.experiment.Assignment;
import io.techopt.experiment.ExperimentAnalyzer;
import io.techopt.pricing.Pricer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

@Command(name = "ab-report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Statistics of an A/B experiment in a log, with the user as the unit: per-variant metrics, lifts with "
                + "intervals and Holm-adjusted p-values, a sample-ratio check, and a ship / don't / inconclusive verdict.")
public final class AbReportCommand extends LogCommand {
    @Option(names = "--experiment", paramLabel = "NAME", required = true, description = "The experiment to report.")
    String experiment;

    @Option(names = "--weights", paramLabel = "V=W,…",
            description = {"Configured split in assignment order (default: equal); also checks each user's logged variant "
                    + "against its deterministic assignment.", "e.g. control=0.5,treatment=0.5"}) // own line: help wrapped inside "0.5"
    String weights;

    @Option(names = "--control", paramLabel = "NAME", description = "Control variant (default: 'control', else the first by name).")
    String control;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.05", description = "Significance level (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--cuped", description = "Reduce variance of cost per user with each user's spend before the experiment.")
    boolean cuped;

    @Option(names = "--fail-on-srm", description = "Exit with code 4 on a sample ratio mismatch.")
    boolean failOnSrm;

    @Override
    void withoutSideEffects() {
        failOnSrm = false;
    }

    /** A store's last copies reach the analyzer, which keeps per user what it needs: large raw logs go through one. */
    @Override
    boolean readsLargeLogsThroughAStore() {
        return true;
    }

    /** csv's main table: each metric against control with its lift, interval, p-values and verdict. */
    @Override
    String csvMainTable() {
        return "comparisons";
    }

    @Override
    public Integer call() throws Exception {
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("--alpha must be between 0 and 0.5");
        }
        Map<String, Double> w = weights == null ? null : Assignment.parseWeights(weights);
        Pricer pricer = pricer();
        ExperimentAnalyzer analyzer = new ExperimentAnalyzer(experiment, pricer);
        IngestStats stats = read(analyzer);
        AbResult result = analyzer.finish(w, control, alpha, cuped);
        write(withIngestAndPrices(new AbReport(result), stats, analyzer.repeatedRequestIds(), pricer.used()));
        if (failOnSrm && Boolean.TRUE.equals(result.srm().flagged())) {
            // a CI log shows why it failed, even under -q
            double p = result.srm().pValue(); // 1 - cdf: 0 once below 1e-16, not "p 0.0"
            info(String.format(java.util.Locale.ROOT, "sample ratio mismatch (chi-square %.1f, p %s): exit 4 (--fail-on-srm)",
                    result.srm().chiSquare(), p > 0 ? String.format(java.util.Locale.ROOT, "%.2g", p) : "below 1e-15"));
            return ALERT;
        }
        return OK;
    }
}
