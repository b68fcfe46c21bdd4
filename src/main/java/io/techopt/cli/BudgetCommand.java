package io.techopt.cli;

import io.techopt.compress.BudgetFitter;
import io.techopt.core.Complexity;
import io.techopt.ingest.IngestStats;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.budget.BudgetAnalyzer;
import io.techopt.budget.BudgetReport;
import io.techopt.budget.PromptBudget;
import io.techopt.budget.PromptBudgetReport;
import io.techopt.budget.TokenBudget;
import io.techopt.pricing.Pricer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

@Command(name = "budget", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Token budgets: how prompts and answers of a log fit them per task type and complexity, adaptive "
                + "budgets from the percentiles and what enforcing them saves; or, with --prompt, one prompt allocated and "
                + "compressed to fit its budget."},
        footer = {"", "Budgets (YAML, any part overrides the default):",
                "  simple:  {system: 300, context: 500, input: 300, output: 600, reserve: 100}   # 1,800",
                "  medium:  {system: 600, context: 1800, input: 600, output: 1200, reserve: 300} # 4,500",
                "  complex: {system: 1000, context: 3500, input: 1000, output: 2500, reserve: 500} # 8,500"})
public final class BudgetCommand extends LogCommand {
    @Option(names = "--budgets", paramLabel = "FILE", description = "Budgets per complexity (YAML).")
    Path budgetsFile;

    @Option(names = "--prompt", description = "FILE is one prompt (text): allocate it a budget and compress it to fit.")
    boolean prompt;

    @Option(names = "--task-type", paramLabel = "TYPE", description = "With --prompt: the task type (default: from the prompt).")
    String taskType;

    @Option(names = "--encoding", paramLabel = "NAME", defaultValue = "o200k_base", completionCandidates = CompletionValues.Encodings.class, description = "With --prompt (default: ${DEFAULT-VALUE}).")
    String encoding;

    @Override
    TextUse textUse() {
        return new TextUse("budget", Need.UNTYPED);
    }

    @Override
    public Integer call() throws Exception {
        Map<Complexity, TokenBudget> budgets = budgetsFile == null ? TokenBudget.defaults() : TokenBudget.load(budgetsFile);
        if (prompt) {
            if (input.store != null) {
                throw new IllegalArgumentException("--prompt budgets one prompt file; --store reads a store's requests: give one or the other");
            }
            EncodingType enc = EncodingType.fromName(encoding.toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> new IllegalArgumentException("unknown encoding '" + encoding + "'"));
            String text = PromptFile.read(input.files().get(0));
            if (text.isBlank()) {
                // cli.md: a usage error, like calibrate's empty pairs file; there is no prompt to allocate a budget to
                throw new IllegalArgumentException(input.files().get(0) + " is empty: no prompt to budget (--prompt takes a text file)");
            }
            PromptBudget.Fit fit = PromptBudget.fit(text, taskType, budgets, new BudgetFitter(enc));
            write(PromptBudgetReport.of(fit, taskType));
            return OK;
        }
        Pricer pricer = pricer();
        BudgetAnalyzer analyzer = new BudgetAnalyzer(pricer);
        IngestStats stats = read(analyzer);
        write(withIngestAndPrices(new BudgetReport(analyzer.finish(budgets)), stats, analyzer.repeatedRequestIds(), pricer.used()));
        return OK;
    }
}
