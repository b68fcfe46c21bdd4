package io.techopt.report;

import io.techopt.TestSupport;
import io.techopt.core.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r13 #10: addresses on a dotless domain (bob@localhost, jane@corp: intranet mail, common in enterprise logs)
 * and local parts with an RFC 5322 comment (john(comment)@example.com) passed in clear through every output, cache-warm's
 * L1 snapshot included. What is not an address stays: Vertex model ids (claude-3-5-sonnet@20240620), package versions
 * and tags (react@18.x, left-pad@latest, actions/checkout@v4), image digests (ubuntu@sha256:…), LiteLLM's model keys
 * (vertex_ai/…@default, cloudflare/@cf/…) and names such as Folding@Home (from the QQP questions).
 */
class DotlessAndCommentedAddressesAreHiddenTest {
    @TempDir
    Path tmp;

    @Test
    void dotlessDomainsAndCommentedLocalPartsAreOnePseudonym() {
        for (String address : new String[]{"bob@localhost", "jane@corp", "john(comment)@example.com", "john(ops)@example.com",
                "(ops)john@example.com", "ops-team@intranet-mail"}) {
            String shown = Redactor.redact(address);
            assertTrue(shown.matches("<email:[0-9a-f]{16}>"), address + " -> " + shown);
            assertEquals("mail " + shown + ", thanks", Redactor.redact("mail " + address + ", thanks"));
            assertEquals("ask " + shown + ".", Redactor.redact("ask " + address + "."));
            assertEquals("{\"user\":\"" + shown + "\"}", Redactor.redact("{\"user\":\"" + address + "\"}"));
        }
        // a comment is no part of the address: john(ops)@example.com is john@example.com
        assertEquals(Redactor.redact("john@example.com"), Redactor.redact("john(ops)@example.com"));
        assertEquals("user=" + Redactor.redact("jane@corp"), Redactor.redact("user=jane@corp"));
    }

    @Test
    void modelIdsVersionsTagsAndDigestsAreNoAddress() {
        for (String s : new String[]{"claude-3-5-sonnet@20240620", "claude-3-5-sonnet-v2@20241022", "gemini-1.5-pro@002",
                "react@18.x", "react@18", "left-pad@latest", "next@canary", "actions/checkout@v4", "ubuntu@sha256:abc123",
                "pkg@git+https://example.com/x", "text-bison@latest", "A@B", "C@ll", "(see notes)", "@media screen",
                "vertex_ai/claude-opus-4-6@default", "cloudflare/@cf/meta/llama-3-8b-instruct", "Folding@Home", "Talk@AVG"}) {
            assertEquals(s, Redactor.redact(s), s);
        }
    }

    @Test
    void noDotlessOrCommentedAddressReachesAnAnalyzeTable() throws IOException {
        StringBuilder sb = new StringBuilder();
        String[] users = {"bob@localhost", "jane@corp", "john(comment)@example.com"};
        for (int i = 0; i < users.length; i++) {
            sb.append("{\"timestamp\":\"2026-10-01T10:0" + i + ":00Z\",\"request_id\":\"r" + i + "\",\"model\":\"gpt-4o-mini\","
                    + "\"user\":\"" + users[i] + "\",\"team\":\"" + users[i] + "\",\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n");
        }
        Path log = tmp.resolve("dotless.jsonl");
        Files.writeString(log, sb.toString());
        for (String format : new String[]{"json", "table", "csv", "markdown", "html"}) {
            String[] args = {"analyze", log.toString(), "--group-by", "user", "--group-by", "team", "-f", format, "-q"};
            // csv: every table it can write (by_user, by_team, notes...), each its own file
            TestSupport.Run r = format.equals("csv") ? new TestSupport.Run(0, TestSupport.everyCsvTable(args), "") : TestSupport.cli(args);
            assertEquals(0, r.code(), r.err());
            for (String needle : new String[]{"bob@", "localhost", "jane@", "john", "comment"}) {
                assertFalse(r.out().contains(needle), format + " shows " + needle + ":\n" + r.out());
            }
            assertTrue(r.out().contains("email:"), r.out());
        }
    }
}
