package io.techopt.forecast;

import io.techopt.http.HttpCaller;
import io.techopt.http.RateLimiter;
import io.techopt.http.RetryingCaller;

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

    /**
     * The Slack message for a set of alerts. Each alert names its scope (a team, user or model from the log), so its
     * text is redacted, its control and bidi characters escaped (a line feed would forge another bullet) and
     * Slack's {@code & < >} escaped ({@code <https://evil|Approve>} in a name would otherwise become a link).
     */
    public static String message(List<ForecastResult.Alert> alerts, ForecastResult f) {
        StringBuilder text = new StringBuilder(String.format(java.util.Locale.ROOT,
                "techopt cost-forecast (as of %s): %d budget alert%s", f.asOf(), alerts.size(), alerts.size() == 1 ? "" : "s"));
        for (ForecastResult.Alert a : alerts) {
            text.append("\n• ").append(io.techopt.core.Printable.escape(io.techopt.core.Redactor.redact(a.message()))
                    .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        }
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("text", text.toString()).toString();
    }

    /**
     * Checks the URL before any work is done: a malformed one is a usage error, not a webhook that "failed after 4
     * attempts". The message never echoes the URL (it holds the token).
     */
    public static void validate(String url, String source) {
        if (!HttpCaller.isHttpUrl(url)) {
            throw new IllegalArgumentException(source + " is not a valid http(s) URL (the URL is not shown: it holds the token)");
        }
    }

    /**
     * The URL's host alone, for a message: a webhook's path, query and user part hold its token (Slack's
     * /services/T/B/secret, ?token=, user:pass@), so none of them is ever shown.
     */
    public static String host(String url) {
        try {
            String h = java.net.URI.create(url.trim()).getHost();
            return h == null || h.isEmpty() ? "(host not shown)" : h;
        } catch (IllegalArgumentException e) {
            return "(host not shown)";
        }
    }

    /** How a webhook answered, for the message on stderr (and why, when it is not "sent"). */
    public static String explain(ForecastResult.Webhook w) {
        Integer s = w.httpStatus();
        if (s != null && s >= 300 && s < 400) {
            return " (HTTP " + s + ": the webhook redirects; techopt does not follow a redirect with a POST, give the final URL)";
        }
        return s == null ? "" : " (HTTP " + s + ")";
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
