package io.techopt.store;

import io.techopt.TestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ingest killed in a child JVM (SIGKILL at random moments, and a halt inside each window of the commit protocol)
 * leaves the store as it was before or after each log, and running it again gives the totals of one clean ingest.
 */
class IngestKilledAtAnyMomentTest {
    @TempDir
    static Path tmp;
    static Path a, b, c;
    /** Totals of a clean ingest of the first 0, 1, 2 and 3 logs. */
    static final List<UsageStore.Totals> AFTER = new ArrayList<>();

    @BeforeAll
    static void logsAndTheirCleanTotals() throws IOException {
        // overlapping ids with different tokens: which copy wins depends on the order the logs went in
        a = TestSupport.write(tmp, "a.jsonl", StoreLogs.log(0, 4000, 0));
        b = TestSupport.write(tmp, "b.jsonl", StoreLogs.log(3000, 7000, 500));
        c = TestSupport.write(tmp, "c.jsonl", StoreLogs.log(6000, 10000, 900));
        Path clean = tmp.resolve("clean");
        AFTER.add(new UsageStore.Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        for (Path log : List.of(a, b, c)) {
            assertEquals(0, TestSupport.cli("ingest", "-q", log.toString(), "--store", clean.toString()).code());
            AFTER.add(StoreIngestTest.totals(clean));
        }
        assertEquals(10000, AFTER.get(3).requests());
    }

    /** techopt ingest in its own JVM, as a user runs it; {@code failpoint} halts it at that point of an append. */
    static Process start(Path store, String failpoint, List<Path> logs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                // DuckDB copies its native library (57 MB) to java.io.tmpdir at start; a killed child cannot delete its copy
                "-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("child-tmp"))));
        if (failpoint != null) {
            cmd.add("-Dtechopt.store.failpoint=" + failpoint);
        }
        cmd.addAll(List.of("io.techopt.cli.Main", "ingest", "-q", "--store", store.toString()));
        logs.forEach(l -> cmd.add(l.toString()));
        File out = tmp.resolve("child-" + System.nanoTime() + ".out").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
    }

    /** The store as a reader sees it: every listed file there, and totals of a whole number of logs. */
    static int logsIn(Path store) throws IOException {
        if (!StoreManifest.isStore(store)) {
            return 0;
        }
        try (DuckDbUsageStore s = DuckDbUsageStore.open(store)) {
            for (StoreManifest.Source src : s.sources()) {
                for (String f : src.files()) {
                    assertTrue(Files.isRegularFile(store.resolve(f)), "listed but missing: " + f);
                }
            }
            UsageStore.Totals t = s.totals(Long.MIN_VALUE, Long.MAX_VALUE);
            int n = s.sources().size();
            assertTrue(n <= 3, "a log went in twice: " + s.sources());
            assertEquals(AFTER.get(n), t, "the store after " + n + " logs");
            return n;
        }
    }

    /** After a complete run: exactly the listed files on disk, nothing temporary. */
    static void noLeftovers(Path store) throws IOException {
        Set<String> listed = new HashSet<>();
        StoreManifest.read(store).sources().forEach(s -> listed.addAll(s.files()));
        Set<String> onDisk = new HashSet<>();
        try (Stream<Path> s = Files.walk(store)) {
            s.filter(p -> p.toString().endsWith(".parquet")).forEach(p -> onDisk.add(store.relativize(p).toString()));
        }
        assertEquals(listed, onDisk);
        assertFalse(Files.exists(store.resolve(DuckDbUsageStore.TMP)));
        assertFalse(Files.exists(store.resolve(StoreManifest.FILE + ".tmp")));
    }

    @Test
    void sigkilledAtRandomMomentsThenRunAgainTheStoreEqualsOneCleanIngest() throws Exception {
        Path store = tmp.resolve("victim");
        // how long a whole run takes here, so that the kills land anywhere in it
        long t0 = System.nanoTime();
        Process whole = start(tmp.resolve("timing"), null, List.of(a, b, c));
        assertTrue(whole.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, whole.exitValue());
        long wholeMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(AFTER.get(3), StoreIngestTest.totals(tmp.resolve("timing")));
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> seen = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            Process p = start(store, null, List.of(a, b, c));
            long delay = (long) (random.nextDouble() * wholeMs);
            boolean ended = p.waitFor(delay, TimeUnit.MILLISECONDS);
            if (!ended) {
                p.destroyForcibly(); // SIGKILL
                p.waitFor(30, TimeUnit.SECONDS);
            }
            seen.add("killed after " + delay + " ms of " + wholeMs + (ended ? " (had ended)" : "") + ": " + logsIn(store) + " logs in");
        }
        Process last = start(store, null, List.of(a, b, c));
        assertTrue(last.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, last.exitValue(), "seed " + seed + ": " + seen);
        assertEquals(3, logsIn(store), "seed " + seed + ": " + seen);
        assertEquals(AFTER.get(3), StoreIngestTest.totals(store), "seed " + seed + ": " + seen);
        noLeftovers(store);
    }

    /** A halt inside each window of the commit protocol; the five children run side by side to keep the suite fast. */
    @Test
    void haltedInsideEachWindowOfTheCommitTheStoreIsBeforeOrAfterTheLogAndARunAgainCompletesIt() throws Exception {
        List<String> failpoints = List.of("staged", "moved-one", "moved", "manifest-written", "committed");
        List<Process> children = new ArrayList<>();
        for (String failpoint : failpoints) {
            Path store = tmp.resolve("fp-" + failpoint);
            assertEquals(0, TestSupport.cli("ingest", "-q", a.toString(), "--store", store.toString()).code());
            children.add(start(store, failpoint, List.of(b)));
        }
        for (int i = 0; i < failpoints.size(); i++) {
            String failpoint = failpoints.get(i);
            Path store = tmp.resolve("fp-" + failpoint);
            Process p = children.get(i);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(137, p.exitValue(), "halted at " + failpoint);
            assertEquals(failpoint.equals("committed") ? 2 : 1, logsIn(store), "after a halt at " + failpoint);
            if (!failpoint.equals("committed")) {
                try (Stream<Path> s = Files.walk(store)) {
                    assertTrue(s.anyMatch(f -> f.toString().endsWith(".parquet") && f.getFileName().toString().startsWith("s000002-")),
                            failpoint + ": the halt left the second log's files behind, uncommitted (else this test proves nothing)");
                }
            }
            assertEquals(0, TestSupport.cli("ingest", "-q", a.toString(), b.toString(), "--store", store.toString()).code());
            assertEquals(2, logsIn(store), "run again after a halt at " + failpoint);
            noLeftovers(store);
        }
    }

    /**
     * A new store's first ingest halted inside its commit left day directories or the manifest's temporary file and no
     * manifest; every later ingest refused the directory ("holds files but no store manifest", exit 1): the clean-clone
     * CI of 2210516 killed one there. A new store's empty manifest is committed before any data file now.
     */
    @Test
    void haltedInsideTheFirstCommitOfANewStoreARunAgainCompletesIt() throws Exception {
        List<String> failpoints = List.of("staged", "moved-one", "moved", "manifest-written");
        List<Process> children = new ArrayList<>();
        for (String failpoint : failpoints) {
            children.add(start(tmp.resolve("new-fp-" + failpoint), failpoint, List.of(a)));
        }
        for (int i = 0; i < failpoints.size(); i++) {
            String failpoint = failpoints.get(i);
            Path store = tmp.resolve("new-fp-" + failpoint);
            Process p = children.get(i);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(137, p.exitValue(), "halted at " + failpoint);
            assertEquals(0, logsIn(store), "after a halt at " + failpoint);
            TestSupport.Run again = TestSupport.cli("ingest", "-q", a.toString(), b.toString(), "--store", store.toString());
            assertEquals(0, again.code(), "run again after a halt at " + failpoint + ": " + again.err());
            assertEquals(2, logsIn(store), "run again after a halt at " + failpoint);
            noLeftovers(store);
        }
    }

    /**
     * A store whose manifest is gone (deleted by hand, or an object store's commit killed between removing the old
     * manifest and putting the new one) holds data no manifest lists: ingest refuses it and deletes nothing. Before,
     * leftovers that looked like a killed first ingest's were removed: every earlier row (review r20s F1).
     */
    @Test
    void aStoreWithoutItsManifestIsRefusedAndKeepsItsData() throws Exception {
        for (String state : List.of("manifest renamed to its temporary name", "manifest deleted")) {
            Path store = tmp.resolve("lost-" + state.hashCode());
            assertEquals(0, TestSupport.cli("ingest", "-q", a.toString(), "--store", store.toString()).code());
            Path manifest = store.resolve(StoreManifest.FILE);
            if (state.startsWith("manifest renamed")) {
                Files.move(manifest, store.resolve(StoreManifest.FILE + ".tmp"));
            } else {
                Files.delete(manifest);
            }
            long before;
            try (Stream<Path> s = Files.walk(store)) {
                before = s.filter(p -> p.toString().endsWith(".parquet")).count();
            }
            TestSupport.Run r = TestSupport.cli("ingest", "-q", b.toString(), "--store", store.toString());
            assertEquals(1, r.code(), state + ": " + r.err());
            assertTrue(r.err().contains("holds files but no store manifest"), state + ": " + r.err());
            try (Stream<Path> s = Files.walk(store)) {
                assertEquals(before, s.filter(p -> p.toString().endsWith(".parquet")).count(), state + ": data deleted");
            }
            assertTrue(before > 0);
        }
        Path dir = Files.createDirectories(tmp.resolve("not-a-store").resolve("day=2026-10-01"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        TestSupport.Run r = TestSupport.cli("ingest", "-q", a.toString(), "--store", dir.getParent().toString());
        assertEquals(1, r.code());
        assertTrue(Files.exists(dir.resolve("notes.txt")));
    }

    /**
     * Recovery deleted every unlisted regular file under any entry named day=..., following links: a link to a folder
     * outside the store lost its files, a note in a day directory went, and a user's .tmp folder in a new directory was
     * taken for the tool's own and deleted (review r20g H3).
     */
    @Test
    void recoveryDeletesOnlyWhatAnIngestWroteInsideTheStore() throws Exception {
        Path store = tmp.resolve("with-user-files");
        assertEquals(0, TestSupport.cli("ingest", "-q", a.toString(), "--store", store.toString()).code());
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        Files.writeString(victim.resolve("important.txt"), "keep");
        Files.writeString(victim.resolve("s000009-abcdef12-0.parquet"), "not the store's");
        Files.createSymbolicLink(store.resolve("day=2031-01-01"), victim);
        Path day = Files.list(store).filter(p -> p.getFileName().toString().startsWith("day=2026")).findFirst().orElseThrow();
        Files.writeString(day.resolve("notes.txt"), "mine");
        TestSupport.Run r = TestSupport.cli("ingest", "-q", b.toString(), "--store", store.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("keep", Files.readString(victim.resolve("important.txt")));
        assertTrue(Files.exists(victim.resolve("s000009-abcdef12-0.parquet")), "a file behind a link deleted");
        assertEquals("mine", Files.readString(day.resolve("notes.txt")));

        Path fresh = Files.createDirectories(tmp.resolve("users-tmp").resolve(".tmp"));
        Files.writeString(fresh.resolve("precious.txt"), "mine");
        TestSupport.Run r2 = TestSupport.cli("ingest", "-q", a.toString(), "--store", fresh.getParent().toString());
        assertEquals(1, r2.code(), r2.err());
        assertEquals("mine", Files.readString(fresh.resolve("precious.txt")));
    }
}
