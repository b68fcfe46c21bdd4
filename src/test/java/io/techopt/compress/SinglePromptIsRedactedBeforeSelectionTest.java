package io.techopt.compress;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of 625f5b4: compressing one prompt dropped a PEM block's BEGIN and END lines but kept a body line, so the
 * block rule at the output never matched what was printed. The prompt is redacted before sentences are chosen.
 */
class SinglePromptIsRedactedBeforeSelectionTest {
    @TempDir
    Path tmp;

    private static final List<String> BODY = List.of("MIIEpAIBAAKCAQEAq7Zt2Lp6Wm3Xr9Ks4Nv7Bc1Dj5Fg0HaY3eUiLqPo2wE",
            "Zt8kQw3Lm9Xp2Rv7Nb4Hc6Jd1Fg5Sa0Ye3UiLinE2abcdefghijXyZ0987", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwSsh");

    @Test
    void noLineOfAMultiLinePrivateKeySurvivesAnyRateOrFormat() throws Exception {
        StringBuilder p = new StringBuilder("You are a support bot. The deploy notes follow.\n");
        for (int i = 0; i < 30; i++) {
            p.append("Note ").append(i).append(": the service on host ").append(i).append(" restarts nightly and logs to disk.\n");
            if (i == 12) {
                p.append("The signing key is -----BEGIN RSA PRIVATE KEY-----\n").append(BODY.get(0)).append('\n').append(BODY.get(1))
                        .append("\n-----END RSA PRIVATE KEY----- and it must stay private.\n");
                p.append("The ssh key is -----BEGIN OPENSSH PRIVATE KEY-----\n").append(BODY.get(2))
                        .append("\n-----END OPENSSH PRIVATE KEY----- keep it.\n");
            }
        }
        p.append("Question: which host restarts nightly?\n");
        Path prompt = TestSupport.write(tmp, "prompt.txt", p.toString());
        List<String> leaks = new ArrayList<>();
        for (String rate : List.of("0.3", "0.5", "0.8")) {
            for (List<String> extra : List.of(List.of("-f", "table"), List.of("-f", "json"), List.of("-f", "markdown"), List.of("-f", "table", "--diff"),
                    List.of("-f", "json", "--diff"))) {
                List<String> args = new ArrayList<>(List.of("compress", prompt.toString(), "--rate", rate, "--embedder", "hash"));
                args.addAll(extra);
                TestSupport.Run run = TestSupport.cli(args.toArray(String[]::new));
                assertEquals(0, run.code(), run.err());
                for (String b : BODY) {
                    for (int k = 0; k + 12 <= b.length(); k += 6) {
                        if ((run.out() + run.err()).contains(b.substring(k, k + 12))) {
                            leaks.add(String.join(" ", args) + ": " + b.substring(k, k + 12));
                            break;
                        }
                    }
                }
            }
        }
        assertTrue(leaks.isEmpty(), leaks.size() + " leaks:\n" + String.join("\n", leaks));
    }
}
