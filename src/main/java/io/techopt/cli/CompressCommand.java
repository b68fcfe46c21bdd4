package io.techopt.cli;

import io.techopt.core.AtomicOutput;
import io.techopt.ingest.IngestStats;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.compress.Abbreviations;
import io.techopt.compress.CompressReport;
import io.techopt.compress.CompressResult;
import io.techopt.compress.Compressor;
import io.techopt.compress.LogCompression;
import io.techopt.compress.MessageCompressor;
import io.techopt.embed.Embedder;
import io.techopt.compress.PromptCompression;
import io.techopt.pricing.Pricer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

@Command(name = "compress", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Token-accurate, extractive prompt compression: one prompt (a text file or a messages JSON) or "
                + "every prompt of a log (FILE ending in .jsonl, .jsonl.gz, a directory, or --log).",
                "Kept sentences stand verbatim in the input; code blocks, <keep>…</keep> and --protect matches never change; "
                        + "the question (the last user message) is never touched; JSON stays valid JSON."})
public final class CompressCommand extends LogCommand {
    static final class Target {
        @Option(names = "--rate", paramLabel = "R", description = "Keep about this share of the tokens: above 0, at most 1 (default 0.5; 1 changes nothing).")
        Double rate;

        @Option(names = "--target-tokens", paramLabel = "N", description = "Keep at most N tokens.")
        Integer tokens;
    }

    @ArgGroup(exclusive = true)
    Target target = new Target();

    @Option(names = "--question", paramLabel = "TEXT", description = "What the prompt must answer (default: its last user message).")
    String question;

    @Option(names = "--encoding", paramLabel = "NAME", completionCandidates = CompletionValues.Encodings.class, description = "o200k_base or cl100k_base (default: the model's, else o200k_base).")
    String encoding;

    @Option(names = "--protect", paramLabel = "REGEX", description = "Never change text matching REGEX (repeatable).")
    List<String> protect = new ArrayList<>();

    @Option(names = "--keep-turns", paramLabel = "K", defaultValue = "2", description = "User turns kept whole in a conversation, 0 or more; the question (the last user turn) is always "
            + "kept, so 0 and 1 both summarize every turn before it (default: ${DEFAULT-VALUE}).")
    int keepTurns;

    @Option(names = "--drop-hash-comments", description = "Also drop lines starting with # (not Markdown headings).")
    boolean dropHashComments;

    @Option(names = "--abbreviate", description = "Shorten wordy phrases (English and Chinese lists); rewrites wording, "
            + "so kept sentences no longer stand verbatim.")
    boolean abbreviate;

    @Option(names = "--abbreviations", paramLabel = "FILE", description = "Your own list, 'phrase = short' per line (implies --abbreviate).")
    Path abbreviationsFile;

    @Option(names = "--embedder", paramLabel = "NAME", defaultValue = "minilm", completionCandidates = CompletionValues.Embedders.class, description = "What judges by meaning which "
            + "sentences of older turns the question needs: minilm (all-MiniLM-L6-v2, in-process), hash or "
            + "openai:MODEL[:DIMENSION] (default: ${DEFAULT-VALUE}).")
    String embedder;

    @Option(names = "--no-dedup", description = "Keep repeated sentences.")
    boolean noDedup;

    @Option(names = "--diff", description = "List what was removed.")
    boolean diff;

    @Option(names = "--log", description = "Treat FILE as a log even when its name does not say so.")
    boolean log;

    @Option(names = "--write", paramLabel = "FILE", description = "Log mode: write the compressed log (canonical JSONL).")
    Path write;

    @Override
    void withoutSideEffects() {
        write = null;
    }

    @Override
    TextUse textUse() {
        return new TextUse("compress (it compresses prompt text)", Need.ALL);
    }

    @Override
    public Integer call() throws Exception {
        double rate = target.rate != null ? target.rate : target.tokens == null ? 0.5 : 0;
        if (target.rate != null && !(target.rate > 0 && target.rate <= 1)) {
            // NaN fails this test too; 0 would ask for an empty prompt, which compress never produces
            throw new IllegalArgumentException("--rate must be above 0 and at most 1 (the share of tokens to keep), not " + target.rate);
        }
        if (keepTurns < 0) {
            throw new IllegalArgumentException("--keep-turns must be 0 or more (user turns kept whole), not " + keepTurns);
        }
        if (target.tokens != null && target.tokens < 1) {
            throw new IllegalArgumentException("--target-tokens must be at least 1");
        }
        EncodingType enc = encoding == null ? null : EncodingType.fromName(encoding.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new IllegalArgumentException("unknown encoding '" + encoding + "' (o200k_base, cl100k_base)"));
        List<Pattern> patterns = new ArrayList<>();
        for (String p : protect) {
            patterns.add(Pattern.compile(p));
        }
        Abbreviations abbreviations = abbreviationsFile != null ? Abbreviations.load(abbreviationsFile)
                : abbreviate ? Abbreviations.defaults() : null;
        // a wrong name is a usage error before any work; the model itself loads only when a conversation needs it
        if (!embedder.toLowerCase(Locale.ROOT).matches("minilm|all-minilm-l6-v2|hash|openai:.+")) {
            Embedder.named(embedder);
        }
        java.util.function.Supplier<Embedder> embed = MessageCompressor.lazy(() -> Embedder.named(embedder));
        Compressor.Options base = new Compressor.Options(0, question, patterns, true, !noDedup, dropHashComments, abbreviations);
        boolean store = input.storeToRead() != null;
        String first = store ? null : input.files().get(0);
        boolean logMode = store || log || input.files.size() > 1 || first.equals("-")
                || io.techopt.ingest.PostgresSource.isUrl(first) // a LiteLLM proxy's database is a log
                || Files.isDirectory(Path.of(first)) || first.matches("(?i).*\\.(jsonl|jsonl\\.gz|ndjson|csv)$");
        if (logMode && write != null && !store) {
            checkWriteTarget(write, input.files());
        }
        if (logMode) {
            Pricer pricer = pricer();
            try (AtomicOutput.Pending out = write == null ? null : AtomicOutput.openRedacted(write)) {
                LogCompression lc = new LogCompression(enc, rate, target.tokens == null ? 0 : target.tokens, keepTurns, base, pricer, out, embed);
                IngestStats stats = read(lc);
                if (out != null) {
                    out.commit();
                    wrote(write);
                }
                String unpriced = lc.unpricedWarning();
                if (unpriced != null) { // money left out is said even under -q, like skipped input
                    warn(unpriced);
                }
                write(withIngestAndPrices(new CompressReport(lc.result(target.tokens != null
                        ? target.tokens + " tokens a request" : "keep " + Math.round(rate * 100) + "% of each prompt")), stats,
                        lc.repeatedRequestIds(), pricer.used()));
            }
            return OK;
        }
        if (write != null) {
            throw new IllegalArgumentException("--write is for logs; a single prompt is printed");
        }
        EncodingType e = enc == null ? EncodingType.O200K_BASE : enc;
        String text = PromptFile.read(first);
        if (text.isBlank()) {
            // cli.md: a usage error, like budget --prompt's; compress never answers with an empty prompt
            throw new IllegalArgumentException(first + " is empty: no prompt to compress (compress takes a text file, a messages JSON or a log)");
        }
        if (PromptCompression.holdsNoMessages(text)) {
            throw new IllegalArgumentException(first + " holds no messages: no prompt to compress (a messages JSON needs at "
                    + "least one message)");
        }
        if (PromptCompression.holdsOnlyEmptyMessages(text)) {
            throw new IllegalArgumentException(first + " holds only empty messages: no prompt to compress (providers reject "
                    + "messages with empty content, and compress never writes one)");
        }
        // redacted before sentences are chosen: a kept body line of a PEM block whose BEGIN/END lines were dropped would
        // no longer match the block rule at the output (the log path redacts each message the same way)
        text = io.techopt.core.Redactor.redact(text);
        CompressResult.Prompt result = PromptCompression.run(text, base, target.tokens, rate,
                keepTurns, e, diff, embed);
        write(new CompressReport(result));
        return OK;
    }

    /**
     * --write names a file that is not one of the inputs: the compressed copy replaced the log it was read from (the
     * original lost), and a directory made a failure about a temp file only after the whole log was read.
     */
    static void checkWriteTarget(Path write, List<String> inputs) throws java.io.IOException {
        if (Files.isDirectory(write)) {
            throw new IllegalArgumentException("--write takes a file to write the compressed log to; " + write + " is a directory");
        }
        for (String in : inputs) {
            if (in.equals("-")) {
                continue;
            }
            Path p = Path.of(in);
            boolean same = Files.exists(write) && Files.exists(p) && Files.isSameFile(write, p)
                    || write.toAbsolutePath().normalize().equals(p.toAbsolutePath().normalize());
            if (same) {
                throw new IllegalArgumentException("--write " + write + " is the log being read: the compressed copy would replace "
                        + "the original; write it to another file");
            }
        }
    }

    @Override
    java.util.Map<String, java.nio.file.Path> writes() {
        java.util.Map<String, java.nio.file.Path> w = super.writes();
        w.put("--write", write);
        return w;
    }
}
