package io.techopt.store;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * duckdb_jdbc copies its native library (57 MB) into java.io.tmpdir at start and deletes it only at a clean exit: every
 * killed techopt left a libduckdb_java*.so in /tmp. Children run with their own java.io.tmpdir, as a user runs techopt.
 */
class AKilledRunLeavesNoCopyOfDuckDbsLibraryTest {
    @TempDir
    Path tmp;

    private Process start(Path childTmp, String failpoint, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + childTmp));
        if (failpoint != null) {
            cmd.add("-Dtechopt.store.failpoint=" + failpoint);
        }
        cmd.add("io.techopt.cli.Main");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child-" + System.nanoTime() + ".out").toFile()).start();
    }

    private static List<String> copies(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("libduckdb_java")).sorted().toList();
        }
    }

    private Path log() throws IOException {
        return TestSupport.write(tmp, "a.jsonl", StoreLogs.log(0, 4000, 0));
    }

    /** A halt inside ingest's commit skips the exit's clean-up as SIGKILL does; it comes after DuckDB is loaded. */
    @Test
    void anIngestHaltedAfterDuckDbStartedLeavesNoCopy() throws Exception {
        Path childTmp = Files.createDirectories(tmp.resolve("child-tmp"));
        Process p = start(childTmp, "staged", "ingest", "-q", "--store", tmp.resolve("store").toString(), log().toString());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "halted at the failpoint");
        assertEquals(List.of(), copies(childTmp));
    }

    /** SIGKILL once the child has DuckDB's library mapped, then a run again: nothing of either stays. */
    @Test
    void sigkilledWithDuckDbLoadedThenRunAgainNothingStays() throws Exception {
        Path childTmp = Files.createDirectories(tmp.resolve("child-tmp"));
        Path store = tmp.resolve("store"), log = log();
        Process p = start(childTmp, null, "ingest", "-q", "--store", store.toString(), log.toString());
        Path maps = Path.of("/proc", Long.toString(p.pid()), "maps");
        TestSupport.needs(Files.exists(maps), "Linux's /proc");
        long mappedAt = 0;
        // kill once the child has removed its copy (it maps it "(deleted)"), or 5 s after it mapped it
        while (p.isAlive()) {
            String m;
            try {
                m = Files.readString(maps);
            } catch (IOException ended) {
                break;
            }
            if (m.contains("libduckdb_java")) {
                mappedAt = mappedAt == 0 ? System.nanoTime() : mappedAt;
                if (m.contains("(deleted)") || System.nanoTime() - mappedAt > 5_000_000_000L) {
                    p.destroyForcibly();
                    break;
                }
            }
            Thread.sleep(20);
        }
        p.waitFor(30, TimeUnit.SECONDS);
        Process again = start(childTmp, null, "analyze", "-q", "-f", "json", "--store", store.toString());
        assertTrue(again.waitFor(120, TimeUnit.SECONDS));
        assertEquals(List.of(), copies(childTmp));
    }

    /** A copy an older run left (no process maps it) is removed by the next run; other files are left alone. */
    @Test
    void aCopyLeftByAnOlderRunIsRemovedByTheNextAndOtherFilesStay() throws Exception {
        Path childTmp = Files.createDirectories(tmp.resolve("child-tmp"));
        Path stale = Files.writeString(childTmp.resolve("libduckdb_java123456789.so"), "left by a killed run");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path other = Files.writeString(childTmp.resolve("libother.so"), "not DuckDB's");
        Files.setLastModifiedTime(other, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Process p = start(childTmp, null, "ingest", "-q", "--store", tmp.resolve("store").toString(), log().toString());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals(List.of(), copies(childTmp));
        assertTrue(Files.exists(other));
    }
}
