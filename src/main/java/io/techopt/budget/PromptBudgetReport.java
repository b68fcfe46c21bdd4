package io.techopt.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.techopt.report.ResultReport;
import io.techopt.report.ReportView;
import io.techopt.report.ReportView.Column;
import io.techopt.report.ReportView.Item;
import io.techopt.report.ReportView.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** {@code budget --prompt}: the budget one prompt gets, the {@code max_tokens} to set, and the prompt compressed to fit. */
public record PromptBudgetReport(PromptBudgetReport.Result result) implements ResultReport<PromptBudgetReport.Result> {
    /** {@code budget --prompt --format json}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"complexity", "task_type", "budget", "max_tokens", "tokens_before", "tokens_after", "fits", "ratio",
            "encoding", "text", "tokens_saved_by_strategy", "notes"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Result(String complexity, String taskType, BudgetResult.Allocation budget, int maxTokens, int tokensBefore,
                         int tokensAfter, boolean fits, double ratio, String encoding, String text,
                         Map<String, Integer> tokensSavedByStrategy, List<String> notes) {
        public Result {
            // copied in their order: the JSON lists the strategies as the compressor ran them
            tokensSavedByStrategy = Collections.unmodifiableMap(new LinkedHashMap<>(tokensSavedByStrategy));
            notes = List.copyOf(notes);
        }
    }

    public PromptBudgetReport {
        Objects.requireNonNull(result, "result");
    }

    /** The report of one prompt fitted to its budget; {@code taskType} null when none was given. */
    public static PromptBudgetReport of(PromptBudget.Fit fit, String taskType) {
        var p = fit.prompt();
        return new PromptBudgetReport(new Result(fit.complexity().name().toLowerCase(Locale.ROOT), taskType, BudgetResult.Allocation.of(fit.budget()),
                fit.budget().output(), p.tokensBefore(), p.tokensAfter(), p.tokensAfter() <= fit.budget().prompt(), p.ratio(),
                p.encoding(), p.text(), p.tokensSavedByStrategy(), taskType != null ? List.of()
                        : List.of("task_type is null: none was given (--task-type TYPE); the complexity comes from the prompt's "
                        + "length, code, questions and reasoning words")));
    }

    @Override
    public ReportView view() {
        Result r = result;
        BudgetResult.Allocation b = r.budget();
        List<ReportView.Block> blocks = new ArrayList<>();
        blocks.add(new ReportView.Summary("Summary", List.of(Item.of("Complexity", r.complexity(), Kind.TEXT),
                Item.of("Prompt budget (tokens)", b.prompt(), Kind.INT), Item.of("Set max_tokens to", r.maxTokens(), Kind.INT),
                Item.of("Prompt tokens before", r.tokensBefore(), Kind.INT), Item.of("Prompt tokens after", r.tokensAfter(), Kind.INT),
                Item.of("Fits its budget", r.fits() ? "yes" : "no", Kind.TEXT), Item.of("Encoding", r.encoding(), Kind.TEXT))));
        blocks.add(new ReportView.Table("budget", "Budget", List.of(new Column("complexity", Kind.TEXT),
                new Column("system", Kind.INT), new Column("context", Kind.INT), new Column("input", Kind.INT),
                new Column("output", Kind.INT), new Column("reserve", Kind.INT), new Column("prompt", Kind.INT),
                new Column("total", Kind.INT), new Column("max_tokens", Kind.INT), new Column("tokens_before", Kind.INT),
                new Column("tokens_after", Kind.INT)),
                List.of(Arrays.asList(r.complexity(), b.system(), b.context(), b.input(), b.output(), b.reserve(), b.prompt(),
                        b.total(), r.maxTokens(), r.tokensBefore(), r.tokensAfter()))));
        blocks.add(new ReportView.Table("by_strategy", "Saved by strategy", List.of(new Column("strategy", Kind.TEXT),
                new Column("tokens_saved", Kind.INT)), r.tokensSavedByStrategy().entrySet().stream()
                .map(e -> Arrays.<Object>asList(e.getKey(), (long) e.getValue())).toList()));
        blocks.add(new ReportView.Notes("Compressed prompt", List.of(r.text())));
        if (!r.notes().isEmpty()) {
            blocks.add(ReportView.Notes.inCsv("Notes", r.notes(), "notes"));
        }
        return new ReportView("techopt budget", blocks);
    }
}
