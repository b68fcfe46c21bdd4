package io.techopt.forecast;

import io.techopt.batch.HttpCaller;
import io.techopt.batch.RateLimiter;
import io.techopt.batch.RetryingCaller;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Posts alerts as a Slack-compatible message ({"text": …}) through the batch engine's HTTP caller: a timeout, and
 * bounded retries on 429, 5xx and network errors that honour Retry-After. The URL is a secret (Slack puts the
 * token in the path): it is never printed.
 */
public final class Webhook {
    static final int ATTEMPTS = 4;
    private final HttpCaller http;

    public Webhook(Duration timeout, int attempts, Duration baseBackoff, Duration maxWait) {
        this.http = new HttpCaller(timeout, new RetryingCaller(attempts, baseBackoff, maxWait, maxWait, null,
                RateLimiter.Clock.SYSTEM), null);
    }

    public static Webhook defaults() {
        return new Webhook(Duration.ofSeconds(10), ATTEMPTS, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** The Slack message for a set of alerts. */
    public static String message(List<ForecastResult.Alert> alerts, ForecastResult f) {
        StringBuilder text = new StringBuilder(String.format(java.util.Locale.ROOT,
                "techopt cost-forecast (as of %s): %d budget alert%s", f.asOf(), alerts.size(), alerts.size() == 1 ? "" : "s"));
        for (ForecastResult.Alert a : alerts) {
            text.append("\n• ").append(a.message());
        }
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("text", text.toString()).toString();
    }

    /** Posts the JSON body; the result says how it went, without the URL. */
    public ForecastResult.Webhook post(String url, String json) throws InterruptedException {
        try {
            HttpCaller.HttpResult r = http.postJson(url, json, Map.of(), 0);
            String status = r.ok() ? "sent" : r.status() == 429 || r.status() >= 500 ? "failed" : "rejected";
            return new ForecastResult.Webhook(status, r.attempts(), r.status());
        } catch (IOException e) {
            return new ForecastResult.Webhook("failed", ATTEMPTS, null);
        }
    }
}
