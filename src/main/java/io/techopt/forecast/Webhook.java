package io.techopt.forecast;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Posts alerts as a Slack-compatible message ({"text": …}) with a timeout and bounded retries on 429, 5xx and
 * network errors, honouring Retry-After. The URL is a secret (Slack puts the token in the path): it is never
 * printed.
 */
public final class Webhook {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final OkHttpClient client;
    private final int maxAttempts;
    private final long baseBackoffMs;
    private final long maxWaitMs;

    public Webhook(Duration timeout, int maxAttempts, long baseBackoffMs, long maxWaitMs) {
        this.client = new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout).build();
        this.maxAttempts = maxAttempts;
        this.baseBackoffMs = baseBackoffMs;
        this.maxWaitMs = maxWaitMs;
    }

    public static Webhook defaults() {
        return new Webhook(Duration.ofSeconds(10), 4, 500, 30_000);
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
        Integer lastStatus = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            long wait = baseBackoffMs << (attempt - 1);
            Request req;
            try {
                req = new Request.Builder().url(url).post(RequestBody.create(json, JSON)).build();
            } catch (IllegalArgumentException e) {
                return new ForecastResult.Webhook("invalid url", 0, null);
            }
            try (Response r = client.newCall(req).execute()) {
                lastStatus = r.code();
                if (r.isSuccessful()) {
                    return new ForecastResult.Webhook("sent", attempt, r.code());
                }
                if (r.code() != 429 && r.code() < 500) {
                    return new ForecastResult.Webhook("rejected", attempt, r.code());
                }
                String retryAfter = r.header("Retry-After");
                if (retryAfter != null && retryAfter.trim().matches("\\d+")) {
                    wait = Long.parseLong(retryAfter.trim()) * 1000;
                }
            } catch (IOException e) {
                lastStatus = null; // timeout or connection refused: retry
            }
            if (attempt < maxAttempts) {
                Thread.sleep(Math.min(wait, maxWaitMs));
            }
        }
        return new ForecastResult.Webhook("failed", maxAttempts, lastStatus);
    }
}
