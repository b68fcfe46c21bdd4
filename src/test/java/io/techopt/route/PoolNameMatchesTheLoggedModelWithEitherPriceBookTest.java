package io.techopt.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r17 #5b: a log naming Bedrock's id of the sample's Claude snapshot and a pool naming the snapshot matched its 720
 * requests with the built-in prices and none with LiteLLM's (which prices the two names under two keys), silently: the
 * model ran on priors. r17 #5: Vertex's spelling (claude-sonnet-4@20250514) as the pool name was refused with the
 * built-in prices and matched nothing with LiteLLM's. One model is one model whatever the book; a pool name that
 * matches no logged request is a warning.
 */
class PoolNameMatchesTheLoggedModelWithEitherPriceBookTest {
    @TempDir
    Path tmp;

    private static final String LITELLM = TestSupport.shared("data/litellm-prices/model_prices_and_context_window.json").toString();

    private Path sampleWithClaudeLoggedAs(String name) throws IOException {
        String log;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("samples/requests.jsonl.gz")))) {
            log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return TestSupport.write(tmp, "log.jsonl", log.replace("\"model\":\"claude-sonnet-4-20250514\"", "\"model\":\"" + name + "\""));
    }

    private static JsonNode run(Path log, Path pool, boolean litellm) {
        List<String> args = new ArrayList<>(List.of("route-sim", log.toString(), "--pool", pool.toString(), "-f", "json", "-q"));
        if (litellm) {
            args.addAll(List.of("--prices", LITELLM));
        }
        TestSupport.Run run = TestSupport.cli(args.toArray(new String[0]));
        assertEquals(0, run.code(), args + ": " + run.err());
        return run.json();
    }

    private static long claudeRequests(JsonNode report) {
        for (JsonNode m : report.get("models")) {
            if (m.get("model").asText().contains("claude-sonnet-4")) {
                return m.get("logged_requests").asLong();
            }
        }
        return -1;
    }

    @Test
    void aLogNamingBedrocksIdMatchesThePoolsSnapshotNameWithEitherBook() throws IOException {
        Path log = sampleWithClaudeLoggedAs("bedrock/anthropic.claude-sonnet-4-20250514-v1:0");
        Path pool = TestSupport.write(tmp, "pool.yaml", "default: gpt-4o-mini\nmodels:\n  - {model: gpt-4o-mini, tier: economy}\n"
                + "  - {model: claude-sonnet-4-20250514, tier: premium}\n");
        for (boolean litellm : new boolean[]{false, true}) {
            JsonNode j = run(log, pool, litellm);
            assertEquals(720, claudeRequests(j), "LiteLLM prices " + litellm + ": " + j.get("models"));
            assertEquals(0, j.get("warnings").size(), j.get("warnings").toString());
        }
    }

    @Test
    void vertexsSpellingOfTheSnapshotMatchesTheLoggedSnapshotWithEitherBook() throws IOException {
        Path pool = TestSupport.write(tmp, "pool.yaml", "default: gpt-4o-mini\nmodels:\n  - {model: gpt-4o-mini, tier: economy}\n"
                + "  - {model: \"vertex_ai/claude-sonnet-4@20250514\", tier: premium}\n");
        for (boolean litellm : new boolean[]{false, true}) {
            JsonNode j = run(Path.of("samples/requests.jsonl.gz"), pool, litellm);
            assertEquals(720, claudeRequests(j), "LiteLLM prices " + litellm + ": " + j.get("models"));
        }
    }

    /** Review r18 F11: --strong/--weak on the default pool (no pool file) resolved by the book: exit 0 or 2 by book. */
    @Test
    void strongAndWeakFlagsResolveEveryVendorSpellingWithEitherBook() throws IOException {
        Path log = sampleWithClaudeLoggedAs("bedrock/anthropic.claude-sonnet-4-20250514-v1:0");
        String text = Files.readString(log).replace("\"model\":\"gemini-2.5-flash\"", "\"model\":\"vertex_ai/gemini-2.5-flash\"");
        Files.writeString(log, text);
        for (String strong : List.of("claude-sonnet-4-20250514", "anthropic/claude-sonnet-4-20250514",
                "vertex_ai/claude-sonnet-4@20250514", "bedrock/anthropic.claude-sonnet-4-20250514-v1:0")) {
            for (boolean litellm : new boolean[]{false, true}) {
                List<String> args = new ArrayList<>(List.of("route-sim", log.toString(), "--strong", strong,
                        "--weak", "gemini/gemini-2.5-flash", "-f", "json", "-q"));
                if (litellm) {
                    args.addAll(List.of("--prices", LITELLM));
                }
                TestSupport.Run run = TestSupport.cli(args.toArray(new String[0]));
                assertEquals(0, run.code(), args + ": " + run.err());
            }
        }
    }

    /** Review r19 N7: the family name of a logged dated snapshot resolved with the built-in book only. */
    @Test
    void aFamilyNameOnTheFlagsIsItsLoggedSnapshotWithEitherBook() {
        for (String weak : List.of("gpt-4o-mini", "openai/gpt-4o-mini", "azure/gpt-4o-mini")) {
            for (boolean litellm : new boolean[]{false, true}) {
                List<String> args = new ArrayList<>(List.of("route-sim", "samples/requests.jsonl.gz", "--weak", weak, "-f", "json", "-q"));
                if (litellm) {
                    args.addAll(List.of("--prices", LITELLM));
                }
                TestSupport.Run run = TestSupport.cli(args.toArray(new String[0]));
                assertEquals(0, run.code(), args + ": " + run.err());
                assertEquals("gpt-4o-mini-2024-07-18", run.json().get("weak_model").asText(), args.toString());
            }
        }
    }

    @Test
    void aPoolNameMatchingNoLoggedRequestIsAWarningNamingIt() throws IOException {
        // gpt-4o is priced by both books and logged nowhere in the sample (its mini is)
        Path pool = TestSupport.write(tmp, "pool.yaml", "default: gpt-4o-mini\nmodels:\n  - {model: gpt-4o-mini, tier: economy}\n"
                + "  - {model: gpt-4o, tier: premium}\n");
        for (boolean litellm : new boolean[]{false, true}) {
            JsonNode j = run(Path.of("samples/requests.jsonl.gz"), pool, litellm);
            String warnings = j.get("warnings").toString();
            assertTrue(warnings.contains("'gpt-4o' matches no logged request"), warnings);
            assertTrue(!warnings.contains("'gpt-4o-mini'"), warnings);
        }
    }

    /** Review r16 #7b: a vendor's own API prefix on another vendor's model was accepted silently as the logged model. */
    @Test
    void aVendorsPrefixOnAnotherVendorsModelIsAWarning() throws IOException {
        Path pool = TestSupport.write(tmp, "pool.yaml", "default: gpt-4o-mini\nmodels:\n  - {model: gpt-4o-mini, tier: economy}\n"
                + "  - {model: openai/claude-sonnet-4, tier: premium}\n  - {model: anthropic/gemini-2.5-flash, tier: standard}\n");
        for (boolean litellm : new boolean[]{false, true}) {
            String warnings = run(Path.of("samples/requests.jsonl.gz"), pool, litellm).get("warnings").toString();
            assertTrue(warnings.contains("'openai/claude-sonnet-4'") && warnings.contains("'anthropic/gemini-2.5-flash'"), warnings);
        }
        // the vendor's own prefix and a host's are no warning
        Path right = TestSupport.write(tmp, "right.yaml", "default: gpt-4o-mini\nmodels:\n  - {model: openai/gpt-4o-mini, tier: economy}\n"
                + "  - {model: anthropic/claude-sonnet-4, tier: premium}\n  - {model: gemini/gemini-2.5-flash, tier: standard}\n"
                + "  - {model: vertex_ai/claude-haiku-4-5, tier: standard}\n");
        for (boolean litellm : new boolean[]{false, true}) {
            JsonNode j = run(Path.of("samples/requests.jsonl.gz"), right, litellm);
            assertEquals(0, j.get("warnings").size(), j.get("warnings").toString());
        }
    }
}
