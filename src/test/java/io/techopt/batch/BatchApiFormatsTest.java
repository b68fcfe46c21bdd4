package io.techopt.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static io.techopt.batch.BatchExportTest.exported;
import static io.techopt.batch.BatchExportTest.fields;
import static io.techopt.batch.BatchExportTest.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 defect 8, continued: Azure OpenAI, Groq, Mistral, Vertex AI and Bedrock requests are written in each
 * provider's own batch input format (one file per provider and model); DeepSeek, which has no batch API, is counted
 * with a note saying so.
 */
class BatchApiFormatsTest {
    static final String KEY = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx123456";
    static final String MAIL = "jane.doe@example.com";
    static final Pattern BEDROCK_ID = Pattern.compile("^[A-Za-z0-9]{1,64}$");

    @TempDir
    Path tmp;

    /** A logged request with a system prompt and a user turn carrying a key and an e-mail the export must redact. */
    static String line(String provider, String model, String id, long output) {
        String messages = "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":"
                + TestSupport.JSON.valueToTree("Summarize the ticket from " + MAIL + " who pasted " + KEY) + "}]";
        return "{\"timestamp\":\"2026-03-02T10:00:00Z\",\"request_id\":" + TestSupport.JSON.valueToTree(id) + ",\"model\":"
                + TestSupport.JSON.valueToTree(model) + (provider == null ? "" : ",\"provider\":\"" + provider + "\"")
                + ",\"task_type\":\"summarization\",\"usage\":{\"input_tokens\":10,\"output_tokens\":" + output + "},"
                + "\"messages\":" + messages + ",\"response\":\"ok\"}\n";
    }

    static void assertRedacted(Path f) throws IOException {
        String text = f.getFileName() + "\n" + Files.readString(f);
        assertFalse(text.contains("AbCdEfGhIjKlMnOp"), f + " leaks the key: " + text);
        assertFalse(text.contains(MAIL), f + " leaks the e-mail: " + text);
    }

    static Map<String, List<JsonNode>> byFile(Path dir) throws IOException {
        Map<String, List<JsonNode>> out = new TreeMap<>();
        for (Path f : exported(dir)) {
            assertRedacted(f);
            out.put(f.getFileName().toString(), lines(f));
        }
        return out;
    }

    /** Defect 1: Azure OpenAI requests were counted under "azure" and never written. */
    @Test
    void azureOpenAiRequestsAreWrittenPerDeploymentInAzuresGlobalBatchFormat() throws IOException {
        Path log = TestSupport.write(tmp, "azure.jsonl", line("azure", "azure/gpt4o-mini-batch", "az-1", 5)
                + line("azure", "azure/gpt4o-mini-batch", "az-2", 5)
                + line("azure", "gpt-4o-2024-08-06", "az-3", 5)
                + line("azure_openai", "gpt-4.1", "az-4", 5));
        // without a mapping, body.model is the logged name (LiteLLM logs an Azure call as azure/<deployment>)
        Path plain = tmp.resolve("azure-plain");
        TestSupport.Run first = TestSupport.cli("analyze", "-q", "--batch-export", plain.toString(), log.toString());
        assertEquals(0, first.code(), first.err());
        assertEquals(Set.of("azure-gpt4o-mini-batch-001.jsonl", "azure-gpt-4o-2024-08-06-001.jsonl", "azure-gpt-4.1-001.jsonl"),
                byFile(plain).keySet());
        // with --batch-deployment MODEL=DEPLOYMENT, the deployment's name
        Path dir = tmp.resolve("azure-export");
        TestSupport.Run run = TestSupport.cli("analyze", "-q", "--batch-export", dir.toString(),
                "--batch-deployment", "gpt-4o-2024-08-06=gpt4o-global-batch", log.toString());
        assertEquals(0, run.code(), run.err());
        Map<String, List<JsonNode>> files = byFile(dir);
        Map<String, Set<String>> idsByDeployment = new TreeMap<>();
        for (var e : files.entrySet()) {
            assertTrue(e.getKey().startsWith("azure-"), e.getKey());
            Set<String> models = new TreeSet<>();
            for (JsonNode j : e.getValue()) {
                assertEquals(List.of("custom_id", "method", "url", "body"), fields(j));
                assertEquals("POST", j.get("method").asText());
                assertEquals("/chat/completions", j.get("url").asText(), "Azure's batch url has no /v1");
                assertEquals(List.of("model", "messages"), fields(j.get("body")));
                assertEquals("system", j.at("/body/messages/0/role").asText());
                models.add(j.at("/body/model").asText());
                idsByDeployment.computeIfAbsent(j.at("/body/model").asText(), k -> new TreeSet<>()).add(j.get("custom_id").asText());
            }
            assertEquals(1, models.size(), "one deployment per file: " + e.getKey());
        }
        assertEquals(Map.of("gpt4o-mini-batch", Set.of("az-1", "az-2"), "gpt4o-global-batch", Set.of("az-3"), "gpt-4.1", Set.of("az-4")),
                idsByDeployment);
        JsonNode manifest = TestSupport.JSON.readTree(dir.resolve("manifest.json").toFile());
        assertEquals(4, manifest.get("requests").asLong());
        assertEquals(0, manifest.get("not_exported_requests").asLong(), manifest.toString());
        manifest.get("files").forEach(f -> assertEquals("azure", f.get("api").asText()));
        String notes = manifest.get("notes").toString();
        assertTrue(notes.contains("--batch-deployment gpt-4.1=DEPLOYMENT"), "an unmapped model says how to name its deployment: " + notes);
        assertFalse(notes.contains("gpt4o-global-batch="), notes);
    }

    /** Defect 2: Bedrock, Vertex AI, Mistral and Groq requests were only counted; DeepSeek has no batch API. */
    @Test
    void bedrockVertexMistralAndGroqGetTheirOwnBatchFormatsAndDeepSeekIsCountedWithItsReason() throws IOException {
        Path log = TestSupport.write(tmp, "providers.jsonl",
                line("bedrock", "bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0", "br:1", 9000)
                        + line("bedrock", "bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0", "br2", 5)
                        + line("bedrock", "meta.llama3-1-70b-instruct-v1:0", "llama-1", 5)
                        + line("vertex_ai", "vertex_ai/gemini-2.5-flash", "vx-1", 5)
                        + line("vertex_ai", "vertex_ai/gemini-2.5-flash", "vx-2", 5)
                        + line("mistral", "mistral/mistral-small-latest", "mi-1", 5)
                        + line(null, "mistral-large-2411", "mi-2", 5)
                        + line("groq", "groq/llama-3.3-70b-versatile", "gq-1", 5)
                        + line("vertex_ai", "vertex_ai/claude-3-5-sonnet-v2@20241022", "vx-claude", 5)
                        + line("deepseek", "deepseek/deepseek-chat", "ds-1", 5)
                        + line("deepseek", "deepseek/deepseek-chat", "ds-2", 5));
        Path dir = tmp.resolve("providers-export");
        TestSupport.Run run = TestSupport.cli("analyze", "-q", "--batch-export", dir.toString(), log.toString());
        assertEquals(0, run.code(), run.err());
        Map<String, List<JsonNode>> files = byFile(dir);
        assertEquals(Set.of("bedrock-us.anthropic.claude-3-7-sonnet-20250219-v1_0", "bedrock-converse-meta.llama3-1-70b-instruct-v1_0",
                        "vertex-gemini-2.5-flash", "mistral-mistral-small-latest", "mistral-mistral-large-2411", "groq-llama-3.3-70b-versatile"),
                stems(files.keySet()));
        Map<String, Integer> counts = new TreeMap<>();
        for (var e : files.entrySet()) {
            String name = e.getKey();
            String api = name.startsWith("bedrock-converse-") ? "bedrock-converse" : name.substring(0, name.indexOf('-'));
            counts.merge(api, e.getValue().size(), Integer::sum);
            for (JsonNode j : e.getValue()) {
                if (name.startsWith("bedrock-converse-")) {
                    assertEquals(List.of("recordId", "modelInput"), fields(j));
                    assertTrue(BEDROCK_ID.matcher(j.get("recordId").asText()).matches(), j.get("recordId").asText());
                    assertEquals(List.of("messages", "system"), fields(j.get("modelInput")));
                    assertEquals("user", j.at("/modelInput/messages/0/role").asText());
                    assertTrue(j.at("/modelInput/messages/0/content/0/text").asText().startsWith("Summarize"));
                    assertEquals("Be brief.", j.at("/modelInput/system/0/text").asText());
                } else if (name.startsWith("bedrock-")) {
                    assertEquals(List.of("recordId", "modelInput"), fields(j));
                    assertTrue(BEDROCK_ID.matcher(j.get("recordId").asText()).matches(), j.get("recordId").asText());
                    assertEquals(List.of("anthropic_version", "max_tokens", "messages", "system"), fields(j.get("modelInput")));
                    assertEquals("bedrock-2023-05-31", j.at("/modelInput/anthropic_version").asText());
                    assertEquals("text", j.at("/modelInput/messages/0/content/0/type").asText());
                    assertEquals("Be brief.", j.at("/modelInput/system").asText());
                    long max = j.at("/modelInput/max_tokens").asLong();
                    assertTrue(max == 4096 || max == 9000, "4,096 or the logged answer's length under 3.7's 64,000: " + max);
                } else if (name.startsWith("vertex-")) {
                    assertEquals(List.of("request"), fields(j));
                    assertEquals(List.of("contents", "systemInstruction"), fields(j.get("request")));
                    assertEquals("user", j.at("/request/contents/0/role").asText());
                    assertTrue(j.at("/request/contents/0/parts/0/text").asText().startsWith("Summarize"));
                } else if (name.startsWith("mistral-")) {
                    assertEquals(List.of("custom_id", "body"), fields(j));
                    assertEquals(List.of("model", "messages"), fields(j.get("body")));
                    assertTrue(name.contains(j.at("/body/model").asText()), name + " " + j);
                    assertEquals("user", j.at("/body/messages/1/role").asText());
                } else if (name.startsWith("groq-")) {
                    assertEquals(List.of("custom_id", "method", "url", "body"), fields(j));
                    assertEquals("/v1/chat/completions", j.get("url").asText());
                    assertEquals("llama-3.3-70b-versatile", j.at("/body/model").asText());
                    assertEquals("gq-1", j.get("custom_id").asText());
                } else {
                    throw new AssertionError("unexpected file " + name);
                }
            }
        }
        assertEquals(Map.of("bedrock", 2, "bedrock-converse", 1, "vertex", 2, "mistral", 2, "groq", 1), counts);
        JsonNode manifest = TestSupport.JSON.readTree(dir.resolve("manifest.json").toFile());
        assertEquals(8, manifest.get("requests").asLong());
        assertEquals(2, manifest.at("/not_exported/deepseek").asLong());
        String notes = manifest.get("notes").toString();
        assertTrue(notes.contains("deepseek: 2 request(s) counted, not written: DeepSeek has no batch API"), notes);
        assertTrue(notes.contains("needs at least 100"), "a Bedrock job below the minimum says so: " + notes);
        assertTrue(notes.contains("Converse invocation type"), notes);
        assertEquals(1, manifest.at("/not_exported/vertex_ai").asLong());
        assertTrue(notes.contains("vertex_ai: 1 request(s) counted, not written: only Gemini models'"), notes);
    }

    static Set<String> stems(Set<String> names) {
        Set<String> out = new TreeSet<>();
        names.forEach(n -> out.add(n.replaceAll("-[0-9]{3}\\.jsonl$", "").replaceAll("-[0-9a-f]{8}$", "")));
        return out;
    }

    @Test
    void eachNewApiSplitsAtItsOwnLimits() throws IOException {
        Path dir = tmp.resolve("limits");
        var limits = Map.of(BatchApi.AZURE, new BatchFiles.Limits(2, Long.MAX_VALUE),
                BatchApi.MISTRAL, new BatchFiles.Limits(Integer.MAX_VALUE, 700),
                BatchApi.BEDROCK, new BatchFiles.Limits(3, Long.MAX_VALUE),
                BatchApi.VERTEX, new BatchFiles.Limits(4, Long.MAX_VALUE),
                BatchApi.GROQ, new BatchFiles.Limits(1, Long.MAX_VALUE));
        try (BatchExporter x = new BatchExporter(dir, BatchExportTest.BATCHABLE, limits)) {
            for (int i = 0; i < 5; i++) {
                String text = "Summarize item " + i + " " + "y".repeat(200);
                BatchExportTest.feed(x, BatchExportTest.record("azure", "gpt-4o-mini", "a" + i, text));
                BatchExportTest.feed(x, BatchExportTest.record("mistral", "mistral-small-latest", "m" + i, text));
                BatchExportTest.feed(x, BatchExportTest.record("bedrock", "anthropic.claude-3-haiku-20240307-v1:0", "b" + i, text));
                BatchExportTest.feed(x, BatchExportTest.record("vertex_ai", "gemini-2.0-flash", "v" + i, text));
                BatchExportTest.feed(x, BatchExportTest.record("groq", "llama-3.1-8b-instant", "g" + i, text));
            }
            x.commit();
            x.writeManifest();
        }
        Map<String, List<Integer>> parts = new TreeMap<>();
        for (Path f : exported(dir)) {
            String name = f.getFileName().toString();
            parts.computeIfAbsent(name.substring(0, name.indexOf('-')), k -> new ArrayList<>()).add(lines(f).size());
            if (name.startsWith("mistral-")) {
                assertTrue(Files.size(f) <= 700, name + " is " + Files.size(f) + " bytes");
            }
        }
        assertEquals(List.of(2, 2, 1), parts.get("azure"));
        assertEquals(List.of(3, 2), parts.get("bedrock"));
        assertEquals(List.of(4, 1), parts.get("vertex"));
        assertEquals(List.of(1, 1, 1, 1, 1), parts.get("groq"));
        assertTrue(parts.get("mistral").size() >= 3, parts.toString());
        assertEquals(5, parts.get("mistral").stream().mapToInt(Integer::intValue).sum());
        // the documented per-file limits
        assertEquals(100_000, BatchApi.AZURE.maxRequests);
        assertEquals(200_000_000L, BatchApi.AZURE.maxBytes);
        assertEquals(50_000, BatchApi.BEDROCK.maxRequests);
        assertEquals(1_000_000_000L, BatchApi.BEDROCK.maxBytes);
        assertEquals(200_000, BatchApi.VERTEX.maxRequests);
        assertEquals(100_000, BatchApi.MISTRAL.maxRequests);
        assertEquals(512_000_000L, BatchApi.MISTRAL.maxBytes);
        assertEquals(50_000, BatchApi.GROQ.maxRequests);
    }

    @Test
    void providerNamesFromRoutersAndOpenTelemetryResolveToTheirBatchApis() {
        assertEquals(BatchApi.AZURE, BatchApi.of("az.ai.openai", "gpt-4o"));
        assertEquals(BatchApi.AZURE, BatchApi.of(null, "azure/my-deployment"));
        assertEquals(BatchApi.BEDROCK, BatchApi.of("aws.bedrock", "anthropic.claude-3-haiku-20240307-v1:0"));
        assertEquals(BatchApi.BEDROCK_CONVERSE, BatchApi.of("bedrock", "amazon.nova-lite-v1:0"));
        assertEquals(BatchApi.VERTEX, BatchApi.of("gcp.vertex_ai", "gemini-2.5-pro"));
        assertEquals(null, BatchApi.of("vertex_ai", "claude-3-5-sonnet-v2@20241022"), "Claude on Vertex: not written here");
        assertEquals(BatchApi.MISTRAL, BatchApi.of(null, "codestral-latest"));
        assertEquals(BatchApi.GROQ, BatchApi.of(null, "groq/llama-3.1-8b-instant"));
        assertEquals(null, BatchApi.of("deepseek", "deepseek-chat"));
        assertEquals(64_000, BatchLines.anthropicMaxOutput("us.anthropic.claude-3-7-sonnet-20250219-v1:0"));
        assertTrue(BEDROCK_ID.matcher(BatchIds.bedrockId("req_1:a")).matches());
        assertEquals("CALL0000001", BatchIds.bedrockId("CALL0000001"));
    }
}
