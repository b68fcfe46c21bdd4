import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.techopt.core.Redactor;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The redactor alone: Redactor.redact over every string value of a JSON-lines log (prompts, answers, labels), PASSES
 * times after one warm-up pass. Prints the texts, their characters, this thread's CPU seconds per pass, and a SHA-256
 * of every output (equal before and after a change that must not change the output).
 * Usage: java -cp target/techopt.jar bench/RedactBench.java LOG.jsonl.gz [PASSES]
 */
public class RedactBench {
    public static void main(String[] args) throws Exception {
        List<String> texts = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(new FileInputStream(args[0])),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                collect(json.readTree(line), texts);
            }
        }
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long chars = texts.stream().mapToLong(String::length).sum();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (String t : texts) {
            digest.update(Redactor.redact(t).getBytes(StandardCharsets.UTF_8)); // warm-up, and the outputs' digest
        }
        long cpu = threads.getCurrentThreadCpuTime();
        for (int p = 0; p < passes; p++) {
            for (String t : texts) {
                Redactor.redact(t);
            }
        }
        double perPass = (threads.getCurrentThreadCpuTime() - cpu) / 1e9 / passes;
        System.out.printf("%d texts, %.1f MB of chars, %.3f CPU s a pass (%d passes), outputs sha256 %s%n", texts.size(),
                chars / 1e6, perPass, passes, HexFormat.of().formatHex(digest.digest()).substring(0, 16));
    }

    private static void collect(JsonNode node, List<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(child -> collect(child, texts));
    }
}
