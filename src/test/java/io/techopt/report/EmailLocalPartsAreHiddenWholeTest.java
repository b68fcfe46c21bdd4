package io.techopt.report;

import io.techopt.TestSupport;
import io.techopt.core.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r11 #5: the e-mail rule cut the local part at RFC 5322 atext it did not know, so "mary-jane.o'neil@corp.example.com"
 * showed "mary-jane.o'&lt;email:…&gt;" (a first name and an initial) and "o'brien@example.ie" "o'&lt;email:…&gt;" (with
 * brien@example.ie's pseudonym); "j{x}@example.com", a quoted local part and an IP-literal domain (also inside a trace id)
 * were left whole; a punycode TLD showed "--p1ai". No address and no part of its local part reaches any output; a key
 * name, a URL's path or query before the address stays readable.
 */
class EmailLocalPartsAreHiddenWholeTest {
    /** The review's shapes, each hidden whole: the output is one pseudonym and nothing else. */
    static final List<String> WHOLE = List.of("mary-jane.o'neil@corp.example.com", "o'brien@example.ie", "j{x}@example.com",
            "\"john doe\"@example.com", "john@[192.168.0.1]", "tr-john@[192.168.0.1]", "user@example.xn--p1ai",
            "john@[IPv6:2001:db8::1]", "user#1@example.com", "jane=doe@example.com", "d'angelo+llm@corp.example.org");

    @TempDir
    Path tmp;

    @Test
    void everyAtextLocalPartQuotedLocalPartIpLiteralAndPunycodeTldIsOnePseudonym() {
        for (String address : WHOLE) {
            String shown = Redactor.redact(address);
            assertTrue(shown.matches("<email:[0-9a-f]{16}>"), address + " -> " + shown);
            assertEquals(shown, Redactor.redact(shown), "redacting twice changes nothing");
            // inside text, quoted, JSON-escaped and HTML-escaped (what a rendered line holds) alike
            assertEquals("write to " + shown + " now", Redactor.redact("write to " + address + " now"));
            assertEquals("'" + shown + "'", Redactor.redact("'" + address + "'"));
            assertEquals("{\"user\":\"" + shown + "\"}", Redactor.redact("{\"user\":\"" + address.replace("\"", "\\\"") + "\"}"));
            assertEquals("<td>" + shown + "</td>", Redactor.redact("<td>" + address.replace("'", "&#39;").replace("\"", "&quot;") + "</td>"));
        }
        // o'brien is not brien: the apostrophe is part of the address, so two people do not share a pseudonym
        assertTrue(!Redactor.redact("o'brien@example.ie").equals(Redactor.redact("brien@example.ie")));
        // the same address URL-encoded is the same pseudonym
        assertEquals(Redactor.redact("o'brien@example.ie"), Redactor.redact("o%27brien%40example.ie"));
        assertEquals(Redactor.redact("john@example.com"), Redactor.redact("john%40example.com"));
    }

    @Test
    void aKeyNameAUrlPathOrQueryBeforeTheAddressStaysReadable() {
        String john = Redactor.redact("john@example.com");
        assertEquals("user=" + john, Redactor.redact("user=john@example.com"));
        assertEquals("x-user-email=" + john, Redactor.redact("x-user-email=john@example.com"));
        assertEquals("key: " + john, Redactor.redact("key: john@example.com"));
        assertEquals("https://app.example/u?e=" + john, Redactor.redact("https://app.example/u?e=john@example.com"));
        assertEquals("https://app.example/u?e=" + john, Redactor.redact("https://app.example/u?e=john%40example.com"));
        assertEquals("https://app.example/users/" + john, Redactor.redact("https://app.example/users/john@example.com"));
        assertEquals("mailto:" + john + "?cc=" + Redactor.redact("b@y.io"), Redactor.redact("mailto:john@example.com?cc=b@y.io"));
        assertEquals(john + "/" + Redactor.redact("b@y.io"), Redactor.redact("john@example.com/b@y.io"));
        assertEquals("team(" + john + ")", Redactor.redact("team(john@example.com)"));
        assertEquals(john + "-prod", Redactor.redact("john@example.com-prod"));
        // a name that merely ends like a key word is no key name: otto=ann@… is one address
        assertTrue(Redactor.redact("otto=ann@x.io").matches("<email:[0-9a-f]{16}>"));
    }

    /** Fragments of the planted local parts that must not appear in any output (lower case). */
    private static final List<String> FRAGMENTS = List.of("mary-jane", "o'b", "o&#39;", "brien", "neil", "{x}", "john doe",
            "john&quot;", "192.168", "p1ai", "xn--", "d'angelo", "angelo");

    @Test
    void noOutputOfAnalyzeOrCostForecastShowsAnyPartOfTheLocalParts() throws IOException {
        StringBuilder log = new StringBuilder();
        int i = 0;
        for (String address : WHOLE) {
            for (int k = 0; k < 3; k++, i++) {
                log.append(String.format(Locale.ROOT, "{\"timestamp\":\"2026-10-%02dT10:00:00Z\",\"request_id\":\"r%d\",\"model\":\"gpt-4o\","
                        + "\"team\":\"%s\",\"user\":\"%s\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}%n",
                        1 + i % 28, i, address.replace("\"", "\\\""), address.replace("\"", "\\\"")));
            }
        }
        // a Langfuse generation whose trace id carries an IP-literal address (the latency map's trace ids)
        log.append("{\"id\":\"g1\",\"type\":\"GENERATION\",\"traceId\":\"tr-john@[192.168.0.1]\",\"name\":\"chat\",\"model\":\"gpt-4o\","
                + "\"startTime\":\"2026-10-05T10:00:00.000Z\",\"endTime\":\"2026-10-05T10:00:01.000Z\",\"userId\":\"o'brien@example.ie\","
                + "\"usage_details\":{\"input\":1000,\"output\":100}}\n");
        Path in = TestSupport.write(tmp, "emails.jsonl", log.toString());
        List<String> leaks = new ArrayList<>();
        for (String format : List.of("table", "json", "csv", "markdown", "html")) {
            Path out = tmp.resolve("analyze." + format);
            TestSupport.Run run = TestSupport.cliWithEveryCsvTable("analyze", in.toString(), "-f", format, "-o", out.toString(), "--group-by", "team",
                    "--group-by", "user", "--top", "50");
            assertEquals(0, run.code(), run.err());
            // csv: run.out() holds every table's --out file
            scan("analyze " + format, (format.equals("csv") ? "" : Files.readString(out)) + run.out() + run.err(), leaks);
            Path focus = tmp.resolve("focus-" + format + ".csv");
            TestSupport.Run fc = TestSupport.cliWithEveryCsvTable("cost-forecast", in.toString(), "-f", format, "--by", "user", "--focus-csv", focus.toString());
            assertTrue(fc.code() == 0 || fc.code() == 4, fc.err());
            scan("cost-forecast " + format, fc.out() + fc.err() + Files.readString(focus), leaks);
        }
        assertTrue(leaks.isEmpty(), String.join("\n", leaks));
    }

    private static void scan(String where, String text, List<String> leaks) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String f : FRAGMENTS) {
            int at = lower.indexOf(f);
            if (at >= 0) {
                leaks.add(where + ": '" + f + "' in …" + text.substring(Math.max(0, at - 40), Math.min(text.length(), at + 40)) + "…");
            }
        }
    }
}
