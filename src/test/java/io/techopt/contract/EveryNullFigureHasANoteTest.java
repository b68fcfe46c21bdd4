package io.techopt.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * cli.md: a figure that cannot be measured is null with its key present, and a note says why. Every command and
 * subcommand runs on inputs that leave figures unmeasurable (empty logs, no prompts, no latency, no quality, an
 * empty window, users seen under both variants, a pool model nothing is routed to); for every null value in its
 * JSON, a note in the report's notes array (notes, warnings or assumptions, as its schema names it) or in its
 * section's own {@code note} must name the key.
 */
class EveryNullFigureHasANoteTest {
    static final String SAMPLE = "samples/requests.jsonl.gz";
    /** The arrays a report says why in, per its schema. */
    static final Set<String> NOTE_KEYS = Set.of("notes", "warnings", "assumptions");

    @TempDir
    static Path tmp;
    static Path emptyLog, noLatencyLog, bothVariantsLog, prompt, matrix, pairs, pool;

    @BeforeAll
    static void inputs() throws IOException {
        emptyLog = TestSupport.write(tmp, "empty.jsonl", "");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            // usage only: no prompt, no latency, no quality, no answer
            b.append(String.format("{\"request_id\":\"r%d\",\"timestamp\":\"2026-10-%02dT10:%02d:00Z\",\"model\":\"%s\","
                            + "\"usage\":{\"input_tokens\":%d,\"output_tokens\":%d}}\n",
                    i, 1 + i % 20, i % 60, i % 3 == 0 ? "gpt-4o" : "gpt-4o-mini", 1000 + 31 * i, 100 + 7 * i));
        }
        noLatencyLog = TestSupport.write(tmp, "no-latency.jsonl", b.toString());
        b.setLength(0);
        for (int i = 0; i < 200; i++) {
            // every user is served control for ten requests, then treatment: no user can be attributed to one variant
            b.append(String.format("{\"request_id\":\"e%d\",\"timestamp\":\"2026-10-%02dT10:%02d:00Z\",\"model\":\"gpt-4o-mini\","
                            + "\"user\":\"u%d\",\"experiment\":\"exp1\",\"variant\":\"%s\",\"latency_ms\":%d,"
                            + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":%d}}\n",
                    i, 1 + i % 20, i % 60, i % 20, (i / 20) % 2 == 0 ? "control" : "treatment", 300 + (i * 37) % 500, 100 + i % 50));
        }
        bothVariantsLog = TestSupport.write(tmp, "both-variants.jsonl", b.toString());
        prompt = TestSupport.write(tmp, "prompt.txt", "Summarise the meeting. The council met on Tuesday and decided to fund "
                + "the new library. The mayor objected to the timing.\n");
        matrix = TestSupport.write(tmp, "matrix.csv", "prompt,gpt-4-1106-preview,mixtral-8x7b-instruct-v0.1\n"
                + "What is 2+2?,True,True\nName a prime.,True,False\nSpell cat.,True,True\nWhat is 3*3?,False,False\n");
        pairs = TestSupport.write(tmp, "pairs.json", """
                [{"text_a":"How do I reset my password?","text_b":"How can I reset my password?","label":1},
                 {"text_a":"What is the capital of France?","text_b":"How tall is Mount Everest?","label":0},
                 {"text_a":"Best way to learn Python?","text_b":"How should I learn Python?","label":1}]
                """);
        // o4-mini is priced but never logged in the no-latency log: nothing observed of it
        pool = TestSupport.write(tmp, "pool.yaml", "models:\n  - {model: gpt-4o-mini}\n  - {model: gpt-4o}\n  - {model: o4-mini}\n");
    }

    record Case(String name, String[] args) {
    }

    static Case c(String name, Object... args) {
        return new Case(name, Stream.of(args).map(String::valueOf).toArray(String[]::new));
    }

    static List<Case> cases() {
        return List.of(
                c("analyze: empty log", "analyze", emptyLog),
                c("analyze: no prompt, latency or quality", "analyze", noLatencyLog),
                c("analyze: empty window", "analyze", SAMPLE, "--since", "2027-01-01"),
                c("analyze --plan: sample, hash embedder", "analyze", SAMPLE, "--plan", "--semantic-cache", "hash"),
                c("analyze --plan: no prompt, latency or quality", "analyze", noLatencyLog, "--plan", "--semantic-cache", "hash"),
                c("analyze --plan: empty log", "analyze", emptyLog, "--plan", "--semantic-cache", "hash"),
                c("compress: log without prompts", "compress", noLatencyLog),
                c("compress: empty window", "compress", SAMPLE, "--since", "2027-01-01"),
                c("compress: one prompt", "compress", prompt, "--rate", "0.5"),
                c("budget: empty log", "budget", emptyLog),
                c("budget: no prompt, latency or quality", "budget", noLatencyLog),
                c("budget: empty window", "budget", SAMPLE, "--since", "2027-01-01"),
                c("budget --prompt", "budget", "--prompt", prompt),
                c("cache-warm simulate: empty log", "cache-warm", "simulate", emptyLog, "--embedder", "hash"),
                c("cache-warm simulate: no prompts", "cache-warm", "simulate", noLatencyLog, "--embedder", "hash"),
                c("cache-warm: no prompts, dry run", "cache-warm", noLatencyLog, "--dry-run", "--embedder", "hash"),
                c("cache-warm calibrate: three pairs", "cache-warm", "calibrate", "--pairs", pairs, "--embedder", "hash"),
                c("route-sim: no latency, no quality", "route-sim", noLatencyLog),
                c("route-sim: a pool model no request was logged on", "route-sim", noLatencyLog, "--pool", pool),
                c("route-sim: sample, one day", "route-sim", SAMPLE, "--since", "2026-10-05", "--until", "2026-10-06"),
                c("route-sim --matrix: four prompts", "route-sim", "--matrix", matrix, "--embedder", "hash"),
                c("ab-report: every user saw both variants", "ab-report", bothVariantsLog, "--experiment", "exp1"),
                c("ab-report: sample", "ab-report", SAMPLE, "--experiment", "support-prompt-v2"),
                c("cost-forecast: five days", "cost-forecast", SAMPLE, "--until", "2026-10-06"),
                c("cost-forecast: no latency", "cost-forecast", noLatencyLog));
    }

    @TestFactory
    Stream<DynamicTest> everyNullValueIsNamedByANote() {
        return cases().stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> {
            List<String> args = new ArrayList<>(List.of(k.args()));
            args.addAll(List.of("--format", "json", "--quiet"));
            TestSupport.Run run = TestSupport.cli(args.toArray(String[]::new));
            assertEquals(0, run.code(), k.name() + ": " + run.err());
            List<String> unexplained = unexplainedNulls(run.json());
            assertTrue(unexplained.isEmpty(), k.name() + ": null with no note naming its key: " + unexplained
                    + "\nnotes: " + notes(run.json()));
        }));
    }

    /** The paths of null values whose key no note names (an array element's key is its array's). */
    static List<String> unexplainedNulls(JsonNode doc) {
        List<String> notes = notes(doc);
        Set<String> out = new LinkedHashSet<>();
        walk(doc, "", null, notes, out);
        return new ArrayList<>(out);
    }

    static List<String> notes(JsonNode doc) {
        List<String> notes = new ArrayList<>();
        for (String k : NOTE_KEYS) {
            doc.path(k).forEach(n -> notes.add(n.asText()));
        }
        // a section may carry its own note (analyze's billing.note)
        doc.findValues("note").forEach(n -> {
            if (n.isTextual()) {
                notes.add(n.asText());
            }
        });
        // or its own notes (analyze's change.notes)
        doc.findValues("notes").forEach(n -> n.forEach(x -> notes.add(x.asText())));
        return notes;
    }

    private static void walk(JsonNode n, String path, String key, List<String> notes, Set<String> out) {
        if (n.isNull() && "note".equals(key)) {
            return; // a section's note is null when there is nothing to say
        }
        if (n.isNull()) {
            Pattern word = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(key) + "(?![A-Za-z0-9_])");
            if (notes.stream().noneMatch(s -> word.matcher(s).find())) {
                out.add(path.replaceAll("\\[\\d+]", "[]"));
            }
        } else if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!(path.isEmpty() && NOTE_KEYS.contains(e.getKey()))) {
                    walk(e.getValue(), path + "." + e.getKey(), e.getKey(), notes, out);
                }
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                walk(n.get(i), path + "[" + i + "]", key, notes, out);
            }
        }
    }
}
