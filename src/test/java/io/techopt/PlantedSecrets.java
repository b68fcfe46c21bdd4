package io.techopt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One planted credential per family named in issue 18 (fake values in the real formats) plus an e-mail address:
 * {@code text} is what goes into a log field, {@code needle} the part that must never be written anywhere.
 */
public final class PlantedSecrets {
    public record Planted(String family, String text, String needle) {
    }

    public static final List<Planted> ALL = List.of(
            p("openai-legacy", "sk-lhQCvpm8FOFlEsD4qmq5ShuHRWYl398ZpkpmVxKGmZR53W1F"),
            p("openai-project", "sk-proj-nTtqavzoXUzIwLKHr0rMTtJhsEK7GjFRYOYkmnPRZBiAGEKg6TmLqI2vYZ10QIEf"),
            p("anthropic", "sk-ant-api03-FjEjFfpPfIwn76YOzYL0IRWHaiXS24fEz0zlyAirTzRSxjvvU2Nt6iBSI3b5KBjXkNVZP5BaGJJ0DJgaXMXqBVzENJE3AA"),
            new Planted("sk-after-word-char", "tenantsk-Qw7Rt2Yx9Zk4Lm8Np3Vb6Hj1", "sk-Qw7Rt2Yx9Zk4Lm8Np3Vb6Hj1"),
            new Planted("bearer", "Authorization: Bearer BK1rzi6F9nPxjj2fqY8YBLlNx0qMyOKdmeqSEIHs", "BK1rzi6F9nPxjj2fqY8YBLlNx0qMyOKdmeqSEIHs"),
            new Planted("basic-auth", "Authorization: Basic YWRtaW46QjRzaWNBdXRoUGFzc3cwcmQh", "YWRtaW46QjRzaWNBdXRoUGFzc3cwcmQh"),
            p("aws-akia", "AKIAJOLLXT5DFW8L7JNQ"),
            p("aws-asia", "ASIAEKOITGXEWVFRWKZ0"),
            p("aws-secret-key", "0bI3fGZJlB/KuVr4lnPH7+lCj7OulCU/WZN6cyAc"),
            p("github-ghp", "ghp_fzQWxTeKarnpIiTPub8ioTTCrbHBR7VGkrAi"),
            p("github-fine-grained", "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"),
            p("google-aiza", "AIzaHVBeisYil-HSB9ijUtRQb3SzeKAExtSzceq"),
            p("slack-xoxb", "xoxb-8520325485-9589544537566-xZIYhrDjR72nFxoDsZmEjqt4"),
            new Planted("url-password", "postgres://svc_user:Pa55w0rdSecretQ7@db.internal:5432/app", "Pa55w0rdSecretQ7"),
            new Planted("redis-empty-user", "redis://:R3disOnlyPassw0rdZ9@cache.internal:6379/0", "R3disOnlyPassw0rdZ9"),
            new Planted("api-key-header", "api-key: cb8f9690c7c13b1cd2dbfb6d9c7272da", "cb8f9690c7c13b1cd2dbfb6d9c7272da"),
            new Planted("azure-account-key", "DefaultEndpointsProtocol=https;AccountName=techoptstore;AccountKey="
                    + "hdi2oLu1XpBYEqEKYMR8p/g38JmlSSiYc4px0dBpIz7UoKKtaQ8sU1QEA0PHP0Vr0c9wrUfG3BjCaP2n6O0d0w==;EndpointSuffix=core.windows.net",
                    "hdi2oLu1XpBYEqEKYMR8p/g38JmlSSiYc4px0dBpIz7UoKKtaQ8sU1QEA0PHP0Vr0c9wrUfG3BjCaP2n6O0d0w=="),
            p("groq", "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"),
            p("huggingface", "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"),
            p("replicate", "r8_lmZi8TEDNGpTdjHwxr9SGlNy9CHnxpPvMEUyw"),
            p("gitlab-pat", "glpat-F1pBIyXjEbxk0JOnFDtB"),
            new Planted("slack-webhook", "https://hooks.slack.com/services/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",
                    "TPHTACF4P/B1FY6XC9SCV/lw6pJgQiQYMLLX5k40plv4c2"),
            // the name=value rule in any case and header styles (a case-sensitive keyword let these through)
            new Planted("password-upper-case", "PASSWORD=Hunter2Secret9KqZ", "Hunter2Secret9KqZ"),
            new Planted("x-api-key-header", "X-API-KEY: 7fQz2LkP9wXr4TbN8mVc3HsJ", "7fQz2LkP9wXr4TbN8mVc3HsJ"),
            new Planted("authorization-token", "Authorization: Token 9fK2mQ7xLp4RzT8wN3vB6cYh", "9fK2mQ7xLp4RzT8wN3vB6cYh"),
            p("jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZWNob3B0In0.Xq3vR8tN2mK7pL4wZ9cB6hJ1fD5sA0gE2iU8oY4kT7c"),
            new Planted("private-key", "-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Vx9Q-----END PRIVATE KEY-----",
                    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Vx9Q"),
            // the review's shapes that passed the redactor
            new Planted("telegram-bot", "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawX", "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawX"),
            new Planted("db-pass-suffix", "DB_PASS=SuperSecret123Xy", "SuperSecret123Xy"),
            new Planted("url-slash-password", "https://admin:pa/ssW0rdSlQ9@db.internal/x", "pa/ssW0rdSlQ9"),
            new Planted("passphrase", "password: correct horse battery staple", "correct horse battery staple"),
            p("email-non-ascii", "jos\u00e9.garc\u00eda@ex\u00e4mple.de"),
            p("email", "dana.kowalski+llm@finance-example.org"));

    private PlantedSecrets() {
    }

    private static Planted p(String family, String value) {
        return new Planted(family, value, value);
    }

    /** Window length for the leak scan: any 12 characters in a row of a needle count as a leak (catches cut-off secrets). */
    public static final int WINDOW = 12;

    /**
     * Every WINDOW-long piece of every needle, lower-cased, mapped to its family: {@link #hits} compares in lower case,
     * so a secret that was lower-cased (or upper-cased) before it was written still counts as a leak.
     */
    public static Map<String, String> windows() {
        Map<String, String> w = new HashMap<>();
        for (Planted p : ALL) {
            String n = p.needle().toLowerCase(java.util.Locale.ROOT);
            for (int i = 0; i + WINDOW <= n.length(); i++) {
                w.putIfAbsent(n.substring(i, i + WINDOW), p.family());
            }
        }
        return w;
    }

    /** The planted families whose needle (or a WINDOW-long piece of it) occurs in the text, with where. */
    public static List<String> hits(String where, String text, Map<String, String> windows) {
        java.util.Set<String> found = new java.util.LinkedHashSet<>();
        text = text.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i + WINDOW <= text.length(); i++) {
            String f = windows.get(text.substring(i, i + WINDOW));
            if (f != null) {
                found.add(f + " in " + where);
            }
        }
        return List.copyOf(found);
    }
}
