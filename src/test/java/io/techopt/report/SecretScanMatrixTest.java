package io.techopt.report;

import io.techopt.PlantedSecrets;
import io.techopt.PlantedSecrets.Planted;
import io.techopt.TestSupport;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18's secret scan: every credential family (and an e-mail address) planted in every field of every input
 * format, every command run in every report format and output kind, and everything written (report files, stdout,
 * stderr, CSVs, the batch export, the compressed log, the L1 snapshot, Redis keys and values, the semantic index's
 * payloads) scanned for any 12 characters in a row of a planted value. Zero hits.
 */
class SecretScanMatrixTest {
    private static final List<String> REPORT_FORMATS = List.of("table", "json", "csv", "markdown", "html");
    private static final List<String> PROMPTS = List.of("What is the capital of France?", "Summarize the plot of Hamlet briefly.",
            "Translate 'good morning' to German.", "List three prime numbers.");

    @TempDir
    Path tmp;

    /** An input format: its fields (each a place a secret is planted) with clean values, and how a line is made. */
    private record Format(String name, String file, Map<String, Function<Integer, String>> clean, Function<Map<String, String>, String> line,
                          String header) {
    }

    private static String ts(int i) {
        return String.format("2026-10-%02dT%02d:%02d:00Z", 1 + i % 28, i % 24, i % 60);
    }

    private static String j(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static Map<String, Function<Integer, String>> fields(Object... kv) {
        Map<String, Function<Integer, String>> m = new LinkedHashMap<>();
        for (int k = 0; k < kv.length; k += 2) {
            @SuppressWarnings("unchecked") Function<Integer, String> f = (Function<Integer, String>) kv[k + 1];
            m.put((String) kv[k], f);
        }
        return m;
    }

    private static List<Format> formats() {
        List<Format> f = new ArrayList<>();
        f.add(new Format("canonical", "canonical.jsonl", fields(
                "timestamp", (Function<Integer, String>) SecretScanMatrixTest::ts,
                "model", (Function<Integer, String>) i -> "gpt-4o-mini",
                "provider", (Function<Integer, String>) i -> "openai",
                "request_id", (Function<Integer, String>) i -> "can-" + i,
                "user", (Function<Integer, String>) i -> "u" + i % 7,
                "team", (Function<Integer, String>) i -> "team" + i % 3,
                "session_id", (Function<Integer, String>) i -> "s" + i,
                "task_type", (Function<Integer, String>) i -> "summarization",
                "system", (Function<Integer, String>) i -> "You are helpful.",
                "prompt", (Function<Integer, String>) i -> PROMPTS.get(i % PROMPTS.size()),
                "response", (Function<Integer, String>) i -> "Answer " + i % PROMPTS.size(),
                "error", (Function<Integer, String>) i -> "",
                "variant", (Function<Integer, String>) i -> i % 2 == 0 ? "control" : "treatment",
                "metadata", (Function<Integer, String>) i -> "ok",
                "usage_key", (Function<Integer, String>) i -> "output"),
                v -> "{\"timestamp\":\"" + j(v.get("timestamp")) + "\",\"model\":\"" + j(v.get("model")) + "\",\"provider\":\"" + j(v.get("provider"))
                        + "\",\"request_id\":\"" + j(v.get("request_id")) + "\",\"user\":\"" + j(v.get("user")) + "\",\"team\":\"" + j(v.get("team"))
                        + "\",\"session_id\":\"" + j(v.get("session_id")) + "\",\"task_type\":\"" + j(v.get("task_type"))
                        + "\",\"messages\":[{\"role\":\"system\",\"content\":\"" + j(v.get("system")) + "\"},{\"role\":\"user\",\"content\":\""
                        + j(v.get("prompt")) + "\"}],\"response\":\"" + j(v.get("response")) + "\",\"error\":\"" + j(v.get("error"))
                        + "\",\"experiment\":\"exp\",\"variant\":\"" + j(v.get("variant")) + "\",\"quality\":0.8,\"metadata\":{\"note\":\""
                        + j(v.get("metadata")) + "\"},\"usage\":{\"input_tokens\":120,\"" + j(v.get("usage_key")) + "_tokens\":"
                        + (v.get("usage_key").equals("output") ? "30" : "\"x\"") + "},\"latency_ms\":300}", null));
        f.add(new Format("litellm", "litellm.jsonl", fields(
                "timestamp", (Function<Integer, String>) i -> ts(i).replace("T", " ").replace("Z", ".000000"),
                "request_id", (Function<Integer, String>) i -> "lit-" + i,
                "model", (Function<Integer, String>) i -> "gpt-4o-mini",
                "provider", (Function<Integer, String>) i -> "openai",
                "prompt", (Function<Integer, String>) i -> PROMPTS.get(i % PROMPTS.size()),
                "response", (Function<Integer, String>) i -> "Answer " + i % PROMPTS.size(),
                "end_user", (Function<Integer, String>) i -> "eu" + i % 5,
                "team_id", (Function<Integer, String>) i -> "t" + i % 3,
                "session_id", (Function<Integer, String>) i -> "ls" + i,
                "error_str", (Function<Integer, String>) i -> "",
                "key_user", (Function<Integer, String>) i -> "ku" + i % 4,
                "team_alias", (Function<Integer, String>) i -> "alias" + i % 2,
                "metadata", (Function<Integer, String>) i -> "ok"),
                v -> "{\"id\":\"" + j(v.get("request_id")) + "\",\"call_type\":\"completion\",\"startTime\":\"" + j(v.get("timestamp"))
                        + "\",\"endTime\":\"" + j(v.get("timestamp")) + "\",\"model\":\"" + j(v.get("model")) + "\",\"custom_llm_provider\":\""
                        + j(v.get("provider")) + "\",\"status\":\"success\",\"messages\":[{\"role\":\"user\",\"content\":\"" + j(v.get("prompt"))
                        + "\"}],\"response\":{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"" + j(v.get("response"))
                        + "\"}}]},\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20},\"response_cost\":0.0001,\"end_user\":\""
                        + j(v.get("end_user")) + "\",\"team_id\":\"" + j(v.get("team_id")) + "\",\"session_id\":\"" + j(v.get("session_id"))
                        + "\",\"error_str\":\"" + j(v.get("error_str")) + "\",\"metadata\":{\"user_api_key_user_id\":\"" + j(v.get("key_user"))
                        + "\",\"user_api_key_team_alias\":\"" + j(v.get("team_alias")) + "\",\"note\":\"" + j(v.get("metadata")) + "\"}}", null));
        f.add(new Format("langfuse", "langfuse.jsonl", fields(
                "timestamp", (Function<Integer, String>) SecretScanMatrixTest::ts,
                "request_id", (Function<Integer, String>) i -> "lf-" + i,
                "name", (Function<Integer, String>) i -> "chat",
                "model", (Function<Integer, String>) i -> "gpt-4o-mini",
                "user", (Function<Integer, String>) i -> "lu" + i % 6,
                "status_message", (Function<Integer, String>) i -> "",
                "prompt", (Function<Integer, String>) i -> PROMPTS.get(i % PROMPTS.size()),
                "response", (Function<Integer, String>) i -> "Answer " + i % PROMPTS.size(),
                "provider", (Function<Integer, String>) i -> "openai",
                "metadata", (Function<Integer, String>) i -> "ok"),
                v -> "{\"id\":\"" + j(v.get("request_id")) + "\",\"type\":\"GENERATION\",\"traceId\":\"tr-" + j(v.get("request_id"))
                        + "\",\"name\":\"" + j(v.get("name")) + "\",\"model\":\"" + j(v.get("model")) + "\",\"startTime\":\"" + j(v.get("timestamp"))
                        + "\",\"endTime\":\"" + j(v.get("timestamp")) + "\",\"userId\":\"" + j(v.get("user")) + "\",\"level\":\"DEFAULT\",\"statusMessage\":\""
                        + j(v.get("status_message")) + "\",\"input\":[{\"role\":\"user\",\"content\":\"" + j(v.get("prompt"))
                        + "\"}],\"output\":{\"role\":\"assistant\",\"content\":\"" + j(v.get("response"))
                        + "\"},\"usage_details\":{\"input\":100,\"output\":20},\"metadata\":{\"hidden_params\":{\"custom_llm_provider\":\""
                        + j(v.get("provider")) + "\"},\"note\":\"" + j(v.get("metadata")) + "\"}}", null));
        f.add(new Format("otel", "otel.jsonl", fields(
                "service", (Function<Integer, String>) i -> "bot",
                "span_name", (Function<Integer, String>) i -> "chat",
                "provider", (Function<Integer, String>) i -> "openai",
                "model", (Function<Integer, String>) i -> "gpt-4o-mini",
                "request_id", (Function<Integer, String>) i -> "ot-" + i,
                "session_id", (Function<Integer, String>) i -> "os" + i,
                "user", (Function<Integer, String>) i -> "ou" + i % 4,
                "prompt", (Function<Integer, String>) i -> PROMPTS.get(i % PROMPTS.size()),
                "response", (Function<Integer, String>) i -> "Answer " + i % PROMPTS.size(),
                "status_message", (Function<Integer, String>) i -> ""),
                v -> {
                    long ns = Instant.parse("2026-10-01T10:00:00Z").toEpochMilli() * 1_000_000L + Long.parseLong("0" + v.get("#").trim()) * 3_600_000_000_000L;
                    return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[" + attr("service.name", v.get("service")) + "]},\"scopeSpans\":[{\"scope\":{\"name\":\"x\"},"
                            + "\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"" + j(v.get("span_name"))
                            + "\",\"startTimeUnixNano\":\"" + ns + "\",\"endTimeUnixNano\":\"" + (ns + 500_000_000L) + "\",\"attributes\":["
                            + String.join(",", attr("gen_ai.operation.name", "chat"), attr("gen_ai.system", v.get("provider")),
                            attr("gen_ai.request.model", v.get("model")), attr("gen_ai.response.id", v.get("request_id")),
                            "{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"100\"}}",
                            "{\"key\":\"gen_ai.usage.output_tokens\",\"value\":{\"intValue\":\"20\"}}",
                            attr("session.id", v.get("session_id")), attr("user.id", v.get("user")), attr("gen_ai.prompt.0.role", "user"),
                            attr("gen_ai.prompt.0.content", v.get("prompt")), attr("gen_ai.completion.0.role", "assistant"),
                            attr("gen_ai.completion.0.content", v.get("response")))
                            + "],\"status\":{\"code\":1,\"message\":\"" + j(v.get("status_message")) + "\"}}]}]}]}";
                }, null));
        f.add(new Format("openai-batch", "openai-batch.jsonl", fields(
                "request_id", (Function<Integer, String>) i -> "batch_req_" + i,
                "custom_id", (Function<Integer, String>) i -> "c-" + i,
                "response_request_id", (Function<Integer, String>) i -> "rr" + i,
                "body_id", (Function<Integer, String>) i -> "chatcmpl-" + i,
                "model", (Function<Integer, String>) i -> "gpt-4o-mini-2024-07-18",
                "response", (Function<Integer, String>) i -> "Answer " + i % PROMPTS.size(),
                "fingerprint", (Function<Integer, String>) i -> "fp_1"),
                v -> "{\"id\":\"" + j(v.get("request_id")) + "\",\"custom_id\":\"" + j(v.get("custom_id")) + "\",\"response\":{\"status_code\":200,"
                        + "\"request_id\":\"" + j(v.get("response_request_id")) + "\",\"body\":{\"id\":\"" + j(v.get("body_id"))
                        + "\",\"object\":\"chat.completion\",\"created\":" + (1790000000L + Long.parseLong(v.get("#").trim()) * 3600) + ",\"model\":\""
                        + j(v.get("model")) + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + j(v.get("response"))
                        + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20,\"total_tokens\":120},"
                        + "\"system_fingerprint\":\"" + j(v.get("fingerprint")) + "\"}},\"error\":null}", null));
        f.add(new Format("csv", "usage.csv", fields(
                "timestamp", (Function<Integer, String>) SecretScanMatrixTest::ts,
                "model", (Function<Integer, String>) i -> "gpt-4o-mini",
                "provider", (Function<Integer, String>) i -> "openai",
                "user", (Function<Integer, String>) i -> "cu" + i % 5,
                "team", (Function<Integer, String>) i -> "ct" + i % 2,
                "session_id", (Function<Integer, String>) i -> "cs" + i,
                "task_type", (Function<Integer, String>) i -> "classification",
                "request_id", (Function<Integer, String>) i -> "csv-" + i,
                "status", (Function<Integer, String>) i -> "ok",
                "input_tokens", (Function<Integer, String>) i -> "100",
                "note", (Function<Integer, String>) i -> "fine"),
                v -> String.join(",", Stream.of("timestamp", "model", "provider", "user", "team", "session_id", "task_type", "request_id", "status",
                        "input_tokens", "note").map(k -> csv(v.get(k))).toList()) + ",20",
                "timestamp,model,provider,user,team,session_id,task_type,request_id,status,input_tokens,note,output_tokens"));
        return f;
    }

    private static String attr(String k, String v) {
        return "{\"key\":\"" + k + "\",\"value\":{\"stringValue\":\"" + j(v) + "\"}}";
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Writes every format's log: clean lines (repeated prompts, so caches get entries), then one line per family x field. */
    private int writeLogs(List<Format> formats, List<Path> files) throws IOException {
        int fields = 0;
        for (Format f : formats) {
            StringBuilder b = new StringBuilder();
            if (f.header() != null) {
                b.append(f.header()).append('\n');
            }
            int n = 0;
            for (int k = 0; k < 40; k++, n++) {
                b.append(f.line().apply(values(f, n, null, null))).append('\n');
            }
            for (String field : f.clean().keySet()) {
                for (Planted p : PlantedSecrets.ALL) {
                    b.append(f.line().apply(values(f, n++, field, p.text()))).append('\n');
                }
            }
            fields += f.clean().size();
            Path file = tmp.resolve("in").resolve(f.file());
            Files.createDirectories(file.getParent());
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
            files.add(file);
        }
        return fields;
    }

    private static Map<String, String> values(Format f, int n, String field, String planted) {
        Map<String, String> v = new LinkedHashMap<>();
        f.clean().forEach((k, fn) -> v.put(k, fn.apply(n)));
        v.put("#", Integer.toString(n));
        if (field != null) {
            v.put(field, planted);
        }
        return v;
    }

    private record Written(String where, String text) {
    }

    @Test
    void noPlantedSecretIsWrittenAnywhere() throws Exception {
        String redisUrl = System.getenv("TECHOPT_TEST_REDIS_URL");
        // bin/test always provides one; a plain `mvn test` has no redis to scan
        TestSupport.needs(redisUrl != null, "needs TECHOPT_TEST_REDIS_URL (bin/test starts a redis-server for this test)");
        List<Format> formats = formats();
        List<Path> inputs = new ArrayList<>();
        int fields = writeLogs(formats, inputs);
        String[] in = inputs.stream().map(Path::toString).toArray(String[]::new);
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        String namespace = "secretscan" + System.nanoTime();
        List<Written> written = new ArrayList<>();
        Set<String> commands = new LinkedHashSet<>(), outputs = new LinkedHashSet<>();

        // every format file must actually be read, or planting in it proves nothing
        TestSupport.Run probe = TestSupport.cli(concat(List.of("analyze", "-f", "json", "-q"), in));
        assertEquals(0, probe.code(), probe.err());
        assertEquals(formats.size(), probe.json().get("inputs").size(), probe.out());

        for (String fmt : REPORT_FORMATS) {
            boolean first = fmt.equals("json");
            run(written, commands, outputs, "analyze", fmt, out, first
                    ? List.of("--group-by", "user", "--group-by", "team+session", "--group-by", "model+provider", "--group-by", "task_type",
                    "--semantic-cache", "hash", "--batch-export", out.resolve("batch-export").toString())
                    : List.of("--group-by", "user", "--group-by", "team+session", "--group-by", "model+provider", "--group-by", "task_type"), in);
            run(written, commands, outputs, "compress", fmt, out, first ? List.of("--write", out.resolve("compressed.jsonl").toString()) : List.of(), in);
            run(written, commands, outputs, "budget", fmt, out, List.of(), in);
            run(written, commands, outputs, "cache-warm", fmt, out, first
                    ? List.of("--min-count", "1", "--embedder", "hash", "--namespace", namespace, "--l1-snapshot", out.resolve("l1.jsonl").toString(),
                    "--redis", redisUrl, "--index", out.resolve("index").toString())
                    : List.of("--min-count", "1", "--embedder", "hash", "--dry-run"), in);
            run(written, commands, outputs, "cache-warm simulate", fmt, out, List.of("--embedder", "hash"), in);
            run(written, commands, outputs, "route-sim", fmt, out, List.of(), in);
            run(written, commands, outputs, "ab-report", fmt, out, List.of("--experiment", "exp"), in);
            run(written, commands, outputs, "cost-forecast", fmt, out, first
                    ? List.of("--focus-csv", out.resolve("focus.csv").toString(), "--forecast-csv", out.resolve("forecast.csv").toString(),
                    "--by", "user")
                    : List.of("--by", "user"), in);
        }
        // the files the runs wrote besides their reports
        for (String extra : List.of("compressed.jsonl", "l1.jsonl", "focus.csv", "forecast.csv")) {
            Path p = out.resolve(extra);
            assertTrue(Files.exists(p), extra + " was written");
            written.add(new Written(extra, Files.readString(p)));
            outputs.add(extra);
        }
        try (Stream<Path> s = Files.walk(out.resolve("batch-export"))) {
            List<Path> exported = s.filter(Files::isRegularFile).toList();
            assertFalse(exported.isEmpty(), "the batch export wrote files");
            for (Path p : exported) {
                written.add(new Written("batch-export/" + p.getFileName(), Files.readString(p)));
            }
            outputs.add("batch-export files");
        }
        assertFalse(Files.readString(out.resolve("l1.jsonl")).isBlank(), "the L1 snapshot has entries (clean prompts)");
        assertFalse(Files.readString(out.resolve("compressed.jsonl")).isBlank());
        // Redis: every key and value under the run's namespace
        StringBuilder keys = new StringBuilder(), values = new StringBuilder();
        try (Jedis redis = new Jedis(URI.create(redisUrl))) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(namespace + "*").count(1000));
                for (String k : page.getResult()) {
                    keys.append(k).append('\n');
                    String type = redis.type(k);
                    values.append(type.equals("string") ? redis.get(k) : type.equals("hash") ? redis.hgetAll(k).toString() : type).append('\n');
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        assertFalse(keys.isEmpty(), "Redis holds the warmed clean prompts");
        written.add(new Written("redis keys", keys.toString()));
        written.add(new Written("redis values", values.toString()));
        outputs.add("redis keys");
        outputs.add("redis values");
        // the semantic index: every stored field of every document
        StringBuilder payloads = new StringBuilder();
        int docs = 0;
        try (FSDirectory dir = FSDirectory.open(out.resolve("index")); DirectoryReader r = DirectoryReader.open(dir)) {
            for (int d = 0; d < r.maxDoc(); d++) {
                for (IndexableField f : r.storedFields().document(d)) {
                    payloads.append(f.stringValue() != null ? f.stringValue()
                            : f.binaryValue() != null ? f.binaryValue().utf8ToString() : "").append('\n');
                }
                docs++;
            }
        }
        assertTrue(docs > 0, "the index holds the warmed clean prompts");
        written.add(new Written("index payloads", payloads.toString()));
        outputs.add("index payloads");
        // and the index directory's raw files too (checkpoint and anything stored uncompressed)
        try (Stream<Path> s = Files.walk(out.resolve("index"))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                written.add(new Written("index file " + p.getFileName(), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)));
            }
        }

        Map<String, String> windows = PlantedSecrets.windows();
        List<String> hits = new ArrayList<>();
        long bytes = 0;
        for (Written w : written) {
            bytes += w.text().length();
            hits.addAll(PlantedSecrets.hits(w.where(), w.text(), windows));
        }
        int families = PlantedSecrets.ALL.size();
        System.out.printf("secret scan: %d families x %d fields (%d input formats) x %d commands x %d output kinds = %,d combinations; "
                        + "%d outputs scanned (%,d chars), %d hits%n", families, fields, formats.size(), commands.size(), outputs.size(),
                (long) families * fields * commands.size() * outputs.size(), written.size(), bytes, hits.size());
        assertTrue(hits.isEmpty(), hits.size() + " leaks:\n" + String.join("\n", hits.subList(0, Math.min(hits.size(), 60))));
    }

    private static String[] concat(List<String> head, String[] tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    private static void run(List<Written> written, Set<String> commands, Set<String> outputs, String command, String fmt, Path out,
                            List<String> extra, String[] in) throws IOException {
        Path report = out.resolve(command.replace(' ', '-') + "." + fmt);
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("-f", fmt, "-o", report.toString()));
        args.addAll(extra);
        long t0 = System.nanoTime();
        // csv writes one table a run: every table's file lands in run.out() (the report file holds the last one)
        TestSupport.Run run = TestSupport.cliWithEveryCsvTable(concat(args, in));
        System.out.printf("secret scan: %s -f %s took %d ms%n", command, fmt, (System.nanoTime() - t0) / 1_000_000);
        assertTrue(run.code() == 0 || run.code() == 4, command + " " + fmt + " exit " + run.code() + ": " + run.err());
        assertTrue(Files.size(report) > 0, command + " wrote its report");
        commands.add(command);
        outputs.add("report." + fmt);
        outputs.add("stdout");
        outputs.add("stderr");
        written.add(new Written(command + " " + fmt + " report", Files.readString(report)));
        written.add(new Written(command + " " + fmt + " stdout", run.out()));
        written.add(new Written(command + " " + fmt + " stderr", run.err()));
    }
}
