package io.techopt.compress;

import io.techopt.report.Report;
import io.techopt.report.ReportView;
import io.techopt.report.ResultReport;
import io.techopt.report.ReportView.Column;
import io.techopt.report.ReportView.Item;
import io.techopt.report.ReportView.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The compress report, for one prompt or a whole log. */
public record CompressReport(CompressResult.Prompt prompt, CompressResult.Log log) implements ResultReport<Record> {
    public CompressReport(CompressResult.Prompt prompt) {
        this(prompt, null);
    }

    public CompressReport(CompressResult.Log log) {
        this(null, log);
    }

    /** The report a {@code compress -f json} output on a log holds, for {@code techopt render}: drawn from the JSON alone. */
    public static Report fromJson(com.fasterxml.jackson.databind.JsonNode doc) {
        return io.techopt.report.JsonSections.report(doc, CompressResult.Log.class, CompressReport::new);
    }

    /** The one prompt's result, else the log's. */
    @Override
    public Record result() {
        return prompt != null ? prompt : log;
    }

    @Override
    public ReportView view() {
        List<ReportView.Block> b = new ArrayList<>();
        if (prompt != null) {
            b.add(new ReportView.Summary("Summary", List.of(Item.of("Tokens before", prompt.tokensBefore(), Kind.INT),
                    Item.of("Tokens after", prompt.tokensAfter(), Kind.INT), Item.of("Kept", prompt.ratio(), Kind.PERCENT),
                    Item.of("Target", prompt.targetTokens() == null ? "" : prompt.targetTokens() + " tokens", Kind.TEXT),
                    Item.of("Encoding", prompt.encoding(), Kind.TEXT)),
                    new ReportView.Table("summary", "Summary", List.of(new Column("tokens_before", Kind.INT),
                            new Column("tokens_after", Kind.INT), new Column("ratio", Kind.PERCENT),
                            new Column("target_tokens", Kind.INT), new Column("encoding", Kind.TEXT)),
                            List.of(Arrays.<Object>asList(prompt.tokensBefore(), prompt.tokensAfter(), prompt.ratio(),
                                    prompt.targetTokens(), prompt.encoding())))));
            b.add(strategies(prompt.tokensSavedByStrategy().entrySet().stream()
                    .map(e -> Arrays.<Object>asList(e.getKey(), (long) e.getValue(), null)).toList()));
            if (prompt.text() != null) {
                b.add(new ReportView.Notes("Compressed text", List.of(prompt.text()), true));
            } else {
                List<String> lines = new ArrayList<>();
                if (prompt.system() != null && !prompt.system().isNull()) { // Anthropic: the system prompt beside the messages; JSON null: none
                    lines.add("system: " + io.techopt.ingest.Messages.contentText(prompt.system()));
                }
                prompt.messages().forEach(m -> lines.add(m.path("role").asText("") + ": "
                        + io.techopt.ingest.Messages.contentText(m.get("content"))));
                b.add(new ReportView.Notes("Compressed messages", lines, true));
            }
            if (prompt.notes() != null && !prompt.notes().isEmpty()) {
                b.add(ReportView.Notes.inCsv("Notes", prompt.notes(), "notes"));
            }
            if (prompt.removed() != null && !prompt.removed().isEmpty()) {
                b.add(new ReportView.Notes("Removed", prompt.removed().stream().map(String::strip).toList()));
            }
        } else {
            b.add(new ReportView.Summary("Summary", List.of(Item.of("Requests", log.requests(), Kind.INT),
                    Item.of("Requests compressed", log.compressedRequests(), Kind.INT),
                    Item.of("Prompt tokens before", log.tokensBefore(), Kind.INT),
                    Item.of("Prompt tokens after", log.tokensAfter(), Kind.INT),
                    Item.of("Saved", log.usdSaved(), Kind.MONEY),
                    Item.of("Tokens left for the provider's prompt cache", log.tokensLeftForPromptCache(), Kind.INT),
                    Item.of("Target", log.target(), Kind.TEXT),
                    Item.of("Target tokens", log.targetTokens(), Kind.INT),
                    Item.of("Target share", log.targetShare(), Kind.PERCENT),
                    Item.of("Kept (achieved)", log.keptShare(), Kind.PERCENT),
                    Item.of("Encoding", log.encoding(), Kind.TEXT)),
                    // csv carries tables only: the headline stands first in one of its own, under the JSON's names
                    new ReportView.Table("summary", "Summary", List.of(new Column("requests", Kind.INT),
                            new Column("compressed_requests", Kind.INT), new Column("tokens_before", Kind.INT),
                            new Column("tokens_after", Kind.INT), new Column("usd_saved", Kind.MONEY),
                            new Column("tokens_left_for_prompt_cache", Kind.INT), new Column("target", Kind.TEXT),
                            new Column("target_tokens", Kind.INT), new Column("target_share", Kind.PERCENT),
                            new Column("kept_share", Kind.PERCENT), new Column("encoding", Kind.TEXT)),
                            List.of(Arrays.<Object>asList(log.requests(), log.compressedRequests(), log.tokensBefore(),
                                    log.tokensAfter(), log.usdSaved(), log.tokensLeftForPromptCache(), log.target(),
                                    log.targetTokens(), log.targetShare(), log.keptShare(), log.encoding())))));
            b.add(strategies(log.byStrategy().stream()
                    .map(s -> Arrays.<Object>asList(s.strategy(), s.tokensSaved(), s.usdSaved())).toList()));
            // CSV carries tables only: the target beside what was achieved stands in one of its own
            b.add(new ReportView.Table("achieved", "Target and achieved", List.of(new Column("target", Kind.TEXT),
                    new Column("target_tokens", Kind.INT), new Column("target_share", Kind.PERCENT),
                    new Column("tokens_after", Kind.INT), new Column("kept_share", Kind.PERCENT)),
                    List.of(Arrays.<Object>asList(log.target(), log.targetTokens(), log.targetShare(), log.tokensAfter(),
                            log.keptShare()))));
            b.add(new ReportView.Table("by_reason", "Where each request ended against its target, by reason",
                    List.of(new Column("reason", Kind.TEXT), new Column("requests", Kind.INT), new Column("tokens_before", Kind.INT),
                            new Column("tokens_after", Kind.INT), new Column("target_tokens", Kind.INT)),
                    log.byReason().stream().map(r -> Arrays.<Object>asList(r.reason(), r.requests(), r.tokensBefore(),
                            r.tokensAfter(), r.targetTokens())).toList()));
            b.add(new ReportView.Table("kept_by_part", "What the kept tokens are", List.of(new Column("part", Kind.TEXT),
                    new Column("tokens", Kind.INT)), log.keptByPart().entrySet().stream()
                    .map(e -> Arrays.<Object>asList(e.getKey(), e.getValue())).toList()));
            if (log.notes() != null && !log.notes().isEmpty()) {
                b.add(ReportView.Notes.inCsv("Notes", log.notes(), "notes"));
            }
        }
        return new ReportView("techopt compress", b);
    }

    private static ReportView.Table strategies(List<List<Object>> rows) {
        return new ReportView.Table("by_strategy", "Saved by strategy", List.of(new Column("strategy", Kind.TEXT),
                new Column("tokens_saved", Kind.INT), new Column("usd_saved", Kind.MONEY)), rows);
    }
}
