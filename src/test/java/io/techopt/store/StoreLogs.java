package io.techopt.store;

import java.util.Locale;

/** Canonical logs built for the store's tests, where the right totals are known by construction. */
final class StoreLogs {
    static final String EMAIL = "jane.doe@example.com";
    static final String API_KEY = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEFGH";

    private StoreLogs() {
    }

    /**
     * Requests with ids {@code from..to-1} over three UTC days, two priced models and one unpriced; {@code tokenShift} changes
     * every request's tokens, so a later copy of an id differs from the earlier one. Every tenth is an error whose text
     * holds an API key; user ids are e-mail addresses; prompts repeat.
     */
    static String log(int from, int to, int tokenShift) {
        StringBuilder b = new StringBuilder();
        String[] models = {"gpt-4o-mini", "claude-haiku-4-5", "acme-unpriced-v1"};
        for (int i = from; i < to; i++) {
            int day = 1 + i % 3;
            boolean error = i % 10 == 9;
            b.append(String.format(Locale.ROOT, "{\"request_id\":\"req-%d\",\"timestamp\":\"2026-10-%02dT%02d:%02d:00Z\","
                            + "\"model\":\"%s\",\"user\":\"user%d-%s\",\"team\":\"t%d\",\"task_type\":\"qa\",\"latency_ms\":%d,"
                            + "\"messages\":[{\"role\":\"system\",\"content\":\"You answer   briefly.\"},{\"role\":\"user\","
                            + "\"content\":\"Question %d about %s\"}],\"response\":\"Answer %d\",%s"
                            + "\"usage\":{\"input_tokens\":%d,\"cache_read_input_tokens\":%d,\"output_tokens\":%d}}\n",
                    i, day, i % 24, i % 60, models[i % 3], i % 4, EMAIL, i % 2, 200 + 7 * i, i % 25, API_KEY, i,
                    error ? "\"status\":\"error\",\"error\":\"upstream refused key " + API_KEY + "\"," : "", 100 + i + tokenShift, i % 5 == 0 ? 64 : 0, 20 + i % 13));
        }
        return b.toString();
    }
}
