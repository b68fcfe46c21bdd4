package io.techopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.core.Redactor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gitleaks' keyword rules: a provider's key that has no prefix of its own (a hex, base62 or UUID value) is found by the
 * provider's name nearby. Before, only {@code NAME_API_KEY=value} was caught, and even {@code datadog=value} leaked.
 */
class RedactorProviderKeywordTest {
    /** Provider name -> a fake key in that provider's shape. */
    private static final Map<String, String> KEYS = Map.of(
            "datadog", "3f8a9c2e7b1d4f6a8c0e2b4d6f8a0c2e4b6d8f0a",
            "twilio", "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
            "heroku", "7d2e9b41-c5a8-4f03-b6e7-19c4d8a2f650",
            "mailgun", "8f3a2c1d9e7b5a4f6c8d0e2a4b6c8d0e-1a2b3c4d-5e6f7a8b",
            "mistral", "Zk3Pq8Lm2Xr7Tb4Nv9Hc6Jd1Wf5Ys0Ae",
            "cohere", "q7Lm2Xr9Tb4Nv8Hc3Jd6Wf1Ys5Ae0Zk4Pq9Lm2X",
            "zendesk", "k2m9x4q7r1t8w3z6b5n0c4v7l2p9j6h3g8f1d5s0",
            "sendgrid", "Tb4Nv8Hc3Jd6Wf1Ys5Ae0Zk4Pq9Lm2Xr7");

    private static List<String> forms(String name, String key) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        String header = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        return List.of(name + "=" + key, upper + "=" + key, name + ": " + key, "{\"" + name + "\": \"" + key + "\", \"n\": 1}",
                "{\"" + name + "\":\"" + key + "\"}", "X-" + header + "-Key: " + key,
                "GET https://api.example.com/v1/send?" + name + "=" + key + "&to=me", "curl -H '" + header + ": " + key + "' ...",
                "my " + name + " key is " + key + ", please keep it safe", "the " + header + " auth token: " + key + ".",
                upper + "_SIGNING = '" + key + "'", name + " " + key,
                // as a JSON log carries it inside a string: escaped quotes and newlines
                "{\"note\":\"{\\\"" + name + "\\\": \\\"" + key + "\\\"}\"}", "\"" + name + ":\\n  " + key + "\"");
    }

    @Test
    void aKeyNamedOnlyByItsProviderIsRedactedInEveryFormALogWritesIt() {
        List<String> leaks = new ArrayList<>();
        for (var e : KEYS.entrySet()) {
            for (String text : forms(e.getKey(), e.getValue())) {
                String shown = Redactor.redact(text);
                if (shown.contains(e.getValue()) || shown.contains(e.getValue().substring(8, 20))) {
                    leaks.add(text + " -> " + shown);
                }
                assertTrue(shown.toLowerCase(java.util.Locale.ROOT).contains(e.getKey()), "the provider's name stays: " + shown);
                assertEquals(shown, Redactor.redact(shown), "redacting twice changes nothing: " + shown);
                assertTrue(Redactor.containsCredential(text), text);
            }
        }
        assertTrue(leaks.isEmpty(), leaks.size() + " leaks:\n" + String.join("\n", leaks));
    }

    @Test
    void providerNamesBesideModelNamesIdsDatesAndProseStay() {
        for (String ok : List.of("{\"provider\":\"cohere\",\"model\":\"command-r-plus-08-2024\",\"request_id\":\"a1b2c3d4e5f6a7b8c9d0e1f2\"}",
                "cohere,command-r-plus-08-2024,a1b2c3d4e5f6a7b8c9d0e1f2", "cohere command-r-plus-08-2024",
                "together.ai model meta-llama/Llama-3.3-70B-Instruct-Turbo", "mistral: mistral-large-2411", "Twitter user since 2009",
                "How do I delete my Facebook account permanently?", "sentry release 2024.10.1 build 20261001T101010Z",
                "linear regression with coefficients 0.5 and 12", "heroku: deployed at 2026-10-01T10:00:00Z", "datadog: true",
                "Mailgun sends 10000 emails per month", "jira ticket PROJ-12345 is blocked")) {
            assertEquals(ok, Redactor.redact(ok));
        }
    }

    /**
     * Real prompts (LLMLingua's test prompts and notebook cells, QQP's questions) come through the redactor unchanged, apart
     * from e-mail addresses: no rule mistakes ordinary text, code or a token count for a credential.
     */
    @Test
    void realPromptsFromLlmLinguaAndQqpComeThroughUnchangedApartFromEmails() throws IOException {
        int[] strings = {0};
        List<String> changed = new ArrayList<>();
        for (String file : List.of("llmlingua-examples/llmlingua_test_constants.json", "llmlingua-examples/llmlingua_notebook_outputs.json",
                "gptcache-qqp/similiar_qqp_full.json", "gptcache-qqp/mock_data.json")) {
            Path p = TestSupport.shared("data/" + file);
            walk(TestSupport.JSON.readTree(p.toFile()), text -> {
                strings[0]++;
                Set<String> families = Redactor.families(text);
                families.removeAll(Set.of("email", "email-url-encoded"));
                if (!families.isEmpty()) {
                    changed.add(file + ": " + families + " in " + around(text, Redactor.redact(text)));
                }
            });
        }
        assertTrue(strings[0] > 160_000, "read " + strings[0] + " strings");
        assertTrue(changed.isEmpty(), changed.size() + " prompts changed:\n" + String.join("\n", changed));
    }

    private static void walk(JsonNode j, java.util.function.Consumer<String> text) {
        if (j.isTextual()) {
            text.accept(j.asText());
        } else {
            j.forEach(c -> walk(c, text));
        }
    }

    /** Where the redacted text first differs, with some context. */
    private static String around(String before, String after) {
        int i = 0;
        while (i < before.length() && i < after.length() && before.charAt(i) == after.charAt(i)) {
            i++;
        }
        return before.substring(Math.max(0, i - 40), Math.min(before.length(), i + 60)).replace('\n', ' ');
    }
}
