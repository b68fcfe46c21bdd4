package io.techopt.forecast;

import com.sun.net.httpserver.HttpServer;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A webhook that redirects, and a webhook URL that is not one: each reported for what it is. */
class WebhookFailuresTest {
    @TempDir
    Path dir;

    /** Fifty days at $1 a day, and a budget of $20 a month: an alert fires, so the webhook is called. */
    private Path alertingLog() throws IOException {
        Path f = dir.resolve("spend.jsonl");
        try (Writer w = Files.newBufferedWriter(f)) {
            LocalDate d = LocalDate.parse("2026-09-01");
            for (int i = 0; i < 50; i++, d = d.plusDays(1)) {
                w.write("{\"timestamp\":\"" + d + "T12:00:00Z\",\"model\":\"gpt-4o\",\"team\":\"a\","
                        + "\"usage\":{\"input_tokens\":400000,\"output_tokens\":0}}\n");
            }
        }
        return f;
    }

    @Test
    void aRedirectIsNotFollowedWithAGetNorRetriedAndSaysWhy() throws Exception {
        Path log = alertingLog();
        Path budget = TestSupport.write(dir, "tight.yaml", "total: 20\n");
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            ex.getRequestBody().readAllBytes();
            if (ex.getRequestURI().getPath().startsWith("/moved")) {
                ex.getResponseHeaders().add("Location", "/final");
                ex.sendResponseHeaders(302, -1);
            } else {
                ex.sendResponseHeaders(ex.getRequestMethod().equals("POST") ? 200 : 500, -1);
            }
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/moved/T000/B000/secret-token";
            TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "--budget", budget.toString(), "--webhook", url, log.toString());
            assertEquals(List.of("POST /moved/T000/B000/secret-token"), seen, "one POST, no GET to the redirect target, no retries");
            assertEquals(1, run.code(), run.err());
            assertEquals("rejected", run.json().at("/webhook/status").asText());
            assertEquals(1, run.json().at("/webhook/attempts").asInt());
            assertEquals(302, run.json().at("/webhook/http_status").asInt());
            assertTrue(run.err().contains("redirect"), run.err());
            assertFalse(run.err().contains("secret-token") || run.out().contains("secret-token"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aMalformedWebhookUrlIsAUsageErrorBeforeAnyWork() throws IOException {
        Path log = alertingLog();
        Path budget = TestSupport.write(dir, "tight.yaml", "total: 20\n");
        for (String bad : List.of("hooks.slack.com/services/T0/B0/secret-token", "ht!tp://secret-token", "http://", "not a url secret-token")) {
            TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "--budget", budget.toString(), "--webhook", bad, log.toString());
            assertEquals(2, run.code(), bad + ": " + run.err());
            assertTrue(run.err().contains("--webhook is not a valid http(s) URL"), run.err());
            assertFalse(run.err().contains("attempt"), run.err());
            assertFalse(run.err().contains("secret-token") || run.out().contains("secret-token"), run.err());
        }
    }

    @Test
    void aWebhookUrlWithASpaceOrControlCharacterIsAUsageErrorNotFourFailedAttempts() throws IOException {
        Path log = alertingLog();
        Path budget = TestSupport.write(dir, "tight.yaml", "total: 20\n");
        for (String bad : List.of("https://hooks.slack.com/services/T0H18/B0H18/H18Webhook secret-token",
                "https://hooks.slack.com/services/T0/B0/secret-token\t", "https://hooks.slack.com/ser\nvices/T0/B0/secret-token")) {
            TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "--budget", budget.toString(), "--webhook", bad, log.toString());
            assertEquals(2, run.code(), run.err());
            assertTrue(run.err().contains("--webhook is not a valid http(s) URL"), run.err());
            assertFalse(run.err().contains("attempt"), run.err());
            assertFalse(run.err().contains("secret-token") || run.out().contains("secret-token"), run.err());
        }
    }
}
