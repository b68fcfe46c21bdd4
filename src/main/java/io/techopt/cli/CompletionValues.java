package io.techopt.cli;

import io.techopt.analyze.AnalyzeOptions;
import io.techopt.core.Dimension;
import io.techopt.ingest.InputFormat;
import io.techopt.report.OutputFormat;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The values a shell completes for options with a fixed set ({@code completionCandidates} in the picocli model),
 * taken from the types that parse them where there is one, so a new format or dimension completes without an edit
 * here. Only completion: picocli does not check values against them.
 */
final class CompletionValues {
    private CompletionValues() {
    }

    static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(OutputFormat.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).iterator();
        }
    }

    static final class InputFormats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(InputFormat.values()).map(f -> f.id).iterator();
        }
    }

    /** analyze --group-by; several joined with '+' are typed, not completed. */
    static final class Dimensions implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Dimension.values()).map(Dimension::id).iterator();
        }
    }

    /** cost-forecast --by: the dimensions a budget can scope (no day, session or task type). */
    static final class ForecastDimensions implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("team", "model", "user", "provider").iterator();
        }
    }

    /**
     * --table: 'list' and the notes table every report has; the other names depend on the command and its options
     * (analyze --group-by team gives by_team), so 'list' is the way to see them.
     */
    static final class CsvTables implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(OutputOptions.LIST, io.techopt.report.CsvRenderer.NOTES).iterator();
        }
    }

    /** month and quarter, and two examples of Nd (any 1d-366d is accepted). */
    static final class Horizons implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("month", "quarter", "30d", "90d").iterator();
        }
    }

    /** Embedder.named's names; openai: takes any model, these are OpenAI's two current ones. */
    static final class Embedders implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("minilm", "hash", "openai:text-embedding-3-small", "openai:text-embedding-3-large").iterator();
        }
    }

    /** analyze's --engine. */
    static final class Engines implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("auto", "memory", "duckdb").iterator();
        }
    }

    static final class Encodings implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("o200k_base", "cl100k_base").iterator();
        }
    }

    /** Sorted: Set.of's order changes from one JVM run to the next, and the generated scripts must not. */
    static final class BatchableTasks implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return AnalyzeOptions.DEFAULT_BATCHABLE.stream().sorted().iterator();
        }
    }
}
