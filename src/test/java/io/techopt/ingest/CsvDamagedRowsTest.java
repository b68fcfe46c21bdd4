package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18: a CSV row with a cell missing or one too many, or a control character in a cell ("5\0"), is a bad line
 * with its line number and reason, like a damaged record of any other format; it used to be read silently (a
 * missing output column became 0 tokens).
 */
class CsvDamagedRowsTest {
    @TempDir
    Path tmp;

    @Test
    void rowsWithAMissingOrExtraCellOrAControlCharacterAreBadLinesOnTheRealAzureTrace() throws IOException {
        Path azure = TestSupport.shared("data/azure-llm-trace-2023/AzureLLMInferenceTrace_code.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(azure, StandardCharsets.UTF_8).subList(0, 1001));
        Path clean = tmp.resolve("clean.csv");
        Files.write(clean, lines, StandardCharsets.UTF_8);
        JsonNode base = analyze(clean);
        assertEquals(1000, base.get("requests").asLong());
        assertEquals(0, base.get("bad_lines").asLong());

        // line numbers are 1-based file lines; line 1 is the header
        lines.set(9, lines.get(9).substring(0, lines.get(9).lastIndexOf(',')));        // output cell missing
        lines.set(19, lines.get(19) + ",7");                                            // one cell too many
        lines.set(29, lines.get(29) + "\u0000");                                        // "10\0"
        lines.set(39, lines.get(39).replaceFirst(",", ",\u0001"));                       // a control character in input
        lines.set(49, lines.get(49).substring(0, lines.get(49).indexOf(',')));          // only the timestamp
        Path damaged = tmp.resolve("damaged.csv");
        Files.write(damaged, lines, StandardCharsets.UTF_8);
        JsonNode j = analyze(damaged);
        assertEquals(995, j.get("requests").asLong(), j.get("bad_line_samples").toString());
        assertEquals(5, j.get("bad_lines").asLong());
        long[] at = {10, 20, 30, 40, 50};
        for (int i = 0; i < at.length; i++) {
            assertEquals(at[i], j.at("/bad_line_samples/" + i + "/line").asLong(), j.get("bad_line_samples").toString());
        }
        assertEquals("row has 2 cells but the header has 3 (a cell is missing or one too many; a comma inside a value must be quoted)",
                j.at("/bad_line_samples/0/reason").asText());
        assertTrue(j.at("/bad_line_samples/1/reason").asText().startsWith("row has 4 cells but the header has 3"));
        assertEquals("control character U+0000 in cell 3 ('GeneratedTokens')", j.at("/bad_line_samples/2/reason").asText());
        assertEquals("control character U+0001 in cell 2 ('ContextTokens')", j.at("/bad_line_samples/3/reason").asText());
        assertTrue(j.at("/bad_line_samples/4/reason").asText().startsWith("row has 1 cell but the header has 3"));
    }

    @Test
    void aQuotedCellMayHoldCommasAndNewlinesAndStillCountsAsOneCell() throws IOException {
        Path f = TestSupport.write(tmp, "quoted.csv", "timestamp,model,input_tokens,output_tokens,team\n"
                + "2026-10-01T10:00:00Z,gpt-4o-mini,100,10,\"research, north\"\n"
                + "2026-10-01T10:00:01Z,gpt-4o-mini,100,10,\"two\nlines\"\n"
                + "2026-10-01T10:00:02Z,gpt-4o-mini,100,10,\n");
        JsonNode j = analyze(f);
        assertEquals(3, j.get("requests").asLong(), j.get("bad_line_samples").toString());
        assertEquals(0, j.get("bad_lines").asLong());
    }

    /**
     * Seed 21, log 198 of the long fuzz run: a quoted cell that opens and runs on for more than the quoted-cell cap
     * (1 MB) within its own line is given up before the line ends; the rest of that line was then read as one more
     * row (268 rows for 267 written). The row is one bad line, and reading resumes on the next line.
     */
    @Test
    void aQuotedCellLongerThanTheCapOnItsOwnLineIsOneBadRowNotTwo() throws IOException {
        String huge = "a," + "m".repeat(CsvFormat.Rows.MAX_QUOTED_CHARS + 1000);
        Path f = TestSupport.write(tmp, "long-quote.csv", "timestamp,model,input_tokens,output_tokens,team\n"
                + "2026-10-01T10:00:00Z,gpt-4o-mini,100,10,t1\n"
                + "2026-10-01T10:00:01Z,gpt-4o-mini,100,\"" + huge + ",t1\n"
                + "2026-10-01T10:00:02Z,gpt-4o-mini,100,10,t1\n"
                + "2026-10-01T10:00:03Z,gpt-4o-mini,100,10,t1\n");
        JsonNode j = analyze(f);
        assertEquals(4, j.at("/ingest/lines_read").asLong(), j.get("bad_line_samples").toString());
        assertEquals(3, j.get("requests").asLong(), j.get("bad_line_samples").toString());
        assertEquals(1, j.get("bad_lines").asLong(), j.get("bad_line_samples").toString());
        assertEquals(3, j.at("/bad_line_samples/0/line").asLong());
        assertTrue(j.at("/bad_line_samples/0/reason").asText().startsWith("unterminated quoted field"), j.toString());
    }

    private static JsonNode analyze(Path f) {
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", "--default-model", "gpt-4o-mini", f.toString());
        assertEquals(0, r.code(), r.err());
        return r.json();
    }
}
