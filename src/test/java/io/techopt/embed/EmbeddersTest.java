package io.techopt.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.techopt.TestSupport;
import io.techopt.http.HttpCaller;
import io.techopt.http.RateLimiter;
import io.techopt.http.RetryingCaller;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddersTest {
    /** Mean cosine of labelled duplicate and non-duplicate QQP pairs (the first 150 of each). */
    private static double[] separation(Embedder e) throws IOException {
        JsonNode pairs = TestSupport.JSON.readTree(TestSupport.shared("data/gptcache-qqp/similiar_qqp_full.json").toFile());
        double dup = 0, non = 0;
        int nd = 0, nn = 0;
        for (JsonNode p : pairs) {
            boolean isDup = p.get("label").asInt() == 1;
            if ((isDup && nd >= 150) || (!isDup && nn >= 150)) {
                continue;
            }
            double c = Embedder.cosine(e.embed(p.get("text_a").asText()), e.embed(p.get("text_b").asText()));
            if (isDup) {
                dup += c;
                nd++;
            } else {
                non += c;
                nn++;
            }
            if (nd >= 150 && nn >= 150) {
                break;
            }
        }
        return new double[]{dup / nd, non / nn};
    }

    @Test
    void miniLmSeparatesDuplicateQuestionsBetterThanHashing() throws IOException {
        MiniLmEmbedder m = new MiniLmEmbedder();
        float[] a = m.embed("How do I reset my password?");
        assertEquals(384, a.length);
        assertArrayEquals(a, m.embed("How do I reset my password?"), 1e-6f, "deterministic");
        assertEquals(1.0, Embedder.cosine(a, a), 1e-5, "unit length");
        double[] mini = separation(m), hash = separation(new HashEmbedder(256));
        assertTrue(mini[0] - mini[1] > 0.1, "MiniLM: duplicates " + mini[0] + " vs others " + mini[1]);
        assertTrue(mini[0] - mini[1] > hash[0] - hash[1], "MiniLM margin " + (mini[0] - mini[1]) + " vs hashing " + (hash[0] - hash[1]));
    }

    @Test
    void openAiCompatibleClientBatchesAuthenticatesAndRetries() throws Exception {
        List<String> auth = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", ex -> {
            JsonNode body = TestSupport.JSON.readTree(ex.getRequestBody().readAllBytes());
            auth.add(ex.getRequestHeaders().getFirst("Authorization"));
            if (calls.incrementAndGet() == 2) {
                ex.getResponseHeaders().add("Retry-After", "0");
                ex.sendResponseHeaders(429, -1);
                ex.close();
                return;
            }
            var data = TestSupport.JSON.createArrayNode();
            JsonNode input = body.get("input");
            for (int i = input.size() - 1; i >= 0; i--) { // out of order: the client must use "index"
                data.addObject().put("index", i).putArray("embedding").add(input.get(i).asText().length()).add(1.0).add(0.0);
            }
            byte[] out = TestSupport.JSON.createObjectNode().set("data", data).toString().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        try {
            HttpCaller http = new HttpCaller(Duration.ofSeconds(2), new RetryingCaller(3, Duration.ofMillis(1),
                    Duration.ofMillis(10), Duration.ofSeconds(1), null, RateLimiter.Clock.SYSTEM), null);
            OpenAiEmbedder e = new OpenAiEmbedder(http, "http://127.0.0.1:" + server.getAddress().getPort() + "/", "test-key",
                    "text-embedding-3-small", 3, 2);
            List<float[]> v = e.embedAll(List.of("a", "bb", "ccc", "dddd", "eeeee"));
            assertEquals(5, v.size());
            for (int i = 0; i < 5; i++) {
                assertEquals(i + 1, v.get(i)[0] / v.get(i)[1], 1e-5, "vectors in input order (scaled to unit length)");
            }
            assertEquals(4, calls.get(), "three batches of at most two, one of them retried after a 429");
            assertTrue(auth.stream().allMatch("Bearer test-key"::equals));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void embeddersByNameAndAClearErrorForAnUnknownOne() {
        assertEquals("hash-ngram-256", Embedder.named("hash").name());
        assertEquals(1536, Embedder.named("openai:text-embedding-3-small").dimension());
        assertEquals(3072, Embedder.named("openai:text-embedding-3-large").dimension());
        assertEquals(768, Embedder.named("openai:nomic-embed-text:768").dimension());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Embedder.named("bert"));
        assertTrue(e.getMessage().contains("minilm, hash or openai:MODEL"));
    }
}
