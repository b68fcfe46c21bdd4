package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 18 defect 1: Jackson's default pretty printer opens each record on the line of the previous one's close
 * ({@code "}, {"}), plain ({@code [ {}) or wrapped ({@code {"data" : [ {}). A record cut short (mid-string, after
 * ':' or ',', inside its messages, or the last one) made the scanner swallow every later record: 12 records read as
 * 5 + 1 bad line. Each cut record must be one bad line on the line its '{' opens, every other record read.
 */
class JsonDocumentJacksonLayoutTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final int N = 12;

    @TempDir
    Path tmp;

    private static List<JsonNode> records() throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("samples/requests.jsonl.gz")))) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            List<JsonNode> out = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                out.add(M.readTree(lines[i]));
            }
            return out;
        }
    }

    /** Jackson's default pretty printer, built record by record so one can be cut; at[i]: line record i opens on. */
    private static String document(List<String> recs, boolean wrapped, long[] at) {
        String ind = wrapped ? "  " : "";
        StringBuilder b = new StringBuilder(wrapped ? "{\n  \"data\" : [ " : "[ ");
        for (int i = 0; i < recs.size(); i++) {
            at[i] = b.chars().filter(c -> c == '\n').count() + 1;
            b.append(recs.get(i).replace("\n", "\n" + ind)).append(i + 1 < recs.size() ? ", " : " ]");
        }
        return b.append(wrapped ? ",\n  \"meta\" : {\n    \"page\" : 1\n  }\n}" : "").toString();
    }

    private static String pretty(JsonNode n) throws IOException {
        return M.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    }

    private JsonNode analyze(String name, String content) throws IOException {
        Path f = TestSupport.write(tmp, name, content);
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, run.code(), run.err());
        return run.json();
    }

    /** Where record text r is cut: what it keeps, then its closing '}' on a line of its own (as in plaincut.json). */
    private static String cut(String r, String how) {
        int i = switch (how) {
            case "mid-string" -> r.indexOf("\"model\" : \"") + 14;
            case "after-colon" -> r.indexOf("\"model\" :") + 9;
            case "after-comma" -> r.indexOf(",\n", r.indexOf("\"model\" :")) + 1;
            case "inside-messages" -> r.indexOf("\"content\" : \"") + 20;
            default -> throw new IllegalArgumentException(how);
        };
        return r.substring(0, i) + "\n}";
    }

    @Test
    void theBuiltDocumentIsJacksonsOwnLayout() throws IOException {
        List<JsonNode> recs = records();
        List<String> texts = new ArrayList<>();
        ArrayNode arr = M.createArrayNode();
        for (JsonNode r : recs) {
            texts.add(pretty(r));
            arr.add(r);
        }
        ObjectNode o = M.createObjectNode();
        o.set("data", arr);
        o.putObject("meta").put("page", 1);
        assertEquals(pretty(arr), document(texts, false, new long[N]));
        assertEquals(pretty(o), document(texts, true, new long[N]));
    }

    @Test
    void aCutRecordInAJacksonPrettyPrintedArrayIsOneBadLineAndEveryOtherRecordIsRead() throws IOException {
        List<JsonNode> recs = records();
        for (boolean wrapped : new boolean[]{false, true}) {
            for (String how : new String[]{"mid-string", "after-colon", "after-comma", "inside-messages"}) {
                for (int k : new int[]{0, 5, N - 1}) {
                    List<String> texts = new ArrayList<>();
                    for (JsonNode r : recs) {
                        texts.add(pretty(r));
                    }
                    texts.set(k, cut(texts.get(k), how));
                    long[] at = new long[N];
                    String label = (wrapped ? "wrapped " : "plain ") + how + " record " + k;
                    JsonNode j = analyze("j" + wrapped + how + k + ".json", document(texts, wrapped, at));
                    assertEquals(N - 1, j.get("requests").asInt(), label);
                    assertEquals(1, j.get("bad_lines").asInt(), label);
                    assertEquals(at[k], j.get("bad_line_samples").get(0).get("line").asLong(), label);
                }
            }
        }
    }

    @Test
    void twoCutRecordsSideBySideAreTwoBadLines() throws IOException {
        List<JsonNode> recs = records();
        for (boolean wrapped : new boolean[]{false, true}) {
            List<String> texts = new ArrayList<>();
            for (JsonNode r : recs) {
                texts.add(pretty(r));
            }
            texts.set(3, cut(texts.get(3), "mid-string"));
            texts.set(4, cut(texts.get(4), "inside-messages"));
            long[] at = new long[N];
            JsonNode j = analyze("two" + wrapped + ".json", document(texts, wrapped, at));
            assertEquals(N - 2, j.get("requests").asInt(), "wrapped " + wrapped);
            assertEquals(2, j.get("bad_lines").asInt(), "wrapped " + wrapped);
            assertEquals(at[3], j.get("bad_line_samples").get(0).get("line").asLong());
            assertEquals(at[4], j.get("bad_line_samples").get(1).get("line").asLong());
        }
    }
}
