package io.techopt.budget;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.core.Complexity;
import io.techopt.core.ComplexityClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BudgetTest {
    @TempDir
    Path tmp;

    @Test
    void seedDefaultsAndYamlOverrides() throws IOException {
        Map<Complexity, TokenBudget> d = TokenBudget.defaults();
        assertEquals(1800, d.get(Complexity.SIMPLE).total());
        assertEquals(4500, d.get(Complexity.MEDIUM).total());
        assertEquals(8500, d.get(Complexity.COMPLEX).total());
        Path yaml = TestSupport.write(tmp, "b.yaml", "complex: {output: 4000}\nsimple: {context: 0}\n");
        Map<Complexity, TokenBudget> b = TokenBudget.load(yaml);
        assertEquals(10_000, b.get(Complexity.COMPLEX).total());
        assertEquals(1300, b.get(Complexity.SIMPLE).total());
        assertEquals(4500, b.get(Complexity.MEDIUM).total());
    }

    /** Review r27n LOW-6: the sample's 3,000 requests had 59 errors, its groups summed to 2,941, and nothing said why. */
    @Test
    void aNoteSaysTheGroupsCountSuccessfulRequestsOnly() {
        JsonNode j = TestSupport.cli("budget", "samples/requests.jsonl.gz", "-f", "json", "-q").json();
        long inGroups = 0;
        for (JsonNode g : j.get("groups")) {
            inGroups += g.get("requests").asLong();
        }
        assertEquals(j.get("requests").asLong() - j.get("errors").asLong(), inGroups);
        String said = "groups count successful requests only: the 59 failed requests are left out";
        assertTrue(j.get("assumptions").toString().contains(said), j.get("assumptions").toString());
        assertTrue(TestSupport.cli("budget", "samples/requests.jsonl.gz", "-f", "table", "-q").out().contains(said));
    }

    @Test
    void complexityFromTaskTypeElseFromThePrompt() {
        assertEquals(Complexity.SIMPLE, ComplexityClassifier.classify("classification", "x", 5000));
        assertEquals(Complexity.COMPLEX, ComplexityClassifier.classify("code_generation", "hi", 3));
        assertEquals(Complexity.SIMPLE, ComplexityClassifier.classify(null, "What time is it in Paris?", 8));
        assertEquals(Complexity.MEDIUM, ComplexityClassifier.classify(null, "Explain why the cache missed.", 40));
        assertEquals(Complexity.COMPLEX, ComplexityClassifier.classify(null, "```py\ndef f(): pass\n```\nWhy? How? What? Explain step by step.", 60));
        assertEquals(Complexity.COMPLEX, ComplexityClassifier.classify(null, "long context", 5000));
    }

    @Test
    void percentilesBudgetsAndTheSavingOfEnforcingThem() throws IOException {
        // ten simple_qa requests on gpt-4o-mini: prompts 100..1000, answers 10..100 (and 5,000 once)
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            long out = i == 10 ? 5000 : i * 10;
            sb.append("{\"timestamp\":\"2026-10-01T10:00:0").append(i - 1).append("Z\",\"model\":\"gpt-4o-mini\",\"task_type\":\"simple_qa\",")
                    .append("\"usage\":{\"input_tokens\":").append(i * 100).append(",\"output_tokens\":").append(out).append("}}\n");
        }
        Path log = TestSupport.write(tmp, "budget.jsonl", sb.toString());
        JsonNode j = TestSupport.cli("budget", "-f", "json", "-q", log.toString()).json();
        JsonNode g = j.at("/groups/0");
        assertEquals("simple_qa", g.get("task_type").asText());
        assertEquals("simple", g.get("complexity").asText());
        assertEquals(550.0, g.at("/prompt_tokens/p50").asDouble(), 1e-9, "numpy.percentile([100..1000], 50)");
        assertEquals(955.0, g.at("/prompt_tokens/p95").asDouble(), 1e-9, "numpy.percentile([100..1000], 95)");
        assertEquals(4558.1, g.at("/output_tokens/p99").asDouble(), 1e-9, "numpy.percentile([10..90, 5000], 99) = 4558.1");
        assertEquals(1100, g.at("/budget/prompt").asInt());
        assertEquals(0.1, g.get("truncation_risk").asDouble(), 1e-12, "one answer of 5,000 tokens exceeds 600");
        assertEquals(960, g.at("/recommended/prompt").asInt(), "p95 955 rounded up to 64");
        assertEquals(4608, g.at("/recommended/output").asInt(), "p99 4,558.1 rounded up to 64");
        // enforcing: the 1,000-token prompt loses 40 tokens at $0.15/M; the 5,000-token answer none (under 4,608 it is not)
        double expected = 40 * 0.15e-6 + (5000 - 4608) * 0.6e-6;
        assertEquals(expected, j.get("usd_effect").asDouble(), 1e-15);
        assertEquals(1, j.get("requests_affected").asLong());
    }

    @Test
    void onePromptIsCompressedToItsBudget() throws IOException {
        String text = "Summarize the attached notes. " + "The quarterly review covered cost, latency and quality. ".repeat(200);
        Path f = TestSupport.write(tmp, "prompt.txt", text);
        TestSupport.Run run = TestSupport.cli("budget", "--prompt", "-f", "json", "--task-type", "simple_qa", f.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.json().get("tokens_after").asInt() <= 1100, run.out());
        assertEquals(600, run.json().get("max_tokens").asInt(), run.out());
    }

    /** Issue 12, defect 11: the budget and the max_tokens to set were on stderr only (even with -q), under "techopt compress". */
    @Test
    void onePromptsBudgetAndMaxTokensAreInTheReportInEveryFormat() throws IOException {
        String text = "Summarize the attached notes. " + "The quarterly review covered cost, latency and quality. ".repeat(200);
        Path f = TestSupport.write(tmp, "prompt.txt", text);
        TestSupport.Run json = TestSupport.cli("budget", "--prompt", "-q", "-f", "json", "--task-type", "simple_qa", f.toString());
        assertEquals(0, json.code(), json.err());
        assertEquals("", json.err(), "the answer is in the report, not on stderr");
        JsonNode j = json.json();
        assertEquals("simple", j.get("complexity").asText());
        assertEquals("simple_qa", j.get("task_type").asText());
        assertEquals(600, j.get("max_tokens").asInt());
        assertEquals(1100, j.at("/budget/prompt").asInt());
        assertEquals(1800, j.at("/budget/total").asInt());
        assertEquals(600, j.at("/budget/output").asInt());
        assertTrue(j.get("fits").asBoolean());
        assertTrue(j.get("tokens_after").asInt() <= 1100 && j.get("tokens_before").asInt() > 1100, j.toString());
        assertTrue(text.contains(j.get("text").asText().split("\\. ")[0]));
        for (String format : new String[]{"table", "markdown", "html", "csv"}) {
            TestSupport.Run r = TestSupport.cli("budget", "--prompt", "-q", "-f", format, "--task-type", "simple_qa", f.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals("", r.err(), format);
            assertTrue(r.out().contains("max_tokens") || r.out().contains("Set max_tokens to"), format + ":\n" + r.out());
            assertTrue(r.out().contains("600") && (r.out().contains("1100") || r.out().contains("1,100")), format + ":\n" + r.out());
            assertTrue(!r.out().contains("techopt compress"), format + " has the budget's title:\n" + r.out());
            if (!format.equals("csv")) {
                assertTrue(r.out().contains("techopt budget"), format + ":\n" + r.out());
            }
        }
        String csv = TestSupport.cli("budget", "--prompt", "-q", "-f", "csv", "--task-type", "simple_qa", f.toString()).out();
        // budget --prompt's csv is its budget table: the header, then a row per complexity
        assertTrue(csv.startsWith("complexity,") && csv.contains("\nsimple,300,500,300,600,100,1100,1800,600,"), csv);
    }
}
