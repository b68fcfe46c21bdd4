package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, the last document cases of the long fuzz run (seed 18, logs 169, 433, 465, 645) and the reviewer's
 * concatenated documents (b12_concat_docs_bad.json). The rule they share: in a pretty-printed record, whose members
 * are indented deeper than its own '{', a line starting at or left of that '{' with anything but a closing bracket
 * or a ',' cannot belong to it, so it starts the next element; a '{' glued to a pretty-printed record's close with
 * no ',' is a record of its own only if it closes cleanly. A record that lost its '{' (or has junk before it) right
 * after a cut one is a second bad element, not merged into the cut one: each damaged record is one bad line.
 */
class JsonDocumentResyncIndentedRecordsTest {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @TempDir
    Path tmp;

    /** The first 40 records of the bundled sample, each pretty-printed (members two spaces deeper than the '{'). */
    private static List<String> records() throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("samples/requests.jsonl.gz")))) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                out.add(PRETTY.writeValueAsString(PRETTY.readTree(lines[i])));
            }
            return out;
        }
    }

    /** A pretty-printed array (records at column 2); {@code at[i]} gets the line element i starts on. */
    private static String array(List<String> els, long[] at) {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < els.size(); i++) {
            at[i] = b.chars().filter(c -> c == '\n').count() + 1;
            b.append("  ").append(els.get(i).replace("\n", "\n  ")).append(i + 1 < els.size() ? ",\n" : "\n");
        }
        return b.append("]\n").toString();
    }

    private JsonNode analyze(String name, String content) throws IOException {
        Path f = TestSupport.write(tmp, name, content);
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, run.code(), run.err());
        return run.json();
    }

    private static List<Long> badLines(JsonNode j) {
        List<Long> out = new ArrayList<>();
        j.get("bad_line_samples").forEach(s -> out.add(s.get("line").asLong()));
        return out;
    }

    /** Log 433: "}{," — a '{' glued to the close of a pretty-printed record, then the next record on its own line. */
    @Test
    void aBraceGluedToAPrettyPrintedRecordsCloseThatNeverClosesIsJunkOfThatOneRecord() throws IOException {
        List<String> els = records();
        for (int k : new int[]{0, 4, 38, 39}) {
            List<String> copy = new ArrayList<>(els);
            copy.set(k, copy.get(k) + "{");
            long[] at = new long[40];
            JsonNode j = analyze("glued" + k + ".json", array(copy, at));
            assertEquals(39, j.get("requests").asLong(), j.get("bad_line_samples").toString());
            assertEquals(1, j.get("bad_lines").asLong(), j.get("bad_line_samples").toString());
            assertEquals(List.of(at[k]), badLines(j));
            assertTrue(j.at("/bad_line_samples/0/reason").asText().contains("unexpected data after the record's closing bracket"),
                    j.get("bad_line_samples").toString());
        }
    }

    /** The other side of the same rule: a whole record glued to the previous one's close only lacks its ',': both read. */
    @Test
    void aWholeRecordGluedToThePreviousOnesCloseIsStillRead() throws IOException {
        List<String> els = records();
        List<String> copy = new ArrayList<>(els);
        copy.set(4, copy.get(4) + copy.remove(5));
        JsonNode j = analyze("gluedwhole.json", array(copy, new long[40]));
        assertEquals(40, j.get("requests").asLong(), j.get("bad_line_samples").toString());
    }

    /**
     * Logs 465 (":{") and 645 ("\{"): a record cut short (inside a string, or after a whole member), then the next
     * record with junk before its '{' at the records' column, or a tab or space before it (its '{' left of the cut
     * record's members; log 613 of a later generator: then it is read). Were merged into one bad element.
     */
    @Test
    void junkBeforeTheNextRecordsBraceAfterACutRecordIsASecondBadElement() throws IOException {
        List<String> els = records();
        List<UnaryOperator<String>> cuts = List.of(
                e -> e.substring(0, e.indexOf("\"model\"") + 12),               // inside a string (log 465)
                e -> e.substring(0, e.indexOf('\n', e.indexOf("\"model\"")))); // after a whole member (log 645)
        for (String junk : new String[]{":", "\\", "x", "\"", "\t", " "}) {
            for (int c = 0; c < cuts.size(); c++) {
                List<String> copy = new ArrayList<>(els);
                copy.set(7, cuts.get(c).apply(copy.get(7)));
                copy.set(8, junk + copy.get(8));
                long[] at = new long[40];
                JsonNode j = analyze("junk" + c + ".json", array(copy, at));
                String what = "cut " + c + ", junk " + junk + ": " + j.get("bad_line_samples");
                if (junk.isBlank()) { // a space or tab before a '{' is no damage: the next record is read
                    assertEquals(39, j.get("requests").asLong(), what);
                    assertEquals(List.of(at[7]), badLines(j), what);
                } else {
                    assertEquals(38, j.get("requests").asLong(), what);
                    assertEquals(List.of(at[7], at[8]), badLines(j), what);
                }
            }
        }
    }

    /** Log 169: a record cut inside a string, then a record whose '{' a byte flip turned into a letter. */
    @Test
    void aRecordThatLostItsBraceRightAfterACutRecordIsASecondBadElement() throws IOException {
        List<String> els = records();
        List<String> copy = new ArrayList<>(els);
        copy.set(20, copy.get(20).substring(0, copy.get(20).indexOf("\"model\"") + 14));
        copy.set(21, "y" + copy.get(21).substring(1));
        long[] at = new long[40];
        JsonNode j = analyze("flipped.json", array(copy, at));
        assertEquals(38, j.get("requests").asLong(), j.get("bad_line_samples").toString());
        assertEquals(List.of(at[20], at[21]), badLines(j));
    }

    /**
     * Logs 169 and 494 of seed 19: a string broken on a line that opens an object ({@code "metadata"" : {}) hides
     * that '{', or a ']' closes an object's '{' ({@code "app" : "…"],}), so the record closes one line early, left of
     * where its own '}' then stands; after that '}' and its ',' came the next record with junk before its '{'
     * ({@code Ã(}) or its '{' flipped to another byte ({@code Ý}) at the records' column, and it was merged into the
     * damaged one. A line at or left of an indented record's '{' starting with anything but a closer or ',' is the
     * next element, however the record before it closed.
     */
    @Test
    void junkBeforeTheNextRecordAfterARecordThatClosedEarlyOnAHiddenBraceIsASecondBadElement() throws IOException {
        List<String> els = records();
        List<UnaryOperator<String>> damages = List.of(
                e -> e.replace("\"metadata\" : {", "\"metadata\"\" : {"),
                e -> e.replace("\"usage\" : {", "\"usage\"\" : {"),
                e -> e.replace("\"messages\" : [", "\"messages\"\" : ["),
                e -> e.replaceFirst("(\"app\" : \"[^\"]*\"),", "$1],")); // log 494
        List<UnaryOperator<String>> nexts = List.of(e -> "Ã(" + e, e -> "x" + e, e -> "Ý" + e.substring(1), e -> e);
        for (int d = 0; d < damages.size(); d++) {
            for (int n = 0; n < nexts.size(); n++) {
                List<String> copy = new ArrayList<>(els);
                String damaged = damages.get(d).apply(copy.get(20));
                assertTrue(!damaged.equals(copy.get(20)), "damage " + d);
                copy.set(20, damaged);
                copy.set(21, nexts.get(n).apply(copy.get(21)));
                long[] at = new long[40];
                JsonNode j = analyze("early.json", array(copy, at));
                String what = "damage " + d + ", next " + n + ": " + j.get("bad_line_samples");
                if (n == nexts.size() - 1) { // the next record intact
                    assertEquals(39, j.get("requests").asLong(), what);
                    assertEquals(List.of(at[20]), badLines(j), what);
                } else {
                    assertEquals(38, j.get("requests").asLong(), what);
                    assertEquals(List.of(at[20], at[21]), badLines(j), what);
                }
            }
        }
    }

    /**
     * Reviewer b12: pretty-printed objects one after another (no array), flush left; one cut right after
     * {@code "model" :} (where the syntax could still take a '{') swallowed the next record: 4 objects gave 2
     * requests and 1 bad line. Also cut after an opening '[' and after a ','.
     */
    @Test
    void concatenatedFlushLeftObjectsResyncAtTheNextBraceWhereverTheCutLeftTheSyntax() throws IOException {
        List<String> els = records().subList(0, 4);
        List<UnaryOperator<String>> cuts = List.of(
                e -> e.substring(0, e.indexOf("\"model\" : ") + 10),
                e -> e.substring(0, e.indexOf("\"messages\" : [") + 14),
                e -> e.substring(0, e.indexOf(",\n") + 1));
        for (int c = 0; c < cuts.size(); c++) {
            StringBuilder b = new StringBuilder();
            long cutLine = 0;
            for (int i = 0; i < 4; i++) {
                if (i == 1) {
                    cutLine = b.chars().filter(ch -> ch == '\n').count() + 1;
                }
                b.append(i == 1 ? cuts.get(c).apply(els.get(i)) : els.get(i)).append("\n");
            }
            JsonNode j = analyze("concat" + c + ".json", b.toString());
            String what = "cut " + c + ": " + j.get("bad_line_samples");
            assertEquals(3, j.get("requests").asLong(), what);
            assertEquals(List.of(cutLine), badLines(j), what);
        }
    }

    /** The rule needs members indented deeper: records written with members at their own column are still read. */
    @Test
    void recordsWhoseMembersStartAtTheirOwnColumnAreReadWhole() throws IOException {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < 5; i++) {
            b.append("  {\"timestamp\":\"2026-10-01T10:00:0").append(i).append("Z\",\n  \"request_id\":\"r").append(i)
                    .append("\",\n  \"model\":\"gpt-4o-mini\",\n  \"usage\":{\"input_tokens\":10,\"output_tokens\":2}}")
                    .append(i < 4 ? ",\n" : "\n");
        }
        JsonNode j = analyze("flat.json", b.append("]\n").toString());
        assertEquals(5, j.get("requests").asLong(), j.get("bad_line_samples").toString());
        assertEquals(0, j.get("bad_lines").asLong());
    }

    /**
     * Fuzz seed 20 log 17 (OTEL document, share 0.9, at fa2b265): a nested close mutated into "}  } ]" at the record's
     * own column closed the record early, and the ']' after the junk was taken for the array's end, so the record's
     * real close on the next line ("},") became a second bad element (log 137: so did its nested closers on the lines
     * after). The ']' ends the array only if the next line does not start with a closer at or right of that record's
     * column: here it is one damaged record, every other record read.
     */
    @Test
    void aNestedCloseMutatedIntoBraceJunkAndBracketAtTheRecordsColumnIsOneBadRecordNotTwo() throws IOException {
        List<String> els = records();
        // seed 20 log 137: the closers the mutation did not take follow on lines of their own, deeper than the record
        for (String junk : new String[]{"\n}  } ]", "\n}        } ]\n  }"}) {
        for (int k : new int[]{0, 5, 38, 39}) {
            List<String> copy = new ArrayList<>(els);
            String r = copy.get(k);
            int end = r.lastIndexOf("\n}");
            int from = r.lastIndexOf("\n  }", end - 1);
            copy.set(k, r.substring(0, from) + junk + r.substring(end));
            long[] at = new long[40];
            JsonNode j = analyze("closed-early" + k + ".json", array(copy, at));
            assertEquals(39, j.get("requests").asLong(), k + ": " + j.get("bad_line_samples"));
            assertEquals(1, j.get("bad_lines").asLong(), k + ": " + j.get("bad_line_samples"));
            assertEquals(List.of(at[k]), badLines(j), k + ": " + j.get("bad_line_samples"));
        }
        }
    }
    /**
     * Seed 20 log 257: a nested close mutated into "}  }, {" with the '}' at the record's column. The record is cut
     * short there, the second '}' is junk, and the '{' after the ',' only looks like Jackson's "}, {": what it opens
     * is indented like the record's nested objects and closes right of the record's column, so it is still that one
     * bad record, not a record of its own.
     */
    @Test
    void aNestedCloseMutatedIntoBraceJunkCommaBraceAtTheRecordsColumnIsOneBadRecordNotTwo() throws IOException {
        List<String> els = records();
        for (int k : new int[]{0, 5, 38, 39}) {
            List<String> copy = new ArrayList<>(els);
            String r = copy.get(k);
            int at0 = r.indexOf("\n  }, {");
            assertTrue(at0 > 0, "record " + k + " has no nested \"}, {\"");
            copy.set(k, r.substring(0, at0) + "\n}  }, {" + r.substring(at0 + "\n  }, {".length()));
            long[] at = new long[40];
            JsonNode j = analyze("junk-comma-brace" + k + ".json", array(copy, at));
            assertEquals(39, j.get("requests").asLong(), k + ": " + j.get("bad_line_samples"));
            assertEquals(1, j.get("bad_lines").asLong(), k + ": " + j.get("bad_line_samples"));
            assertEquals(List.of(at[k]), badLines(j), k + ": " + j.get("bad_line_samples"));
        }
    }
}
