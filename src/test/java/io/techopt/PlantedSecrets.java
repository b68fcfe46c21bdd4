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
            // review rev23: a secret beside a placeholder, a name in a Markdown table, a quoted curl -u pair
            new Planted("beside-placeholder", "password: ******** (real one: Zq9Lm2Xv8Plant13)", "Zq9Lm2Xv8Plant13"),
            new Planted("markdown-table", "| DB password | Kp4Wm8Zr2Plant02 |", "Kp4Wm8Zr2Plant02"),
            new Planted("curl-quoted-user", "curl -u 'alice:Hx7Qv3Lp9Plant05' https://api.example", "Hx7Qv3Lp9Plant05"),
            p("email-non-ascii", "jos\u00e9.garc\u00eda@ex\u00e4mple.de"),
            p("email", "dana.kowalski+llm@finance-example.org"),
            // review r11 #5: RFC 5322 local parts the rule cut ("mary-jane.o'" leaked) or missed whole, an IP-literal domain,
            // a punycode TLD ("--80akhbyknj4f" leaked after the pseudonym)
            p("email-apostrophe", "mary-jane.o'neil@oneil-family.ie"),
            p("email-brace", "maria.kowalska{x}@brace-mail.pl"),
            p("email-quoted-local-part", "\"john doe\"@quoted-mail.fr"),
            p("email-ip-literal", "john.smith@[192.168.120.7]"),
            p("email-punycode-tld", "maria.ivanova@example.xn--80akhbyknj4f"),
            // review of main 625f5b4: gitleaks families with a distinctive prefix or shape that passed into every output
            p("alibaba", "LTAI5tESziYUnSGnsi75vtRC"),
            p("facebook", "EAACEdEose0cBAAjjQFQQdQUydQc1naIYBW2xMi2SBgJ6f0F4GVgSghyTWBI0GOqflXC5n9TQE"),
            p("heroku", "HRKU-AAzTIolYtChf40iBYbrxvKARN9xBTGGQV4bneG6wrNleKS7JsiWzHZEPWme2"),
            p("linear", "lin_api_oiArzPzCl0CpdX15quJuY1v9UXl903dkznPKFCQx"),
            p("mailchimp", "968b580846d098f7c3be0605dca4be92-us12"),
            p("mailgun", "key-7a334a9e995333545539eafc8a27def0"),
            p("newrelic", "NRAK-ET3A83VS9X9T14HIBIMK9RBNAZR"),
            p("pinecone", "pcsk_JodG5d_9lcgd9wnSp2s0ffdSBsLWXsxwVk1t4GAC9lylqTNr4AElUks8uv6jDJRoohg"),
            p("postman", "PMAK-2bfbf46a08d8320ac6f5479f-cbec9f22561d3ed46537a8178519a295a9"),
            p("square", "EAAAIap4k74kMMk-n39e2-kIGXXF8QNXMCVYjQvNTnzPGo3hBUD0dZCHgMjiSLIY"),
            p("supabase", "sbp_61969b49e91a890b6852874979749abfba2bff25"),
            p("terraform", "mu56jyj0dl9pst.atlasv1.c9PEWt2qYpjz5_DNTUx5Atz1LHoT4mCP_FJ-1EqSF3LFcIdFMhJ9eZMM88npeB4uiVw"),
            p("vault", "hvs.cE44RW7CP_owQBkrk1aHSybi-v_1qmIfw0HqP8JJjJwCUQxrIPu3JmzhdaqQIA-FxZpknbqRrBux2CbdKBr8wbjGS76"),
            p("langsmith", "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"),
            p("tavily", "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"),
            p("stripe-whsec", "whsec_4u8XdTti0sKUoUBxRcxlVpvOc2KhevRq"),
            p("age", "AGE-SECRET-KEY-1D4DLUGY9UE4XQZVKQ90WHVY63QEHJ2KDZFD9DTFLDWLQU036PR2KUN20VC"),
            p("bitbucket", "ATBBIkdw4Y3D4BpzADBT9hDfU7u1CMyUMfwTZ719SPPM"),
            p("docker", "dckr_pat_PamImhBXfK3Js3otHd1aJM2PbKq"),
            p("sendinblue", "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"),
            p("doppler", "dp.pt.aLvsfoRUg7XDkjEAOhsKwR0lXL2A1heUWky7G4sTpOh"),
            p("flyio", "fo1_zRMs-qc3-sPknpiHuJ6fPWbdSPEf6RtXzwTHzKx_QQx"),
            p("planetscale", "pscale_tkn_1KFZRsJ3jhD5IBgk9qO7PqpvQDe3tEEWj3kjZHoIY1Z"),
            p("sourcegraph", "sgp_133d420c41b554c7_b16049b0f982800c5d298ddabc1cb9e361ee8bd4"),
            p("shippo", "shippo_live_673380f9bf64dfcd47f417bf8e426ea15aa086e7"),
            p("easypost", "EZAKrmbEWKvW24eu9pmZCYYS0P0ErEKvyFzIfM8HutQAkB6ecbFAB60leR"),
            p("openshift", "sha256~8CQM5CZlXfSbbaUnSEOQRV0KtZFwgadnwE7QT5mS98d"),
            p("nvidia", "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"),
            p("grafana-cloud", "glc_Rv6y32YZiO2eFqYSmHDXbr5XTieGtHMxvrHc2Y3E2QrwdRYy"),
            p("octopus", "API-K3J8NMI5KR4OS65T10N78I1PEH"),
            p("1password", "A3-KCN32H-3MDY07Y6GKJ-1L3MS-4DXXW-755S4"),
            p("yandex", "AQVNTsEDPK5jZsXtthahLKHSDPV02PFssMSPOySd"),
            p("clojars", "CLOJARS_v7tts1fx3u2a5czogmi1xfko8jjymeznz5s4nx29o71x24lygyjpvkmdp3pj"),
            p("scalingo", "tk-us-R3rw-9wBhslMi0xRafsoG8ZeBV3tFD4JF6rJ-s_0_WLEbq53"),
            p("settlemint", "sm_pat_asZUjwKC01EhyTLI"),
            p("frameio", "fio-u-p2Cm2zERF0Atxl7Z9vfQq5hKuFcma3zePhXApJ6VGfugGZOBeDdOqrloMqd2hRgj"),
            // shapes without a prefix of their own: a keyword before a hex token, a cookie header, a URL query, an encoded e-mail
            new Planted("twilio-auth-token", "sid AC3f0c1e2d4b5a69788796a5b4c3d2e1f0 token 7c1e0f9a8b2d4c6e8f0a1b3c5d7e9f21", "7c1e0f9a8b2d4c6e8f0a1b3c5d7e9f21"),
            new Planted("cookie-header", "Cookie: session=Zk7Qp2Lm9Xr4Tb8Nv3Hc6Jd1; theme=dark", "Zk7Qp2Lm9Xr4Tb8Nv3Hc6Jd1"),
            new Planted("url-query-key", "https://maps.example.com/api/geocode?key=Gq8Lm3Zt7Rp2Xw9Kc4Vb&q=Paris", "Gq8Lm3Zt7Rp2Xw9Kc4Vb"),
            new Planted("email-url-encoded", "mailto:erin.okafor%40billing-example.net", "erin.okafor%40billing-example.net"),
            // gitleaks' keyword rules: a provider's key without a prefix of its own, found by the provider's name nearby
            new Planted("datadog-keyword", "datadog: 3f8a9c2e7b1d4f6a8c0e2b4d6f8a0c2e4b6d8f0a", "3f8a9c2e7b1d4f6a8c0e2b4d6f8a0c2e4b6d8f0a"),
            new Planted("heroku-keyword-uuid-in-prose", "my heroku key is 7d2e9b41-c5a8-4f03-b6e7-19c4d8a2f650", "7d2e9b41-c5a8-4f03-b6e7-19c4d8a2f650"),
            new Planted("mistral-keyword-json", "{\"mistral\": \"Zk3Pq8Lm2Xr7Tb4Nv9Hc6Jd1Wf5Ys0Ae\"}", "Zk3Pq8Lm2Xr7Tb4Nv9Hc6Jd1Wf5Ys0Ae"),
            new Planted("private-key-multiline", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkq2Lm9Xp2Rv7Nb4Hc6Jd1Fg5Sa0Ye3UiQw\n"
                    + "oAoGCCqGSM49AwEHoUQDQgAE8xZr3Lq7Wp2Mn5Tb9Kc4Vh1\n-----END EC PRIVATE KEY-----", "oAoGCCqGSM49AwEHoUQDQgAE8xZr3Lq7Wp2Mn5Tb9Kc4Vh1"));

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
