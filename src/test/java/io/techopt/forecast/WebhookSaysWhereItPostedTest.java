package io.techopt.forecast;

import com.sun.net.httpserver.HttpServer;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * #17: a webhook post left no trace on stderr (a CI log could not tell an alert was sent). One line now says how many
 * alerts went to which host, never the path, query or user part of the URL (they hold the token); none under -q.
 */
class WebhookSaysWhereItPostedTest {
    @TempDir
    Path dir;

    @Test
    void aPostNamesTheHostOnlyAndAFailureToo() throws Exception {
        Path log = CostForecastCommandTest.dollarADay(dir, LocalDate.parse("2026-09-01"), 50);
        Path budget = TestSupport.write(dir, "tight.yaml", "total: 20\n");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            int code = ex.getRequestURI().getPath().startsWith("/ok") ? 200 : 403;
            byte[] b = "x".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            String url = "http://hookuser:hookpass@127.0.0.1:" + server.getAddress().getPort() + "/ok/T000/B000/s3cr3t-path?token=qu3ry-secret";
            TestSupport.Run run = TestSupport.cli("cost-forecast", "-f", "json", "--budget", budget.toString(), "--webhook", url, log.toString());
            assertEquals(0, run.code(), run.err());
            assertTrue(run.err().contains("techopt: posted 4 alerts to the webhook at 127.0.0.1 (HTTP 200)\n"), run.err());
            for (String secret : new String[]{"hookuser", "hookpass", "s3cr3t-path", "qu3ry-secret", "T000"}) {
                assertFalse(run.err().contains(secret) || run.out().contains(secret), secret + " shown:\n" + run.err());
            }
            TestSupport.Run quiet = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(), "--webhook", url, log.toString());
            assertFalse(quiet.err().contains("posted"), quiet.err());

            TestSupport.Run refused = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--budget", budget.toString(), "--webhook",
                    url.replace("/ok/", "/no/"), log.toString());
            assertEquals(1, refused.code(), refused.err());
            assertTrue(refused.err().contains("techopt: webhook at 127.0.0.1 rejected after 1 attempt(s) (HTTP 403)"), refused.err());
            assertFalse(refused.err().contains("s3cr3t") || refused.err().contains("hookpass"), refused.err());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theHostOfAnyUrlAndNothingElse() {
        assertEquals("hooks.slack.com", Webhook.host("https://hooks.slack.com/services/T0/B0/XXXX"));
        assertEquals("example.com", Webhook.host("https://user:pw@example.com:8443/x?token=y"));
        assertEquals("(host not shown)", Webhook.host("not a url"));
    }
}
