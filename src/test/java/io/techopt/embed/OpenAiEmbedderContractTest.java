package io.techopt.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.techopt.TestSupport;
import io.techopt.http.HttpCaller;
import io.techopt.http.RateLimiter;
import io.techopt.http.RetryingCaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The OpenAI-compatible client against a fake /v1/embeddings server on loopback that answers like a real one:
 * HTTP 400 for an empty input string (as OpenAI does), and vectors that are not unit length for every other text
 * (as some compatible servers return them), so the adapter, not the server, must keep the port's promises.
 */
class OpenAiEmbedderContractTest extends EmbedderContract {
    private static final int DIM = 16;
    private static HttpServer server;

    @BeforeAll
    static void startFakeServer() throws Exception {
        HashEmbedder inner = new HashEmbedder(DIM);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", ex -> {
            JsonNode input = TestSupport.JSON.readTree(ex.getRequestBody().readAllBytes()).get("input");
            var data = TestSupport.JSON.createArrayNode();
            for (int i = 0; i < input.size(); i++) {
                String t = input.get(i).asText();
                if (t.isEmpty()) {
                    byte[] err = "{\"error\":{\"message\":\"'$.input' is invalid\",\"type\":\"invalid_request_error\"}}"
                            .getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(400, err.length);
                    ex.getResponseBody().write(err);
                    ex.close();
                    return;
                }
                var vec = data.addObject().put("index", i).putArray("embedding");
                for (float x : inner.embed("text: " + t)) { // never the zero vector, even for " "
                    vec.add(x * 2.5);
                }
            }
            byte[] out = TestSupport.JSON.createObjectNode().set("data", data).toString().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    @AfterAll
    static void stopFakeServer() {
        server.stop(0);
    }

    @Override
    protected Embedder embedder() {
        HttpCaller http = new HttpCaller(Duration.ofSeconds(5), new RetryingCaller(2, Duration.ofMillis(1),
                Duration.ofMillis(10), Duration.ofSeconds(1), null, RateLimiter.Clock.SYSTEM), null);
        return new OpenAiEmbedder(http, "http://127.0.0.1:" + server.getAddress().getPort(), "test-key",
                "text-embedding-3-small", DIM, 3);
    }
}
