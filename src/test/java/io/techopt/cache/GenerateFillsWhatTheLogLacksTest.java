package io.techopt.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.techopt.TestSupport;
import io.techopt.contract.JsonSchemas;
import io.techopt.core.Message;
import io.techopt.core.Usage;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.Pricer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * cache-warm --generate against a loopback OpenAI-compatible server that answers, throttles, fails and counts the
 * calls: only the selected prompts the log left unanswered are asked, the answers land in the cache under the
 * prompts' keys, retries are counted, the spending cap is never passed, and the key never reaches any output.
 */
class GenerateFillsWhatTheLogLacksTest {
    static final String MODEL = "gpt-4o-mini";

    @TempDir
    Path tmp;

    HttpServer server;
    java.util.concurrent.ExecutorService serverThreads;
    String base;
    final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger calls = new AtomicInteger();
    /** What the server does with the n-th call (from 1) and its body: status, extra headers, body. */
    volatile Function<Call, Reply> behaviour = c -> Reply.answer(c, 20, 10, "stop");

    record Call(int n, JsonNode body, String authorization) {
        String question() {
            JsonNode m = body.path("messages");
            return m.path(m.size() - 1).path("content").asText();
        }
    }

    record Reply(int status, Map<String, String> headers, String body, long sleepMs) {
        static Reply answer(Call c, long promptTokens, long completionTokens, String finish) {
            return answer(c, "An answer to: " + c.question(), promptTokens, completionTokens, finish);
        }

        static Reply answer(Call c, String text, long promptTokens, long completionTokens, String finish) {
            ObjectNode o = TestSupport.JSON.createObjectNode().put("id", "chatcmpl-" + c.n()).put("model", c.body().path("model").asText());
            ObjectNode choice = o.putArray("choices").addObject().put("index", 0).put("finish_reason", finish);
            choice.putObject("message").put("role", "assistant").put("content", text);
            o.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                    .put("total_tokens", promptTokens + completionTokens);
            return new Reply(200, Map.of(), o.toString(), 0);
        }

        static Reply status(int status, String body, Map<String, String> headers) {
            return new Reply(status, headers, body, 0);
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serverThreads = java.util.concurrent.Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "loopback-llm");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(serverThreads);
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        JsonNode body = TestSupport.JSON.readTree(ex.getRequestBody().readAllBytes());
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        bodies.add(body);
        authorizations.add(String.valueOf(auth));
        Reply r = behaviour.apply(new Call(calls.incrementAndGet(), body, auth));
        // the whole delay even if the server's thread is interrupted meanwhile: a test timing the wait relies on it
        long until = System.nanoTime() + r.sleepMs() * 1_000_000L;
        boolean interrupted = false;
        for (long left; (left = until - System.nanoTime()) > 0; ) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000L));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            ex.getResponseBody().write(out);
        }
        ex.close();
    }

    /** A log line: a user question, its answer or none, logged at minute m. */
    static String line(String id, int minute, String question, String answer) {
        ObjectNode o = TestSupport.JSON.createObjectNode().put("timestamp", String.format("2026-10-01T10:%02d:00Z", minute))
                .put("model", MODEL).put("request_id", id);
        o.putArray("messages").addObject().put("role", "user").put("content", question);
        if (answer != null) {
            o.put("response", answer);
        }
        o.putObject("usage").put("input_tokens", 12).put("output_tokens", answer == null ? 0 : 30);
        return o.toString();
    }

    /** Each question asked twice, unanswered unless an answer is given. */
    Path log(String... questionsAndAnswers) throws IOException {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (int i = 0; i < questionsAndAnswers.length; i += 2) {
            for (int k = 0; k < 2; k++, n++) {
                b.append(line("r" + n, n, questionsAndAnswers[i], questionsAndAnswers[i + 1])).append('\n');
            }
        }
        return TestSupport.write(tmp, "log-" + System.nanoTime() + ".jsonl", b.toString());
    }

    static String key(String question) {
        return CacheKey.of("techopt", MODEL, List.of(new Message("user", question)));
    }

    static Map<String, String> snapshot(Path file) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String l : Files.readAllLines(file)) {
            JsonNode o = TestSupport.JSON.readTree(l);
            m.put(o.path("key").asText(), o.path("response").asText());
        }
        return m;
    }

    TestSupport.Run warm(Path log, String... more) {
        List<String> a = new ArrayList<>(List.of("cache-warm", log.toString(), "-f", "json", "-q"));
        a.addAll(List.of(more));
        return TestSupport.cli(a.toArray(String[]::new));
    }

    static void schemaValid(JsonNode j) {
        assertEquals(List.of(), JsonSchemas.violations("cache-warm", j));
    }

    @Test
    void onlyTheUnansweredPromptsAreAskedAndTheirAnswersAreWrittenUnderTheirKeys() throws Exception {
        Path log = log("What is a vector database?", null, "How do I rotate a log file?", null,
                "What is a token?", "A piece of text.", "Write to ana.private@corp.example.org about the refund", null,
                "Why is sk-proj-Vb7nM2qW9eR4tY6uI1oP3aS5dF8gH0jKl2zX4cV6bN8m rejected?", null);
        Path before = tmp.resolve("before.jsonl");
        TestSupport.Run plain = warm(log, "--l1-snapshot", before.toString());
        assertEquals(0, plain.code(), plain.err());
        assertEquals(Map.of(key("What is a token?"), "A piece of text."), snapshot(before), "without --generate: the logged answer alone");
        assertFalse(plain.json().has("generate"), "the section comes with --generate");
        assertEquals(0, calls.get());

        Path snap = tmp.resolve("snap.jsonl");
        TestSupport.Run r = warm(log, "--l1-snapshot", snap.toString(), "--generate", "--endpoint", base, "--max-usd", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode g = r.json().get("generate");
        assertEquals(2, calls.get(), "the two unanswered prompts, once each; never one holding an e-mail address or a key");
        for (JsonNode b : bodies) {
            assertEquals(MODEL, b.path("model").asText());
            assertEquals(1024, b.path("max_tokens").asInt());
            assertFalse(b.toString().contains("@corp.example.org") || b.toString().contains("Vb7nM2qW9eR4"), b.toString());
        }
        assertEquals(Map.of(key("What is a token?"), "A piece of text.",
                key("What is a vector database?"), "An answer to: What is a vector database?",
                key("How do I rotate a log file?"), "An answer to: How do I rotate a log file?"), snapshot(snap));
        assertEquals(3, r.json().at("/written/l1_snapshot").asLong());
        assertEquals(2, g.get("needing_answer").asLong());
        assertEquals(2, g.get("asked").asLong());
        assertEquals(2, g.get("generated").asLong());
        assertEquals(0, g.get("retries").asLong());
        assertEquals(0, g.get("failed").asLong());
        assertEquals(0, g.get("stopped_by_cap").asLong());
        assertEquals(40, g.get("input_tokens").asLong());
        assertEquals(20, g.get("output_tokens").asLong());
        double each = new Pricer(PriceBook.builtin(), null).cost(MODEL, null, System.currentTimeMillis(), new Usage(20, 0, 0, 0, 10, 0), false);
        assertEquals(2 * each, g.get("spent_usd").asDouble(), 1e-12);
        assertEquals("127.0.0.1:" + server.getAddress().getPort(), g.get("endpoint").asText());
        schemaValid(r.json());
    }

    /**
     * Review r21 L3: every model was sent max_tokens; OpenAI's reasoning models (o1, o3, o4-mini, gpt-5: the sample logs
     * o4-mini) refuse it ("Use 'max_completion_tokens' instead"), so each such prompt failed. They get
     * max_completion_tokens (which bounds their reasoning tokens too); other models keep max_tokens, which
     * OpenAI-compatible servers know.
     */
    @Test
    void openAisReasoningModelsAreSentMaxCompletionTokensAndOthersMaxTokens() throws Exception {
        Path log = log("What is a vector database?", null);
        for (String model : List.of("o4-mini", "o3", "o1", "gpt-5.1", MODEL, "gpt-4.1")) {
            bodies.clear();
            TestSupport.Run r = warm(log, "--generate", "--endpoint", base, "--max-usd", "1", "--max-tokens", "300", "--model", model,
                    "--l1-snapshot", tmp.resolve("s-" + model + ".jsonl").toString());
            assertEquals(0, r.code(), model + ": " + r.err());
            assertEquals(1, bodies.size(), model);
            JsonNode b = bodies.get(0);
            boolean reasoning = !List.of(MODEL, "gpt-4.1").contains(model);
            assertEquals(reasoning ? 300 : -1, b.path("max_completion_tokens").asInt(-1), model + ": " + b);
            assertEquals(reasoning ? -1 : 300, b.path("max_tokens").asInt(-1), model + ": " + b);
        }
        for (String dated : List.of("o3-2025-04-16", "openai/o4-mini", "gpt-5-mini", "O1-preview")) {
            assertEquals("max_completion_tokens", AnswerGenerator.maxTokensField(dated), dated);
        }
        for (String other : List.of("gpt-4o", "omni-moderation", "llama-3.1-8b", "gpt-50", "claude-sonnet-4-5")) {
            assertEquals("max_tokens", AnswerGenerator.maxTokensField(other), other);
        }
    }

    /**
     * The nightly re-run of the same log: the prompts are still unanswered in the log, but the snapshot the last run
     * wrote holds their answers. Asking again paid for the same answers every night.
     */
    @Test
    void aReRunTakesTheAnswersTheLastRunWroteInsteadOfPayingAgain() throws Exception {
        Path log = log("What is a vector database?", null, "How do I rotate a log file?", null, "What is a token?", "A piece of text.");
        Path snap = tmp.resolve("snap.jsonl");
        String[] args = {"--l1-snapshot", snap.toString(), "--generate", "--endpoint", base, "--max-usd", "1"};
        TestSupport.Run first = warm(log, args);
        assertEquals(0, first.code(), first.err());
        assertEquals(2, calls.get());
        Map<String, String> written = snapshot(snap);
        assertEquals(3, written.size());

        TestSupport.Run dry = warm(log, "--l1-snapshot", snap.toString(), "--generate", "--endpoint", base, "--max-usd", "1", "--dry-run");
        assertEquals(2, dry.json().at("/generate/reused").asLong());
        assertEquals(0, dry.json().at("/generate/worst_case_usd").asDouble(), "nothing left to ask");
        TestSupport.Run again = warm(log, args);
        assertEquals(0, again.code(), again.err());
        assertEquals(2, calls.get(), "no call: the answers came from the snapshot");
        JsonNode g = again.json().get("generate");
        assertEquals(2, g.get("needing_answer").asLong());
        assertEquals(2, g.get("reused").asLong());
        assertEquals(0, g.get("asked").asLong());
        assertEquals(0, g.get("spent_usd").asDouble());
        assertEquals(written, snapshot(snap), "the same answers, their TTL renewed");
        schemaValid(again.json());
        // review r21 L7: a damaged line was dropped without a word and its answer bought again; now a warning names it
        List<String> lines = new ArrayList<>(Files.readAllLines(snap));
        int damaged = 0;
        while (!lines.get(damaged).contains(key("What is a vector database?"))) {
            damaged++;
        }
        lines.set(damaged, "{\"key\": \"broken");
        Files.write(snap, lines);
        TestSupport.Run repaired = warm(log, args);
        assertEquals(0, repaired.code(), repaired.err());
        assertEquals(3, calls.get(), "only the damaged line's answer asked again");
        assertTrue(repaired.err().contains("warning: --l1-snapshot " + snap + ": line " + (damaged + 1) + " "), repaired.err());
        assertTrue(repaired.json().get("notes").toString().contains("line " + (damaged + 1)), repaired.json().get("notes").toString());
        assertEquals(written, snapshot(snap), "rewritten whole");
    }

    /**
     * Review r21 L2: the summary timed the asking step from its first finished call, so 8 minutes of a hanging endpoint
     * read "asking ... for answers in 0.0 s". The step is timed from its start: a 1.2 s answer shows at least 1.2 s.
     */
    @Test
    void theSummaryTimesTheAskingFromItsStart() throws Exception {
        Path log = log("What is a vector database?", null);
        java.util.concurrent.atomic.AtomicLong answeredAfterNanos = new java.util.concurrent.atomic.AtomicLong();
        long t0 = System.nanoTime();
        behaviour = c -> {
            Reply a = Reply.answer(c, 20, 10, "stop");
            answeredAfterNanos.set(System.nanoTime() - t0); // the request's arrival, measured from before the run
            return new Reply(a.status(), a.headers(), a.body(), 1200);
        };
        System.setProperty("techopt.progress.summaryAfterMs", "0");
        try {
            TestSupport.Run r = TestSupport.cli("cache-warm", log.toString(), "-f", "json", "--generate", "--endpoint", base,
                    "--max-usd", "1", "--l1-snapshot", tmp.resolve("s.jsonl").toString());
            long runNanos = System.nanoTime() - t0;
            assertEquals(0, r.code(), r.err());
            assertEquals(1, calls.get(), r.err());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("for answers[^;]* in (\\d+\\.\\d) s").matcher(r.err());
            assertTrue(m.find(), r.err());
            // the server held its answer 1.2 s: the run lasted at least that from the request's arrival (said if not)
            String timing = String.format(java.util.Locale.ROOT, "request arrived %.3f s into a %.3f s run; ", answeredAfterNanos.get() / 1e9, runNanos / 1e9);
            assertTrue(runNanos - answeredAfterNanos.get() >= 1_150_000_000L, timing + r.err());
            assertTrue(Double.parseDouble(m.group(1)) >= 1.2, timing + r.err());
        } finally {
            System.clearProperty("techopt.progress.summaryAfterMs");
        }
    }

    /**
     * The cause of theSummaryTimesTheAskingFromItsStart's failures under load ("asking ... in 0.0 s" after a 1.2 s wait):
     * a call's last progress report came after it settled its reservation, and settling lets run() return, so the run
     * could end (and the summary be written) before the report saying the step was done. Every report is in before run()
     * returns: here the last one takes 300 ms to arrive.
     */
    @Test
    void everyProgressReportOfTheAskingArrivesBeforeTheRunReturns() throws Exception {
        AnswerGenerator g = new AnswerGenerator(new AnswerGenerator.Settings(base, null, null, 50, 1.0, 1, false),
                new Pricer(PriceBook.builtin(), null), new io.techopt.http.HttpCaller(java.time.Duration.ofSeconds(10),
                new io.techopt.http.RetryingCaller(1, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1),
                        java.time.Duration.ofMillis(1), null, io.techopt.http.RateLimiter.Clock.SYSTEM), null));
        String q = "What is a vector database?";
        List<Message> m = List.of(new Message("user", q));
        WarmPlanner.Entry e = new WarmPlanner.Entry(new CacheRequest(key(q), "techopt", q), MODEL, null, 2, 0.001, 0, 1, m, "openai");
        List<Long> reported = Collections.synchronizedList(new ArrayList<>());
        AnswerGenerator.Outcome o = g.run(List.of(e), 0, (stage, done, total) -> {
            if (done == total) { // 300 ms, even if the run ends the worker's pool meanwhile
                long until = System.nanoTime() + 300_000_000L;
                boolean interrupted = false;
                for (long left; (left = until - System.nanoTime()) > 0; ) {
                    try {
                        Thread.sleep(Math.max(1, left / 1_000_000L));
                    } catch (InterruptedException x) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            reported.add(done);
        });
        assertEquals(1, o.report().generated(), o.notes().toString());
        assertEquals(List.of(0L, 1L), List.copyOf(reported), "the step's reports when run() returned");
    }

    @Test
    void aThrottledThenFailingEndpointIsRetriedAndTheRetriesAreCounted() throws Exception {
        Path log = log("What is a vector database?", null, "How do I rotate a log file?", null);
        behaviour = c -> switch (c.n()) {
            case 1 -> Reply.status(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "1"));
            case 2, 3 -> Reply.status(500, "{\"error\":{\"message\":\"upstream hiccup\"}}", Map.of());
            default -> Reply.answer(c, 20, 10, "stop");
        };
        Path snap = tmp.resolve("snap.jsonl");
        long t0 = System.nanoTime();
        TestSupport.Run r = warm(log, "--l1-snapshot", snap.toString(), "--generate", "--endpoint", base + "/v1", "--max-usd", "1",
                "--parallel", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode g = r.json().get("generate");
        assertEquals(5, calls.get(), "a 429 and two 500s retried, then two answers");
        assertEquals(3, g.get("retries").asLong());
        assertEquals(2, g.get("generated").asLong());
        assertEquals(0, g.get("failed").asLong());
        assertTrue(System.nanoTime() - t0 >= TimeUnit.SECONDS.toNanos(1), "Retry-After: 1 was waited for");
        assertEquals(2, snapshot(snap).size());
        schemaValid(r.json());
    }

    /** The most a call may cost, as AnswerGenerator bounds it: every prompt byte a token plus the template's allowance. */
    /**
     * Review r20g M2: 429s that name their wait (Retry-After) counted as failures of the circuit breaker, so a burst
     * of throttling opened it and ended the run. Throttling is not failure: the caller waits as told.
     */
    @Test
    void throttlingWithRetryAfterNeverOpensTheBreaker() throws Exception {
        behaviour = c -> c.n() <= 6 ? Reply.status(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "0"))
                : Reply.answer(c, 20, 10, "stop");
        Path log = log("What is a vector database?", null, "How do I rotate a log file?", null);
        TestSupport.Run r = warm(log, "--generate", "--endpoint", base, "--max-usd", "1", "--parallel", "1",
                "--l1-snapshot", tmp.resolve("s.jsonl").toString());
        JsonNode g = r.json().get("generate");
        assertEquals(0, g.get("stopped_by_failure").asLong(), g.toString());
        assertEquals(2, g.get("asked").asLong(), g.toString());
        assertEquals(1, g.get("failed").asLong(), "the first prompt got 429 four times: " + g);
        assertEquals(1, g.get("generated").asLong(), g.toString());
        assertEquals(7, calls.get());
    }

    static double worstCase(Pricer p, String question, int maxTokens) {
        long prompt = AnswerGenerator.worstPromptTokens(List.of(new Message("user", question)));
        double w = 0;
        for (Usage u : List.of(new Usage(prompt, 0, 0, 0, maxTokens, 0), new Usage(0, 0, prompt, 0, maxTokens, 0), new Usage(0, 0, 0, prompt, maxTokens, 0))) {
            w = Math.max(w, p.cost(MODEL, null, System.currentTimeMillis(), u, false));
        }
        return w;
    }

    @Test
    void theCapIsNeverPassedEvenWhenEveryCallCostsItsWorstCase() throws Exception {
        String[] qa = new String[10];
        for (int i = 0; i < 5; i++) {
            qa[2 * i] = "Explain checksum algorithm number " + i + " briefly.";
        }
        Path log = log(qa);
        Pricer pricer = new Pricer(PriceBook.builtin(), null);
        // the server bills every call at its bound: all prompt bytes as tokens, max_tokens out, as slowly as possible
        behaviour = c -> {
            long prompt = AnswerGenerator.worstPromptTokens(List.of(new Message("user", c.question())));
            Reply a = Reply.answer(c, prompt, c.body().path("max_tokens").asLong(), "stop");
            return new Reply(a.status(), a.headers(), a.body(), 300);
        };
        double w = worstCase(pricer, qa[0], 200);
        double cap = 2.5 * w;
        TestSupport.Run r = warm(log, "--generate", "--endpoint", base, "--max-usd", String.valueOf(cap), "--max-tokens", "200",
                "--parallel", "4", "--l1-snapshot", tmp.resolve("s.jsonl").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode g = r.json().get("generate");
        assertEquals(2, calls.get(), "two worst cases fit under 2.5 of them; a third would pass the cap, even with 4 in flight");
        assertEquals(2, g.get("asked").asLong());
        assertEquals(3, g.get("stopped_by_cap").asLong());
        assertTrue(g.get("spent_usd").asDouble() <= cap, g.toString());
        assertEquals(2 * w, g.get("spent_usd").asDouble(), 1e-12);
        assertTrue(r.json().get("notes").toString().contains("generate.stopped_by_cap"), r.json().get("notes").toString());
        schemaValid(r.json());
    }

    /**
     * Review r21 H2: a 200 answer with a Retry-After of 20+ digits threw NumberFormatException out of the call after the
     * server had answered (and billed): each such call was charged $0, so 20 answered calls spent 4.1x the cap while the
     * report said spent_usd 0.0. An unreadable wait is ignored, and a call sent is charged whatever fails after.
     */
    @Test
    void anAnswerWithAnAbsurdRetryAfterIsChargedAndKeepsTheCap() throws Exception {
        String[] qa = new String[10];
        for (int i = 0; i < 5; i++) {
            qa[2 * i] = "Explain checksum algorithm number " + i + " briefly.";
        }
        Path log = log(qa);
        Pricer pricer = new Pricer(PriceBook.builtin(), null);
        behaviour = c -> {
            long prompt = AnswerGenerator.worstPromptTokens(List.of(new Message("user", c.question())));
            Reply a = Reply.answer(c, prompt, c.body().path("max_tokens").asLong(), "stop");
            return new Reply(a.status(), Map.of("Retry-After", "99999999999999999999999"), a.body(), 0);
        };
        double w = worstCase(pricer, qa[0], 200);
        double cap = 2.5 * w;
        TestSupport.Run r = warm(log, "--generate", "--endpoint", base, "--max-usd", String.valueOf(cap), "--max-tokens", "200",
                "--parallel", "1", "--l1-snapshot", tmp.resolve("s.jsonl").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode g = r.json().get("generate");
        assertEquals(2, calls.get(), "two worst cases fit under the cap: " + g);
        assertEquals(2, g.get("generated").asLong(), g.toString());
        assertEquals(0, g.get("failed").asLong(), g.toString());
        assertEquals(2 * w, g.get("spent_usd").asDouble(), 1e-12);
    }

    /**
     * On the bundled sample with --max-usd 0.01 nothing was asked: the best-ranked unanswered prompt is a long one of
     * a dear model whose worst case alone passes the cap, and it ended the asking for the cheaper prompts after it.
     */
    @Test
    void aPromptTooDearForTheCapIsPassedOverAndCheaperOnesAreStillAsked() throws Exception {
        StringBuilder b = new StringBuilder();
        String dear = "Compare the consistency models of three distributed databases in depth.";
        String[] cheap = {"What is a vector database?", "How do I rotate a log file?"};
        for (int k = 0; k < 2; k++) {
            b.append(line("d" + k, k, dear, null).replace("\"" + MODEL + "\"", "\"gpt-4o\"")).append('\n');
            for (int i = 0; i < cheap.length; i++) {
                b.append(line("c" + i + k, 10 + 2 * i + k, cheap[i], null)).append('\n');
            }
        }
        Path log = TestSupport.write(tmp, "dear-first.jsonl", b.toString());
        TestSupport.Run dry = warm(log, "--generate", "--endpoint", base, "--max-usd", "1", "--dry-run");
        assertEquals("gpt-4o", dry.json().at("/top/0/model").asText(), "the dear prompt ranks first");
        Pricer pricer = new Pricer(PriceBook.builtin(), null);
        double dearWorst = 0;
        for (Usage u : List.of(new Usage(AnswerGenerator.worstPromptTokens(List.of(new Message("user", dear))), 0, 0, 0, 1000, 0))) {
            dearWorst = pricer.cost("gpt-4o", null, System.currentTimeMillis(), u, false);
        }
        double cap = (worstCase(pricer, cheap[0], 1000) + worstCase(pricer, cheap[1], 1000)) * 1.01;
        assertTrue(dearWorst > cap, "the dear prompt alone passes the cap");
        TestSupport.Run r = warm(log, "--generate", "--endpoint", base, "--max-usd", String.valueOf(cap), "--max-tokens", "1000",
                "--parallel", "1", "--l1-snapshot", tmp.resolve("s.jsonl").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode g = r.json().get("generate");
        assertEquals(2, calls.get(), g.toString());
        assertTrue(bodies.stream().allMatch(x -> x.path("model").asText().equals(MODEL)), "never the dear one");
        assertEquals(1, g.get("stopped_by_cap").asLong());
        assertEquals(2, g.get("generated").asLong());
        assertTrue(g.get("spent_usd").asDouble() <= cap);
    }

    @Test
    void cheapAnswersLetMoreCallsThroughButNoneWhoseWorstCaseWouldPassTheCap() throws Exception {
        String[] qa = new String[16];
        for (int i = 0; i < 8; i++) {
            qa[2 * i] = "Explain sorting algorithm number " + i + " briefly.";
        }
        Path log = log(qa);
        Pricer pricer = new Pricer(PriceBook.builtin(), null);
        double actual = pricer.cost(MODEL, null, System.currentTimeMillis(), new Usage(20, 0, 0, 0, 10, 0), false);
        double w = worstCase(pricer, qa[0], 500);
        double cap = w + 3.5 * actual; // the 1st to 4th calls fit (3 settled at `actual` plus one worst case); the 5th does not
        TestSupport.Run r = warm(log, "--generate", "--endpoint", base, "--max-usd", String.valueOf(cap), "--max-tokens", "500",
                "--parallel", "3", "--dry-run");
        assertEquals(0, calls.get(), "--dry-run asks nothing");
        JsonNode d = r.json().get("generate");
        assertEquals(8, d.get("needing_answer").asLong());
        assertTrue(d.get("asked").isNull() && d.get("spent_usd").isNull());
        assertEquals(8 * w, d.get("worst_case_usd").asDouble(), 1e-12);
        schemaValid(r.json());

        r = warm(log, "--generate", "--endpoint", base, "--max-usd", String.valueOf(cap), "--max-tokens", "500", "--parallel", "3",
                "--l1-snapshot", tmp.resolve("s.jsonl").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode g = r.json().get("generate");
        double spent = g.get("spent_usd").asDouble();
        assertEquals(4, calls.get());
        assertEquals(4 * actual, spent, 1e-12);
        assertTrue(spent <= cap && spent + w > cap, "the next call's worst case would have passed the cap: " + g);
        assertEquals(4, g.get("stopped_by_cap").asLong());
        assertEquals(4, snapshot(tmp.resolve("s.jsonl")).size());
    }

    @Test
    void cutOrPersonalAnswersAreNotCached() throws Exception {
        Path log = log("How do I rotate a log file?", null, "Tell me a long story about a lighthouse.", null,
                "Who handles refunds at the shop?", null);
        behaviour = c -> c.question().contains("story") ? Reply.answer(c, 20, 1024, "length")
                : c.question().contains("refunds") ? Reply.answer(c, "Write to refunds.team@shop.example.com", 20, 10, "stop")
                : Reply.answer(c, 20, 10, "stop");
        Path snap = tmp.resolve("snap.jsonl");
        TestSupport.Run r = warm(log, "--l1-snapshot", snap.toString(), "--generate", "--endpoint", base, "--max-usd", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode g = r.json().get("generate");
        assertEquals(3, g.get("asked").asLong());
        assertEquals(1, g.get("truncated").asLong());
        assertEquals(1, g.get("refused").asLong());
        assertEquals(1, g.get("generated").asLong());
        assertEquals(Map.of(key("How do I rotate a log file?"), "An answer to: How do I rotate a log file?"), snapshot(snap));
        assertFalse(r.out().contains("refunds.team@"), r.out());
    }

    @Test
    void aHardFailureStopsAskingWritesWhatWasAnsweredAndExitsOne() throws Exception {
        Path log = log("What is a vector database?", null, "How do I rotate a log file?", null, "What is a token?", "A piece of text.",
                "What is a checksum?", null);
        behaviour = c -> Reply.status(500, "{\"error\":{\"message\":\"down\"}}", Map.of());
        Path snap = tmp.resolve("snap.jsonl");
        TestSupport.Run r = warm(log, "--l1-snapshot", snap.toString(), "--generate", "--endpoint", base, "--max-usd", "1",
                "--parallel", "1");
        assertEquals(1, r.code(), r.err());
        JsonNode g = r.json().get("generate");
        assertEquals(3, g.get("needing_answer").asLong());
        assertEquals(g.get("needing_answer").asLong(), g.get("reused").asLong() + g.get("asked").asLong() + g.get("unpriced").asLong()
                + g.get("stopped_by_cap").asLong() + g.get("stopped_by_failure").asLong(), g.toString());
        assertEquals(g.get("asked").asLong(), g.get("failed").asLong());
        assertTrue(g.get("stopped_by_failure").asLong() > 0, "the breaker opened after 5 failures in a row: " + g);
        assertTrue(calls.get() <= 5, "no call after the breaker opened: " + calls.get());
        assertEquals(0, g.get("spent_usd").asDouble());
        assertEquals(Map.of(key("What is a token?"), "A piece of text."), snapshot(snap), "the logged answer is still warmed");
        schemaValid(r.json());
    }

    @Test
    void usageErrorsNeverEchoTheEndpoint() throws Exception {
        Path log = log("What is a vector database?", null);
        assertEquals(2, warm(log, "--generate", "--max-usd", "1").code());
        assertEquals(2, warm(log, "--generate", "--endpoint", base).code());
        assertEquals(2, warm(log, "--generate", "--endpoint", base, "--max-usd", "0").code());
        assertEquals(2, warm(log, "--endpoint", base, "--max-usd", "1").code(), "--endpoint without --generate");
        TestSupport.Run bad = warm(log, "--generate", "--endpoint", "htp://user:hunter2secret@host/v1", "--max-usd", "1");
        assertEquals(2, bad.code());
        assertFalse(bad.err().contains("hunter2secret"), bad.err());
        assertEquals(0, calls.get());
    }

    /** Answers paid for and thrown away: --generate with no cache to write them to asked all the same (exit 0). */
    @Test
    void generatingWithNoTargetToWriteToIsAUsageErrorBeforeAnyCall() throws Exception {
        Path log = log("What is a vector database?", null);
        TestSupport.Run r = warm(log, "--generate", "--endpoint", base, "--max-usd", "1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--l1-snapshot, --redis, --qdrant or --index"), r.err());
        assertEquals(0, calls.get());
        assertEquals(0, warm(log, "--generate", "--endpoint", base, "--max-usd", "1", "--dry-run").code(), "a dry run writes nothing anyway");
        assertEquals(0, calls.get());
    }

    /** A --model the price book does not know cannot be held to the cap: said before any call, not one unpriced note per prompt. */
    @Test
    void anUnpricedModelIsAUsageErrorBeforeAnyCall() throws Exception {
        Path log = log("What is a vector database?", null);
        TestSupport.Run r = warm(log, "--generate", "--endpoint", base, "--max-usd", "1", "--model", "my-private-finetune-7b",
                "--l1-snapshot", tmp.resolve("s.jsonl").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("no price"), r.err());
        assertEquals(0, calls.get());
        assertFalse(Files.exists(tmp.resolve("s.jsonl")));
    }

    /**
     * An HTTP/1.0 server that closes each connection after its answer without saying so (Python's http.server, as
     * /tmp/gen14/fake_openai.py runs): OkHttp pooled the connection and sent every second call down the closed
     * socket ("unexpected end of stream"), so each was retried after a backoff, counted as a retry, and a last one
     * that failed so was charged its worst case.
     */
    @Test
    void aServerThatClosesEveryConnectionNeedsNoRetries() throws Exception {
        AtomicInteger served = new AtomicInteger();
        try (java.net.ServerSocket http10 = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!http10.isClosed()) {
                    try (java.net.Socket sock = http10.accept()) {
                        var in = new java.io.BufferedInputStream(sock.getInputStream());
                        int length = 0;
                        for (String h = readLine(in); !h.isEmpty(); h = readLine(in)) {
                            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                                length = Integer.parseInt(h.substring(15).trim());
                            }
                        }
                        JsonNode body = TestSupport.JSON.readTree(in.readNBytes(length));
                        String answer = Reply.answer(new Call(served.incrementAndGet(), body, null), 20, 10, "stop").body();
                        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
                        sock.getOutputStream().write(("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + out.length
                                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        sock.getOutputStream().write(out);
                        sock.getOutputStream().flush();
                    } catch (IOException e) {
                        // the listening socket closed: the test is over
                    }
                }
            }, "http10");
            t.setDaemon(true);
            t.start();
            Path log = log("What is a vector database?", null, "How do I rotate a log file?", null, "What is a checksum?", null,
                    "What is a hash map?", null);
            TestSupport.Run r = warm(log, "--generate", "--endpoint", "http://127.0.0.1:" + http10.getLocalPort(), "--max-usd", "1",
                    "--parallel", "1", "--l1-snapshot", tmp.resolve("s.jsonl").toString());
            assertEquals(0, r.code(), r.err());
            JsonNode g = r.json().get("generate");
            assertEquals(4, g.get("generated").asLong(), g.toString());
            assertEquals(0, g.get("retries").asLong(), "no call went down a connection the server had closed: " + g);
            assertEquals(4, served.get());
        }
    }

    /**
     * Review r20g M1: a server that reads the POST and drops the connection got the prompt 4 times (each may have been
     * billed) and the run charged one worst case. Each attempt that reached the server with no answer is charged its
     * worst case.
     */
    @Test
    void everyAttemptThatReachedTheServerWithoutAnAnswerIsChargedItsWorstCase() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        try (java.net.ServerSocket dropper = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!dropper.isClosed()) {
                    try (java.net.Socket sock = dropper.accept()) {
                        var in = new java.io.BufferedInputStream(sock.getInputStream());
                        int length = 0;
                        for (String h = readLine(in); !h.isEmpty(); h = readLine(in)) {
                            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                                length = Integer.parseInt(h.substring(15).trim());
                            }
                        }
                        in.readNBytes(length);
                        posts.incrementAndGet(); // read whole, then dropped unanswered
                    } catch (IOException e) {
                        // the listening socket closed: the test is over
                    }
                }
            }, "dropper");
            t.setDaemon(true);
            t.start();
            Path log = log("What is a vector database?", null);
            TestSupport.Run r = warm(log, "--generate", "--endpoint", "http://127.0.0.1:" + dropper.getLocalPort(), "--max-usd", "1",
                    "--parallel", "1", "--l1-snapshot", tmp.resolve("s.jsonl").toString());
            JsonNode g = r.json().get("generate");
            assertEquals(1, g.get("failed").asLong(), g.toString());
            assertTrue(posts.get() > 1, "retried: " + posts.get());
            assertEquals(posts.get() * worstCase(new Pricer(PriceBook.builtin(), null), "What is a vector database?", 1024),
                    g.get("spent_usd").asDouble(), 1e-12, g.toString());
        }
    }

    /** A server on a raw socket: reads each POST whole, counts it, then {@code reply} writes what it likes (or nothing) before the close. */
    static java.net.ServerSocket rawServer(AtomicInteger posts, java.util.function.BiConsumer<java.io.OutputStream, JsonNode> reply) throws IOException {
        java.net.ServerSocket ss = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try (java.net.Socket sock = ss.accept()) {
                    var in = new java.io.BufferedInputStream(sock.getInputStream());
                    int length = 0;
                    for (String h = readLine(in); !h.isEmpty(); h = readLine(in)) {
                        if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(h.substring(15).trim());
                        }
                    }
                    JsonNode body = TestSupport.JSON.readTree(in.readNBytes(length));
                    int n = posts.incrementAndGet();
                    reply.accept(sock.getOutputStream(), body);
                    sock.getOutputStream().flush();
                } catch (IOException e) {
                    // the listening socket closed: the test is over
                }
            }
        }, "raw-llm");
        t.setDaemon(true);
        t.start();
        return ss;
    }

    /** A 200 at worst-case usage whose body stops halfway (its Content-Length whole): generated, so billed, and cut. */
    static void cutAnswer(java.io.OutputStream out, JsonNode body) {
        try {
            Call c = new Call(0, body, null);
            long prompt = AnswerGenerator.worstPromptTokens(List.of(new Message("user", c.question())));
            byte[] b = Reply.answer(c, prompt, body.path("max_tokens").asLong(), "stop").body().getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(b, 0, b.length / 2);
        } catch (IOException e) {
            // the client went away
        }
    }

    /**
     * Review r21 H3: an answer cut off after the 200's headers (connection reset, read timeout on the body) was charged
     * $0 and retried, so a proxy cutting bodies took the spend to 1.85x the cap while spent_usd said half of it. Each
     * attempt whose 200 came back without its whole body may have been billed: charged its worst case.
     */
    @Test
    void anAnswerCutOffAfterItsHeadersIsChargedItsWorstCaseForEveryAttempt() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        try (java.net.ServerSocket cutter = rawServer(posts, GenerateFillsWhatTheLogLacksTest::cutAnswer)) {
            Path log = log("What is a vector database?", null);
            TestSupport.Run r = warm(log, "--generate", "--endpoint", "http://127.0.0.1:" + cutter.getLocalPort(), "--max-usd", "1",
                    "--max-tokens", "200", "--parallel", "1", "--l1-snapshot", tmp.resolve("s.jsonl").toString());
            JsonNode g = r.json().get("generate");
            assertEquals(1, g.get("failed").asLong(), g.toString());
            assertTrue(posts.get() > 1, "retried: " + posts.get());
            assertEquals(posts.get() * worstCase(new Pricer(PriceBook.builtin(), null), "What is a vector database?", 200),
                    g.get("spent_usd").asDouble(), 1e-12, g.toString());
            schemaValid(r.json());
        }
    }

    /**
     * Review r21 M1: a retry of an attempt that may have been billed (dropped, timed out, cut) was sent without room
     * under the cap: a server dropping every connection got 4 POSTs of one prompt under a cap of 2 worst cases
     * (1.93x the cap). A retry reserves another worst case first and is not sent when it does not fit.
     */
    @Test
    void aRetryOfAnAttemptThatMayHaveBeenBilledIsSentOnlyWhenItsWorstCaseFitsTheCap() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        try (java.net.ServerSocket dropper = rawServer(posts, (out, body) -> { })) {
            Path log = log("Explain checksum algorithm number 1 briefly.", null, "Explain checksum algorithm number 2 briefly.", null);
            double w = worstCase(new Pricer(PriceBook.builtin(), null), "Explain checksum algorithm number 1 briefly.", 200);
            double cap = 2.5 * w;
            TestSupport.Run r = warm(log, "--generate", "--endpoint", "http://127.0.0.1:" + dropper.getLocalPort(), "--max-usd",
                    String.valueOf(cap), "--max-tokens", "200", "--parallel", "1", "--l1-snapshot", tmp.resolve("s.jsonl").toString());
            JsonNode g = r.json().get("generate");
            assertEquals(2, posts.get(), "two attempts fit under 2.5 worst cases, a third would not: " + g);
            assertEquals(2 * w, g.get("spent_usd").asDouble(), 1e-12, g.toString());
            assertTrue(g.get("spent_usd").asDouble() <= cap, g.toString());
            assertEquals(1, g.get("stopped_by_cap").asLong(), "the prompt after the one whose retry did not fit: " + g);
            assertEquals(g.get("needing_answer").asLong(), g.get("reused").asLong() + g.get("asked").asLong() + g.get("unpriced").asLong()
                    + g.get("stopped_by_cap").asLong() + g.get("stopped_by_failure").asLong(), g.toString());
            assertTrue(r.json().get("notes").toString().contains("not sent again"), r.json().get("notes").toString());
            schemaValid(r.json());
        }
    }

    /**
     * Review r22 L1: under a cap with room for two worst cases, an endpoint dropping every connection got both attempts of
     * the first prompt, yet the run said `asked 0, failed 0` and exited 0 (a nightly job whose endpoint never answered went
     * green): the prompt whose retry the cap stopped was counted with the prompts never sent. It was sent and got no
     * answer: `failed`, and the run exits 1.
     */
    @Test
    void aPromptSentWithoutAnAnswerWhoseRetryTheCapStoppedIsAFailureAndTheRunExitsOne() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        try (java.net.ServerSocket dropper = rawServer(posts, (out, body) -> { })) {
            Path log = log("Explain checksum algorithm number 1 briefly.", null, "Explain checksum algorithm number 2 briefly.", null);
            double w = worstCase(new Pricer(PriceBook.builtin(), null), "Explain checksum algorithm number 1 briefly.", 200);
            TestSupport.Run r = warm(log, "--generate", "--endpoint", "http://127.0.0.1:" + dropper.getLocalPort(), "--max-usd",
                    String.valueOf(2.5 * w), "--max-tokens", "200", "--parallel", "1", "--l1-snapshot", tmp.resolve("s.jsonl").toString());
            JsonNode g = r.json().get("generate");
            assertEquals(1, g.get("asked").asLong(), g.toString());
            assertEquals(1, g.get("failed").asLong(), g.toString());
            assertEquals(0, g.get("generated").asLong(), g.toString());
            assertEquals(g.get("asked").asLong(), g.get("generated").asLong() + g.get("failed").asLong() + g.get("truncated").asLong()
                    + g.get("refused").asLong(), g.toString());
            assertEquals(1, r.code(), "no answer came back for the one prompt sent: " + r.err());
            assertTrue(r.json().get("notes").toString().contains("for 1 answers"), r.json().get("notes").toString());
        }
    }

    private static String readLine(java.io.InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** techopt in its own JVM, as a user runs it, with the key in its environment. */
    Process child(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.techopt.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("OPENAI_API_KEY");
        pb.environment().putAll(env);
        File out = tmp.resolve("child-" + System.nanoTime() + ".out").toFile(), err = new File(out + ".err");
        return pb.redirectOutput(out).redirectError(err).start();
    }

    @Test
    void theKeyAndTheEndpointsCredentialsNeverReachAnyOutputEvenWhenTheServerEchoesThem() throws Exception {
        String key = "sk-proj-" + "Zq8vN3xL0pT7wR2mK9sB4dF6hJ1cY5uE".repeat(2);
        behaviour = c -> Reply.status(c.n() == 1 ? 401 : 500, "{\"error\":{\"message\":\"Incorrect API key provided: "
                + c.authorization() + "\"}}", Map.of());
        Path log = log("What is a vector database?", null, "How do I rotate a log file?", null);
        Path out = tmp.resolve("report.json");
        String endpoint = "http://alice:pa55w0rdInUrl@127.0.0.1:" + server.getAddress().getPort() + "/tenant-s3cr3tpath/v1?api-key=qu3ryS3cret";
        Process p = child(Map.of("OPENAI_API_KEY", key), "cache-warm", log.toString(), "-f", "json", "--out", out.toString(),
                "--generate", "--endpoint", endpoint, "--max-usd", "1", "--parallel", "1", "--l1-snapshot", tmp.resolve("s.jsonl").toString());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), "a refused key is a runtime failure");
        assertEquals(1, calls.get(), "a 401 stops asking: every later call would be refused too");
        assertEquals("Bearer " + key, authorizations.get(0), "the key was sent, in its header");
        assertTrue(bodies.get(0).toString().contains("vector database") || bodies.get(0).toString().contains("rotate"));
        String everything = Files.readString(out) + childOutputs();
        for (String secret : List.of(key, key.substring(8, 40), "pa55w0rdInUrl", "tenant-s3cr3tpath", "qu3ryS3cret")) {
            assertFalse(everything.contains(secret), secret + " leaked:\n" + everything);
        }
        JsonNode j = TestSupport.JSON.readTree(out.toFile());
        assertEquals(1, j.at("/generate/failed").asLong());
        assertEquals(1, j.at("/generate/stopped_by_failure").asLong());
        assertTrue(j.get("notes").toString().contains("HTTP 401"), j.get("notes").toString());
        schemaValid(j);
    }

    /**
     * Review r20g H2: an answer echoing a key of no known shape (a local or gateway key) or a credential from the
     * endpoint's URL was cached, and the cache serves it to every user. Such answers are refused, as personal ones are.
     */
    @Test
    void anAnswerEchoingTheKeyOrTheEndpointsCredentialsIsNeverCached() throws Exception {
        String key = "local-test-key-ABC123xyz";
        behaviour = c -> c.question().contains("key") ? Reply.answer(c, "Your key is " + c.authorization().substring(7) + ".", 20, 10, "stop")
                : c.question().contains("proxy") ? Reply.answer(c, "Call /proxy/tok-PATHSECRET42/v1 again.", 20, 10, "stop")
                : c.question().contains("query") ? Reply.answer(c, "Append api-key=QSECRET77 to it.", 20, 10, "stop")
                : c.question().contains("login") ? Reply.answer(c, "Log in as bob with hunter2pass.", 20, 10, "stop")
                : Reply.answer(c, 20, 10, "stop");
        Path log = log("Which key do I use?", null, "Which proxy is it?", null, "Which query string?", null,
                "Which login?", null, "What is a vector database?", null);
        Path out = tmp.resolve("report.json"), snap = tmp.resolve("s.jsonl");
        String endpoint = "http://bob:hunter2pass@127.0.0.1:" + server.getAddress().getPort() + "/proxy/tok-PATHSECRET42/v1?api-key=QSECRET77";
        Process p = child(Map.of("OPENAI_API_KEY", key), "cache-warm", log.toString(), "-f", "json", "--out", out.toString(),
                "--generate", "--endpoint", endpoint, "--max-usd", "1", "--parallel", "1", "--l1-snapshot", snap.toString());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), childOutputs());
        assertEquals(5, calls.get());
        assertEquals(Map.of(key("What is a vector database?"), "An answer to: What is a vector database?"), snapshot(snap));
        JsonNode j = TestSupport.JSON.readTree(out.toFile());
        assertEquals(4, j.at("/generate/refused").asLong(), j.toString());
        assertEquals(1, j.at("/generate/generated").asLong());
        String everything = Files.readString(out) + Files.readString(snap) + childOutputs();
        for (String secret : List.of(key, "PATHSECRET42", "QSECRET77", "hunter2pass")) {
            assertFalse(everything.contains(secret), secret + " leaked:\n" + everything);
        }
        schemaValid(j);
    }

    /**
     * Review r20g M3: an error message echoing the endpoint's path put it in the report's notes; README promises that
     * only the endpoint's host is ever printed. Its path, even made of plain words, is masked.
     */
    @Test
    void anErrorEchoingTheEndpointsPathShowsOnlyItsHost() throws Exception {
        behaviour = c -> Reply.status(400, "{\"error\":{\"message\":\"No route /proxy/tenant-alpha/v1/chat/completions for "
                + "tenant-alpha (key QSECRET77)\"}}", Map.of());
        Path log = log("What is a vector database?", null);
        TestSupport.Run r = warm(log, "--generate", "--endpoint", base + "/proxy/tenant-alpha/v1?api-key=QSECRET77", "--max-usd", "1",
                "--l1-snapshot", tmp.resolve("s.jsonl").toString());
        assertEquals(1, calls.get());
        String notes = r.json().get("notes").toString();
        assertTrue(notes.contains("HTTP 400 from 127.0.0.1:" + server.getAddress().getPort() + ": No route"), notes);
        for (String part : List.of("/proxy", "tenant-alpha", "QSECRET77")) {
            assertFalse((r.out() + r.err()).contains(part), part + " shown:\n" + r.out() + r.err());
        }
    }

    /**
     * Review r20g M5: the answer's body was read whole, however large: a 20 MB answer (usage saying 20 tokens) was
     * cached, and a 100 MB one ran the JVM out of memory. A body longer than max_tokens could make fails the call,
     * charged its worst case (it was answered, so maybe billed), and is not retried.
     */
    @Test
    void anAnswerLargerThanMaxTokensCouldMakeIsNotReadWholeNorCached() throws Exception {
        String huge = "A".repeat(3_000_000);
        behaviour = c -> Reply.answer(c, huge, 20, 20, "stop");
        Path log = log("What is a vector database?", null);
        Path snap = tmp.resolve("s.jsonl");
        TestSupport.Run r = warm(log, "--generate", "--endpoint", base, "--max-usd", "1", "--l1-snapshot", snap.toString());
        JsonNode g = r.json().get("generate");
        assertEquals(1, calls.get(), "not retried: " + g);
        assertEquals(1, g.get("asked").asLong());
        assertEquals(1, g.get("failed").asLong(), g.toString());
        assertEquals(0, g.get("generated").asLong());
        assertEquals(worstCase(new Pricer(PriceBook.builtin(), null), "What is a vector database?", 1024), g.get("spent_usd").asDouble(), 1e-12);
        assertFalse(Files.exists(snap) && Files.readString(snap).contains("AAAA"), "not cached");
        assertTrue(r.json().get("notes").toString().contains("larger than"), r.json().get("notes").toString());
        schemaValid(r.json());
    }

    /**
     * A key read with the line end a file or a Windows shell left on it ("sk-...\r") made every call fail inside
     * OkHttp's header check, reported as "the call failed: IllegalArgumentException", one prompt after another. It is
     * trimmed; a key with a character no header can carry is a usage error that does not show it.
     */
    @Test
    void aKeyWithItsLineEndStillWorksAndAnUnsendableOneIsAUsageError() throws Exception {
        String key = "sk-proj-" + "Hq2wE4rT6yU8iO0pA1sD3fG5hJ7kL9zX".repeat(2);
        Path log = log("What is a vector database?", null);
        Process p = child(Map.of("OPENAI_API_KEY", key + "\r\n"), "cache-warm", log.toString(), "-q", "-f", "json", "--generate",
                "--endpoint", base, "--max-usd", "1", "--l1-snapshot", tmp.resolve("s.jsonl").toString());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), childOutputs());
        assertEquals(List.of("Bearer " + key), authorizations);
        Process bad = child(Map.of("MY_KEY", key.substring(0, 20) + "é" + key.substring(20)), "cache-warm", log.toString(), "-q",
                "--generate", "--endpoint", base, "--max-usd", "1", "--api-key-env", "MY_KEY", "--l1-snapshot", tmp.resolve("t.jsonl").toString());
        assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, bad.exitValue(), childOutputs());
        String out = childOutputs();
        assertTrue(out.contains("MY_KEY"), out);
        assertFalse(out.contains(key.substring(8, 20)), out);
        assertEquals(1, calls.get(), "the unsendable key made no call");
    }

    /** A proxy's login page (HTTP 200, HTML) is no model's answer, and every later call would get it too. */
    @Test
    void anEndpointThatAnswersWithoutJsonStopsTheAsking() throws Exception {
        Path log = log("What is a vector database?", null, "How do I rotate a log file?", null, "What is a checksum?", null);
        behaviour = c -> new Reply(200, Map.of(), "<html><body>Please sign in</body></html>", 0);
        TestSupport.Run r = warm(log, "--generate", "--endpoint", base, "--max-usd", "1", "--parallel", "1",
                "--l1-snapshot", tmp.resolve("s.jsonl").toString());
        assertEquals(1, r.code(), r.err());
        JsonNode g = r.json().get("generate");
        assertEquals(1, calls.get(), g.toString());
        assertEquals(1, g.get("failed").asLong());
        assertEquals(2, g.get("stopped_by_failure").asLong());
        assertTrue(r.json().get("notes").toString().contains("not JSON"), r.json().get("notes").toString());
    }

    /** --parallel bounds the calls in flight, and they do run side by side. */
    @Test
    void callsRunSideBySideUpToParallel() throws Exception {
        String[] qa = new String[12];
        for (int i = 0; i < 6; i++) {
            qa[2 * i] = "Describe hash function number " + i + ".";
        }
        Path log = log(qa);
        AtomicInteger inFlight = new AtomicInteger(), most = new AtomicInteger();
        behaviour = c -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return Reply.answer(c, 20, 10, "stop");
        };
        TestSupport.Run r = warm(log, "--generate", "--endpoint", base, "--max-usd", "1", "--parallel", "3",
                "--l1-snapshot", tmp.resolve("s.jsonl").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(6, r.json().at("/generate/generated").asLong());
        assertEquals(3, most.get(), "three at a time, never more");
    }

    private String childOutputs() throws IOException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(tmp)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("child-")).toList()) {
                b.append(Files.readString(f));
            }
        }
        return b.toString();
    }

    @Test
    void aRunKilledWhileAskingLeavesTheCacheAsItWas() throws Exception {
        Path log = log("What is a vector database?", null, "What is a token?", "A piece of text.");
        Path snap = tmp.resolve("snap.jsonl");
        assertEquals(0, warm(log, "--l1-snapshot", snap.toString()).code());
        byte[] before = Files.readAllBytes(snap);
        behaviour = c -> new Reply(200, Map.of(), "{}", 60_000); // never answers in time
        Process p = child(Map.of(), "cache-warm", log.toString(), "-q", "--l1-snapshot", snap.toString(), "--generate",
                "--endpoint", base, "--max-usd", "1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (calls.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, calls.get(), "the child asked");
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(snap)), "the snapshot is the earlier run's, whole");
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("snap") && !n.equals("snap.jsonl")).toList(),
                    "no temporary file left beside it");
        }
        assertNotNull(snapshot(snap).get(key("What is a token?")));
    }
}
