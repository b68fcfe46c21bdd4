package io.techopt.compress;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, defect 7: one 10 MB prompt without spaces exhausted the heap of the launcher (-Xmx376m, bin/techopt), and
 * the message blamed "about 80 bytes per request". Run in a separate JVM with the launcher's heap.
 */
class HugePromptMemoryTest {
    @TempDir
    Path tmp;

    static Path noSpacePrompt(Path dir, int chars) throws IOException {
        Path p = dir.resolve("huge.txt");
        Random r = new Random(18);
        try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            char[] buf = new char[65536];
            for (int done = 0; done < chars; done += buf.length) {
                for (int i = 0; i < buf.length; i++) {
                    buf[i] = (char) ('a' + r.nextInt(26));
                }
                w.write(buf, 0, Math.min(buf.length, chars - done));
            }
        }
        return p;
    }

    record Proc(int code, String out, String err) {
    }

    static Proc techopt(String heap, Path dir, String... args) throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                "-XX:+UseParallelGC", "-XX:ParallelGCThreads=2", "-cp", cp, "io.techopt.cli.Main"));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout"), err = dir.resolve("stderr");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) { // a hang guard, not a speed target
            p.destroyForcibly();
            throw new AssertionError("still running after 10 minutes: " + String.join(" ", args));
        }
        return new Proc(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aTenMegabytePromptWithoutSpacesCompressesWithinTheLaunchersHeap() throws Exception {
        Path prompt = noSpacePrompt(tmp, 10_000_000);
        Proc r = techopt("-Xmx376m", tmp, "compress", "-q", "-f", "json", "--rate", "0.5", prompt.toString());
        assertEquals(0, r.code(), r.err());
        var j = TestSupport.JSON.readTree(r.out());
        // about 10M / 4.5 characters a token for random lowercase letters
        assertTrue(j.get("tokens_before").asLong() > 1_000_000, r.out().substring(0, Math.min(400, r.out().length())));
        assertTrue(j.get("tokens_after").asLong() <= Math.ceil(j.get("tokens_before").asLong() * 0.5));
    }

    @Test
    void outOfMemorySaysWhatRanOutAndWhatWasRunning() throws Exception {
        Path prompt = noSpacePrompt(tmp, 10_000_000);
        Proc r = techopt("-Xmx24m", tmp, "compress", "-q", "-f", "json", prompt.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("out of memory in 'compress'"), r.err());
        assertTrue(r.err().contains("Java heap") && r.err().contains("-Xmx limit"), r.err());
        assertFalse(r.err().contains("per request"), "nothing here is per request: " + r.err());
    }
}
