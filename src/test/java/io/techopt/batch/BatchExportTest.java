package io.techopt.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import io.techopt.core.LogRecord;
import io.techopt.core.Message;
import io.techopt.core.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12 defect 8: --batch-export writes files each provider's Batch API accepts, and their output reads back. */
class BatchExportTest {
    static final Pattern ANTHROPIC_ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    static final Set<String> BATCHABLE = Set.of("summarization", "classification", "extraction", "translation", "tagging",
            "evaluation", "data_labeling", "embedding", "batch");

    @TempDir
    Path tmp;

    static List<JsonNode> lines(Path f) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(f)) {
            out.add(TestSupport.JSON.readTree(line));
        }
        return out;
    }

    static List<Path> exported(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    @Test
    void eachProviderAndModelGetsItsOwnFileInItsBatchApisFormat() throws IOException {
        Path dir = tmp.resolve("export");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "--batch-export", dir.toString(), "samples/requests.jsonl.gz");
        assertEquals(0, run.code(), run.err());
        // independently: successful, not batched, with messages, of a batchable task type, by provider and model
        Map<String, Set<String>> expected = new TreeMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(Path.of("samples/requests.jsonl.gz"))), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                JsonNode j = TestSupport.JSON.readTree(line);
                if (BATCHABLE.contains(j.path("task_type").asText()) && !"error".equals(j.path("status").asText())
                        && !j.path("batch").asBoolean(false) && j.path("messages").size() > 0) {
                    expected.computeIfAbsent(j.get("provider").asText() + " " + j.get("model").asText(), k -> new HashSet<>())
                            .add(j.get("request_id").asText());
                }
            }
        }
        Map<String, Integer> got = new TreeMap<>();
        for (Path f : exported(dir)) {
            String name = f.getFileName().toString();
            List<JsonNode> lines = lines(f);
            Set<String> models = new HashSet<>();
            Set<String> ids = new HashSet<>();
            for (JsonNode j : lines) {
                if (name.startsWith("openai-")) {
                    assertEquals(List.of("custom_id", "method", "url", "body"), fields(j));
                    assertEquals("POST", j.get("method").asText());
                    assertEquals("/v1/chat/completions", j.get("url").asText());
                    assertTrue(j.at("/body/messages").size() > 0);
                    models.add(j.at("/body/model").asText());
                    assertTrue(ids.add(j.get("custom_id").asText()), "custom_id unique in the file");
                } else if (name.startsWith("anthropic-")) {
                    assertEquals(List.of("custom_id", "params"), fields(j));
                    assertTrue(ANTHROPIC_ID.matcher(j.get("custom_id").asText()).matches(), j.get("custom_id").asText());
                    assertTrue(ids.add(j.get("custom_id").asText()));
                    assertTrue(j.at("/params/max_tokens").asInt() >= 1, "max_tokens is required");
                    assertTrue(j.at("/params/messages").size() > 0);
                    for (JsonNode m : j.at("/params/messages")) {
                        assertTrue(Set.of("user", "assistant").contains(m.get("role").asText()), m.toString());
                        assertFalse(m.get("content").asText().isBlank(), "no empty content");
                    }
                    assertEquals("user", j.at("/params/messages/0/role").asText());
                    models.add(j.at("/params/model").asText());
                } else if (name.startsWith("gemini-")) {
                    assertEquals(List.of("key", "request"), fields(j));
                    assertTrue(ids.add(j.get("key").asText()));
                    for (JsonNode c : j.at("/request/contents")) {
                        assertTrue(Set.of("user", "model").contains(c.get("role").asText()), c.toString());
                        assertFalse(c.at("/parts/0/text").asText().isBlank());
                    }
                    models.add(name.substring("gemini-".length(), name.length() - "-001.jsonl".length()));
                } else {
                    throw new AssertionError("unexpected file " + name);
                }
            }
            assertEquals(1, models.size(), "one model per file: " + name + " " + models);
            String provider = name.substring(0, name.indexOf('-')).replace("gemini", "google");
            got.merge(provider + " " + models.iterator().next(), lines.size(), Integer::sum);
        }
        JsonNode manifest = TestSupport.JSON.readTree(dir.resolve("manifest.json").toFile());
        Map<String, Integer> want = new TreeMap<>();
        long deepseek = 0, vllm = 0;
        for (var e : expected.entrySet()) {
            if (e.getKey().startsWith("deepseek ")) {
                deepseek += e.getValue().size();
            } else if (e.getKey().startsWith("vllm ")) {
                vllm += e.getValue().size();
            } else {
                want.put(e.getKey(), e.getValue().size());
            }
        }
        assertEquals(want, got, "every batchable request of a provider with a batch API, in its model's file");
        assertTrue(deepseek > 0 && vllm > 0);
        assertEquals(deepseek, manifest.at("/not_exported/deepseek").asLong(), "DeepSeek has no batch API: counted");
        assertEquals(vllm, manifest.at("/not_exported/vllm").asLong());
        assertEquals(want.values().stream().mapToLong(Integer::longValue).sum(), manifest.get("requests").asLong());
        assertTrue(run.err().contains("deepseek " + deepseek), run.err());
    }

    static List<String> fields(JsonNode j) {
        List<String> f = new ArrayList<>();
        j.fieldNames().forEachRemaining(f::add);
        return f;
    }

    static LogRecord record(String provider, String model, String id, String text) {
        LogRecord.Builder r = new LogRecord.Builder();
        r.provider = provider;
        r.model = model;
        r.requestId = id;
        r.taskType = "summarization";
        r.timestampMs = 1_790_000_000_000L;
        r.messages = List.of(new Message("system", "Be brief."), new Message("user", text));
        r.usage = new Usage(100, 0, 0, 0, 20, 0);
        return r.build();
    }

    static void feed(BatchExporter x, LogRecord r) {
        x.accept(x.prepare(r));
    }

    @Test
    void filesSplitAtTheRequestAndSizeLimits() throws IOException {
        Path dir = tmp.resolve("split");
        try (BatchExporter x = new BatchExporter(dir, BATCHABLE, Map.of(
                BatchApi.OPENAI, new BatchFiles.Limits(3, Long.MAX_VALUE),
                BatchApi.ANTHROPIC, new BatchFiles.Limits(Integer.MAX_VALUE, 1000)))) {
            for (int i = 0; i < 7; i++) {
                feed(x, record("openai", "gpt-4o-mini", "req-" + i, "Summarize item " + i));
                feed(x, record("anthropic", "claude-haiku-4-5", "req-" + i, "Summarize item " + i + " " + "x".repeat(300)));
            }
            x.commit();
            x.writeManifest();
        }
        Map<String, Integer> sizes = new TreeMap<>();
        for (Path f : exported(dir)) {
            sizes.put(f.getFileName().toString(), lines(f).size());
            if (f.getFileName().toString().startsWith("anthropic-")) {
                assertTrue(Files.size(f) <= 1000, f + " is " + Files.size(f) + " bytes");
            }
        }
        assertEquals(Map.of("openai-gpt-4o-mini-001.jsonl", 3, "openai-gpt-4o-mini-002.jsonl", 3, "openai-gpt-4o-mini-003.jsonl", 1),
                Map.copyOf(new TreeMap<>(sizes).headMap("openai-gpt-4o-mini-004.jsonl").tailMap("openai-")));
        int anthropic = sizes.entrySet().stream().filter(e -> e.getKey().startsWith("anthropic-")).mapToInt(Map.Entry::getValue).sum();
        assertEquals(7, anthropic);
        assertTrue(sizes.keySet().stream().filter(k -> k.startsWith("anthropic-")).count() >= 3, sizes.toString());
        JsonNode manifest = TestSupport.JSON.readTree(dir.resolve("manifest.json").toFile());
        assertEquals(14, manifest.get("requests").asLong());
        assertEquals(sizes.size(), manifest.get("files").size());
    }

    @Test
    void everyExportedFieldGoesThroughTheRedactor() throws IOException {
        String key = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx123456";
        String mail = "jane.doe@example.com";
        StringBuilder sb = new StringBuilder();
        for (String[] pm : new String[][]{{"openai", "gpt-4o-mini"}, {"anthropic", "claude-haiku-4-5"}, {"google", "gemini-2.5-flash"},
                {"deepseek", "deepseek-chat"}}) {
            ObjectNode o = TestSupport.JSON.createObjectNode();
            o.put("timestamp", "2026-10-01T10:00:00Z").put("model", pm[1] + "-" + key).put("provider", pm[0])
                    .put("request_id", "id-" + key).put("task_type", "summarization");
            o.putArray("messages").addObject().put("role", "user").put("content", "mail " + mail + " key " + key);
            o.putObject("usage").put("input_tokens", 10).put("output_tokens", 5);
            sb.append(o).append('\n');
        }
        Path log = TestSupport.write(tmp, "secrets.jsonl", sb.toString());
        Path dir = tmp.resolve("redacted");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "--batch-export", dir.toString(), log.toString());
        assertEquals(0, run.code(), run.err());
        List<Path> files = new ArrayList<>(exported(dir));
        assertEquals(3, files.size(), files.toString());
        files.add(dir.resolve("manifest.json"));
        for (Path f : files) {
            String text = Files.readString(f);
            assertFalse(text.contains(key) || text.contains("AbCdEfGhIjKlMnOp"), f + " leaks the key: " + text);
            assertFalse(text.contains(mail), f + " leaks the e-mail");
            assertFalse(f.getFileName().toString().contains("AbCdEf"), "file names too");
        }
        assertFalse(run.err().contains("AbCdEfGhIjKlMnOp"));
    }

    /** Review: the provider was lower-cased before redaction, so case-dependent rules (AKIA, AIza, JWT) missed it. */
    @Test
    void aCredentialAsProviderIsRedactedBeforeItIsLowerCased() throws IOException {
        String[] secrets = {"AKIAQ7XZ3M5N8P2R4T6V", "AIzaSyB1c2D3e4F5g6H7i8J9k0LmNoPqRsTuVwX",
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
                "0bI3fGZJlB/KuVr4lnPH7+lCj7OulCU/WZN6cyAc", "Authorization: Basic YWRtaW46QjRzaWNBdXRoUGFzc3cwcmQh"};
        StringBuilder sb = new StringBuilder();
        for (String provider : secrets) {
            ObjectNode o = TestSupport.JSON.createObjectNode();
            o.put("timestamp", "2026-10-01T10:00:00Z").put("model", "gpt-4o-mini").put("provider", provider).put("task_type", "summarization");
            o.putArray("messages").addObject().put("role", "user").put("content", "hi");
            o.putObject("usage").put("input_tokens", 10).put("output_tokens", 5);
            sb.append(o).append('\n');
        }
        Path dir = tmp.resolve("provider-secrets");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "--batch-export", dir.toString(), "--batchable", "summarization",
                TestSupport.write(tmp, "prov.jsonl", sb.toString()).toString());
        assertEquals(0, run.code(), run.err());
        String written = (Files.readString(dir.resolve("manifest.json")) + run.err() + run.out()).toLowerCase(java.util.Locale.ROOT);
        for (String s : secrets) {
            String needle = s.substring(s.length() - 16).toLowerCase(java.util.Locale.ROOT);
            assertFalse(written.contains(needle), "leaks " + s + " (in any case): " + written);
        }
        assertEquals(secrets.length, TestSupport.JSON.readTree(dir.resolve("manifest.json").toFile()).get("not_exported_requests").asInt());
    }

    /** Review: manifest.json wrote bidi, zero-width and C1 characters raw; reports write them as JSON's \\uXXXX escapes. */
    @Test
    void manifestEscapesBidiZeroWidthAndC1CharactersAsReportsDo() throws IOException {
        String hostile = "\u202eevil\u200b\u0085x";
        StringBuilder sb = new StringBuilder();
        for (String[] pm : new String[][]{{"openai", "gpt-4o-mini" + hostile}, {"acme" + hostile, "gpt-4o-mini"}}) {
            ObjectNode o = TestSupport.JSON.createObjectNode();
            o.put("timestamp", "2026-10-01T10:00:00Z").put("model", pm[1]).put("provider", pm[0]).put("task_type", "summarization");
            o.putArray("messages").addObject().put("role", "user").put("content", "summarize this");
            o.putObject("usage").put("input_tokens", 10).put("output_tokens", 5);
            sb.append(o).append('\n');
        }
        Path dir = tmp.resolve("bidi");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "--batch-export", dir.toString(), "--batchable", "summarization",
                TestSupport.write(tmp, "bidi.jsonl", sb.toString()).toString());
        assertEquals(0, run.code(), run.err());
        String raw = Files.readString(dir.resolve("manifest.json"));
        for (char c : new char[]{'\u202e', '\u200b', '\u0085'}) {
            assertFalse(raw.indexOf(c) >= 0, "raw U+" + Integer.toHexString(c) + " in " + raw);
        }
        assertTrue(raw.contains("\\u202E") || raw.contains("\\u202e"), raw);
        JsonNode m = TestSupport.JSON.readTree(raw);
        assertEquals("gpt-4o-mini" + hostile, m.get("files").get(0).get("model").asText(), "the exact name reads back");
        assertTrue(m.get("not_exported").has("acme" + hostile), raw);
    }

    /** The secret scan found these: cutting a model name at its last '/' before redacting left a credential's tail. */
    @Test
    void aCredentialWithSlashesInAModelNameLeavesNoTailInFileNamesOrManifest() throws IOException {
        String hookTail = "lw6pJgQiQYMLLX5k40plv4c2";
        String accountKey = "g38JmlSSiYc4px0dBpIz7UoKKtaQ8sU1QEA0PHP0Vr0c9wrUfG3BjCaP2n6O0d0w/Ab+Cd==";
        StringBuilder sb = new StringBuilder();
        for (String model : new String[]{"gpt-4o-mini-https://hooks.slack.com/services/T00000000/B00000000/" + hookTail,
                "gpt-4o-DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + accountKey + ";EndpointSuffix=core.windows.net"}) {
            ObjectNode o = TestSupport.JSON.createObjectNode();
            o.put("timestamp", "2026-10-01T10:00:00Z").put("model", model).put("provider", "openai").put("task_type", "summarization");
            o.putArray("messages").addObject().put("role", "user").put("content", "summarize this");
            o.putObject("usage").put("input_tokens", 10).put("output_tokens", 5);
            sb.append(o).append('\n');
        }
        Path log = TestSupport.write(tmp, "slashes.jsonl", sb.toString());
        Path dir = tmp.resolve("slashes");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "--batch-export", dir.toString(), log.toString());
        assertEquals(0, run.code(), run.err());
        List<Path> files = new ArrayList<>(exported(dir));
        files.add(dir.resolve("manifest.json"));
        for (Path f : files) {
            String text = f.getFileName() + "\n" + Files.readString(f);
            assertFalse(text.contains(hookTail), f + " leaks the webhook path: " + text);
            assertFalse(text.contains("g38JmlSSiYc4px0dBpIz7U"), f + " leaks the account key: " + text);
        }
    }

    @Test
    void aFailedRunLeavesNoExport() throws IOException {
        Path log = TestSupport.write(tmp, "bad.jsonl", TestSupport.GOOD_LINE + "\n{broken\n");
        Path dir = tmp.resolve("never");
        assertEquals(3, TestSupport.cli("analyze", "--strict", "--batch-export", dir.toString(), log.toString()).code());
        if (Files.exists(dir)) {
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "no export and no temporary file left");
            }
        }
    }

    @Test
    void batchApiOutputShowsTheSavingMeasuredFromItsUsage() {
        JsonNode j = TestSupport.cli("analyze", "-q", "-f", "json", TestSupport.shared("data/litellm-logs/batch").toString()).json();
        double paid = 51 * 2.5e-6 + 95 * 7.5e-6 + 51 * 0.075e-6 + 16 * 0.3e-6;
        double standard = 51 * 5e-6 + 95 * 15e-6 + 51 * 0.15e-6 + 16 * 0.6e-6;
        assertEquals(2, j.at("/batch_api/requests").asLong());
        assertEquals(paid, j.at("/batch_api/cost_usd").asDouble(), 1e-15);
        assertEquals(standard, j.at("/batch_api/cost_at_standard_usd").asDouble(), 1e-15);
        assertEquals(standard - paid, j.at("/batch_api/saved_usd").asDouble(), 1e-15);
    }

    @Test
    void anthropicMessageBatchResultsGiveTheMeasuredSaving() throws IOException {
        String results = """
                {"custom_id":"req-1","result":{"type":"succeeded","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[{"type":"text","text":"Short summary."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1200,"cache_creation_input_tokens":0,"cache_read_input_tokens":300,"output_tokens":80}}}}
                {"custom_id":"req-2","result":{"type":"succeeded","message":{"id":"msg_02","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[{"type":"text","text":"Another."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":900,"output_tokens":40}}}}
                {"custom_id":"req-3","result":{"type":"errored","error":{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}}}
                """;
        Path file = TestSupport.write(tmp, "msgbatch_results.jsonl", results);
        JsonNode j = TestSupport.cli("analyze", "-q", "-f", "json", file.toString()).json();
        assertEquals(2, j.get("requests").asLong());
        assertEquals(1, j.get("bad_lines").asLong(), "the errored request is not billed and is reported");
        // the same usage logged as ordinary requests, priced at standard rates
        StringBuilder sb = new StringBuilder();
        sb.append("{\"timestamp\":").append(Files.getLastModifiedTime(file).toMillis()).append(",\"model\":\"claude-sonnet-4-20250514\",")
                .append("\"usage\":{\"input_tokens\":1200,\"cache_read_input_tokens\":300,\"output_tokens\":80}}\n");
        sb.append("{\"timestamp\":").append(Files.getLastModifiedTime(file).toMillis()).append(",\"model\":\"claude-sonnet-4-20250514\",")
                .append("\"usage\":{\"input_tokens\":900,\"output_tokens\":40}}\n");
        double standard = TestSupport.cli("analyze", "-q", "-f", "json", TestSupport.write(tmp, "std.jsonl", sb.toString()).toString())
                .json().get("cost_usd").asDouble();
        assertEquals(2, j.at("/batch_api/requests").asLong());
        assertEquals(standard, j.at("/batch_api/cost_at_standard_usd").asDouble(), 1e-12);
        assertEquals(standard / 2, j.at("/batch_api/cost_usd").asDouble(), 1e-12, "Anthropic batches cost half");
        assertEquals(standard / 2, j.at("/batch_api/saved_usd").asDouble(), 1e-12);
    }

    /**
     * A Message Batches result line has no time: dating it at the file's modification time is said in a warning
     * (stderr and the report's notes) naming that time; --batch-ended-at dates it at the batch's ended_at instead,
     * given as a time or as the Message Batch object's JSON.
     */
    @Test
    void anthropicResultsAreDatedAtTheBatchsEndedAtOrWithAWarningNamingTheDateUsed() throws IOException {
        Path file = TestSupport.write(tmp, "msgbatch_results.jsonl", """
                {"custom_id":"req-1","result":{"type":"succeeded","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[{"type":"text","text":"Short."}],"stop_reason":"end_turn","usage":{"input_tokens":1200,"output_tokens":80}}}}
                """);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2026-10-20T07:00:00Z")));
        TestSupport.Run undated = TestSupport.cli("analyze", "-f", "json", file.toString());
        assertEquals(0, undated.code(), undated.err());
        String warning = "Anthropic Message Batches results carry no time; its requests are dated at the file's modification time, "
                + "2026-10-20T07:00:00Z (pass --batch-ended-at";
        assertTrue(undated.err().contains(warning), undated.err());
        assertTrue(undated.json().get("warnings").toString().contains(warning), undated.json().get("warnings").toString());
        assertEquals("2026-10-20", undated.json().at("/period/first").asText().substring(0, 10));

        TestSupport.Run dated = TestSupport.cli("analyze", "-f", "json", "--batch-ended-at", "2026-10-05T12:00:00Z", file.toString());
        assertEquals(0, dated.code(), dated.err());
        assertFalse(dated.err().contains("carry no time"), dated.err());
        assertEquals("2026-10-05T12:00", dated.json().at("/period/first").asText().substring(0, 16));

        Path batch = TestSupport.write(tmp, "msgbatch.json", "{\"id\":\"msgbatch_01\",\"type\":\"message_batch\",\"processing_status\":\"ended\","
                + "\"created_at\":\"2026-10-05T20:00:00Z\",\"ended_at\":\"2026-10-06T08:30:00Z\",\"results_url\":null}");
        TestSupport.Run fromObject = TestSupport.cli("analyze", "-f", "json", "--batch-ended-at", batch.toString(), file.toString());
        assertEquals(0, fromObject.code(), fromObject.err());
        assertEquals("2026-10-06T08:30", fromObject.json().at("/period/first").asText().substring(0, 16));

        Path running = TestSupport.write(tmp, "msgbatch_running.json", "{\"id\":\"msgbatch_02\",\"type\":\"message_batch\","
                + "\"processing_status\":\"in_progress\",\"ended_at\":null}");
        TestSupport.Run refused = TestSupport.cli("analyze", "-f", "json", "--batch-ended-at", running.toString(), file.toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("has no ended_at"), refused.err());
    }

    @Test
    void anExistingFileIsNotAnExportDirectory() throws IOException {
        Path file = TestSupport.write(tmp, "old-export.jsonl", "x\n");
        TestSupport.Run run = TestSupport.cli("analyze", "-q", "--batch-export", file.toString(), "samples/requests.jsonl.gz");
        assertEquals(2, run.code(), run.err());
        assertEquals("x\n", Files.readString(file));
    }

    /**
     * Review r21 M2 case 3: --batch-export into a directory holding a user's manifest.json and a file named like a
     * batch file replaced both, exit 0. A directory holding files an export did not write is refused, exit 2, untouched.
     */
    @Test
    void aDirectoryHoldingOtherFilesIsNotAnExportDirectory() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("webapp"));
        Path manifest = TestSupport.write(dir, "manifest.json", "{\"name\": \"my web app\"}");
        Path lookalike = TestSupport.write(dir, "openai-gpt-4.1-001.jsonl", "mine\n");
        TestSupport.Run run = TestSupport.cli("analyze", "-q", "--batch-export", dir.toString(), "samples/requests.jsonl.gz");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("files this export did not write"), run.err());
        assertEquals("{\"name\": \"my web app\"}", Files.readString(manifest));
        assertEquals("mine\n", Files.readString(lookalike));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "nothing added");
        }
    }

    @Test
    void routerPrefixesAreDroppedAndUnknownProvidersFallBackToTheModelName() {
        assertEquals(BatchApi.OPENAI, BatchApi.of(null, "openai/gpt-4o-mini"));
        assertEquals(BatchApi.ANTHROPIC, BatchApi.of(null, "claude-3-5-haiku-20241022"));
        assertEquals(BatchApi.GEMINI, BatchApi.of(null, "gemini/gemini-2.0-flash"));
        assertEquals(BatchApi.BEDROCK, BatchApi.of("bedrock", "anthropic.claude-3-haiku-20240307-v1:0"));
        assertEquals(null, BatchApi.of("deepseek", "deepseek/deepseek-chat"));
        assertEquals("gpt-4o-mini", BatchApi.bareModel("openai/gpt-4o-mini"));
        assertTrue(ANTHROPIC_ID.matcher(BatchIds.anthropicId("req/with spaces|and:colons")).matches());
        assertEquals("req_123-abc", BatchIds.anthropicId("req_123-abc"));
        Map<String, String> distinct = new HashMap<>();
        for (String id : List.of("a b", "a:b", "a|b", "x".repeat(65))) {
            assertEquals(null, distinct.put(BatchIds.anthropicId(id), id), "distinct ids stay distinct");
        }
    }
    static String line(String provider, String model, String id, String messagesJson, long output) {
        return "{\"timestamp\":\"2026-03-02T10:00:00Z\",\"request_id\":" + TestSupport.JSON.valueToTree(id) + ",\"model\":\"" + model
                + "\",\"provider\":\"" + provider + "\",\"task_type\":\"summarization\",\"usage\":{\"input_tokens\":10,\"output_tokens\":"
                + output + "},\"messages\":" + messagesJson + ",\"response\":\"ok\"}\n";
    }

    static String user(String text) {
        return "[{\"role\":\"user\",\"content\":" + TestSupport.JSON.valueToTree(text) + "}]";
    }

    /** Issue 18 defect 5.1: two models whose names sanitise alike never share (and overwrite) one file. */
    @Test
    void modelsThatSanitiseAlikeGetTheirOwnFiles() throws IOException {
        Path log = TestSupport.write(tmp, "stem.jsonl", line("openai", "ft:gpt-4o-mini:org:x", "s0", user("Summarize 0"), 5)
                + line("openai", "ft_gpt-4o-mini_org_x", "s1", user("Summarize 1"), 5)
                + line("openai", "ft:gpt-4o-mini:org:x", "s2", user("Summarize 2"), 5)
                + line("openai", "ft_gpt-4o-mini_org_x", "s3", user("Summarize 3"), 5));
        Path dir = tmp.resolve("stem");
        TestSupport.Run run = TestSupport.cli("analyze", "-q", "--batch-export", dir.toString(), log.toString());
        assertEquals(0, run.code(), run.err());
        Map<String, Set<String>> idsByModel = new TreeMap<>();
        for (Path f : exported(dir)) {
            for (JsonNode j : lines(f)) {
                idsByModel.computeIfAbsent(j.at("/body/model").asText(), k -> new TreeSet<>()).add(j.get("custom_id").asText());
            }
        }
        assertEquals(Map.of("ft:gpt-4o-mini:org:x", Set.of("s0", "s2"), "ft_gpt-4o-mini_org_x", Set.of("s1", "s3")), idsByModel);
        JsonNode manifest = TestSupport.JSON.readTree(dir.resolve("manifest.json").toFile());
        Set<String> names = new HashSet<>();
        manifest.get("files").forEach(f -> assertTrue(names.add(f.get("file").asText()), "listed twice: " + f));
        assertEquals(2, names.size());
        assertEquals(4, manifest.get("requests").asLong());
    }

    /** Issue 18 defect 5.2: a custom_id equal to another request's hashed id gets a fresh id; nothing is dropped. */
    @Test
    void aCustomIdCollisionGetsAFreshIdAndLosesNoRequest() throws IOException {
        String hashed = BatchIds.anthropicId("a.b");
        assertTrue(hashed.startsWith("r-"), hashed);
        String model = "claude-3-5-haiku-20241022";
        Path log = TestSupport.write(tmp, "collide.jsonl", line("anthropic", model, "a.b", user("one"), 5)
                + line("anthropic", model, hashed, user("two"), 5)
                + line("anthropic", model, "dup", user("three"), 5)
                + line("anthropic", model, "dup", user("three"), 5));
        Path dir = tmp.resolve("collide");
        TestSupport.Run run = TestSupport.cli("analyze", "-q", "--batch-export", dir.toString(), log.toString());
        assertEquals(0, run.code(), run.err());
        Set<String> ids = new HashSet<>();
        Set<String> texts = new TreeSet<>();
        for (Path f : exported(dir)) {
            for (JsonNode j : lines(f)) {
                String id = j.get("custom_id").asText();
                assertTrue(ANTHROPIC_ID.matcher(id).matches(), id);
                assertTrue(ids.add(id), "custom_id twice: " + id);
                texts.add(j.at("/params/messages/0/content").asText());
            }
        }
        assertEquals(Set.of("one", "two", "three"), texts, "the colliding request is written, the duplicate once");
        JsonNode manifest = TestSupport.JSON.readTree(dir.resolve("manifest.json").toFile());
        assertEquals(3, manifest.get("requests").asLong());
        assertEquals(1, manifest.get("duplicate_requests_skipped").asLong());
        assertEquals(1, manifest.get("custom_ids_renamed").asLong());
    }

    /**
     * Issue 18 defect 5.3: messages are kept as text only, so requests with tool calls, tool results or images are
     * counted as not exported with the reason, never written in a shape the provider rejects; max_tokens is capped.
     */
    @Test
    void toolCallsAndImagesAreNotExportedAndMaxTokensIsCapped() throws IOException {
        String oaiTools = "[{\"role\":\"user\",\"content\":\"u\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
                + "[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"res\"},{\"role\":\"user\",\"content\":\"again\"}]";
        String anthTools = "[{\"role\":\"user\",\"content\":\"u\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\","
                + "\"id\":\"t1\",\"name\":\"f\",\"input\":{}}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"t1\",\"content\":\"res\"}]}]";
        String image = "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what is this\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}]";
        Path log = TestSupport.write(tmp, "rich.jsonl", line("openai", "gpt-4o-mini", "tools-oai", oaiTools, 5)
                + line("anthropic", "claude-3-5-haiku-20241022", "tools-anth", anthTools, 5)
                + line("google", "gemini-2.0-flash", "img", image, 5)
                + line("anthropic", "claude-3-5-haiku-20241022", "longout", user("write a lot"), 200_000)
                + line("anthropic", "claude-sonnet-4-5", "long4", user("write a lot"), 200_000)
                + line("openai", "gpt-4o-mini", "plain", user("Summarize"), 5));
        Path dir = tmp.resolve("rich");
        TestSupport.Run run = TestSupport.cli("analyze", "-q", "--batch-export", dir.toString(), log.toString());
        assertEquals(0, run.code(), run.err());
        Map<String, Long> maxTokens = new TreeMap<>();
        Set<String> ids = new TreeSet<>();
        for (Path f : exported(dir)) {
            for (JsonNode j : lines(f)) {
                ids.add(j.has("key") ? j.get("key").asText() : j.get("custom_id").asText());
                if (j.has("params")) {
                    maxTokens.put(j.get("custom_id").asText(), j.at("/params/max_tokens").asLong());
                }
            }
        }
        assertEquals(Set.of("longout", "long4", "plain"), ids);
        assertEquals(Map.of("long4", 64_000L, "longout", 8_192L), maxTokens);
        JsonNode manifest = TestSupport.JSON.readTree(dir.resolve("manifest.json").toFile());
        assertEquals(3, manifest.at("/not_exported/" + BatchExporter.NOT_TEXT.replace("/", "~1")).asLong(), manifest.toString());
        assertEquals(3, manifest.get("not_exported_requests").asLong());
    }

    /** An output line with "response": null and an error object (expired, canceled) names that error, not a missing model. */
    @Test
    void aBatchOutputLineWithNoResponseNamesTheFailedRequestsErrorCode() throws IOException {
        Path log = TestSupport.write(tmp, "batch_failed.jsonl", "{\"id\":\"batch_req_9\",\"custom_id\":\"r9\",\"response\":null,"
                + "\"error\":{\"code\":\"batch_expired\",\"message\":\"This request could not be executed before the completion window expired.\"}}\n"
                + Files.readString(TestSupport.shared("data/litellm-logs/batch/openai_batch_output_out.jsonl")));
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "--input-format", "openai", log.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("batch_failed.jsonl:1: batch request failed: batch_expired"), run.err());
        assertFalse(run.err().contains("missing required field 'model'"), run.err());
        assertEquals(1, run.json().get("requests").asLong(), "the answered line is still read");
        assertEquals(1, run.json().get("bad_lines").asLong());
    }

    /** Issue 18 defect 5.5: an OpenAI batch output line the provider answered with HTTP 400 is skipped for that reason. */
    @Test
    void anErroredBatchOutputLineIsSkippedWithItsRealReason() throws IOException {
        Path log = TestSupport.write(tmp, "batch_out.jsonl", "{\"id\":\"batch_req_3\",\"custom_id\":\"r3\",\"response\":{\"status_code\":400,"
                + "\"request_id\":\"req_3\",\"body\":{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\"}}},\"error\":null}\n");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "--input-format", "openai", log.toString());
        assertTrue(run.err().contains("errored batch request (HTTP 400)"), run.err());
        assertFalse(run.err().contains("'created'"), run.err());
    }
}
