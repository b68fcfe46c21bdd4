package io.techopt.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 defect 4, directories (cli.md: "a directory (every log file inside)"; exit 3 for non-empty input of which
 * no request could be read): a directory of files none of which is a log exits 3 naming the directory and the files
 * skipped; an empty directory is empty input, exit 0 with a warning; files skipped beside logs are named.
 */
class DirectoryInputTest {
    @TempDir
    Path tmp;

    static final List<List<String>> LOG_COMMANDS = List.of(List.of("analyze"), List.of("budget"), List.of("cost-forecast"),
            List.of("route-sim"), List.of("compress", "--rate", "0.5"));

    private static TestSupport.Run run(List<String> command, Path input, String... more) {
        List<String> args = new java.util.ArrayList<>(command);
        args.add(input.toString());
        args.addAll(List.of(more));
        return TestSupport.cli(args.toArray(String[]::new));
    }

    @Test
    void aDirectoryOfFilesNoneOfThemLogsExits3NamingTheDirectoryAndTheSkippedFiles() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("exports"));
        TestSupport.write(dir, "requests.txt", TestSupport.GOOD_LINE + "\n");
        TestSupport.write(dir, "notes.md", "# not a log\n");
        for (List<String> c : LOG_COMMANDS) {
            TestSupport.Run r = run(c, dir, "-q", "-f", "json");
            assertEquals(3, r.code(), c + ": " + r.err());
            String err = r.err().strip();
            assertTrue(err.startsWith("techopt: ") && err.contains(dir.toString()) && err.contains("2 files skipped")
                    && err.contains("requests.txt") && err.contains("notes.md") && err.contains(".jsonl"), c + ": " + err);
            assertTrue(r.out().isBlank(), c + ": a failed run prints no report");
        }
    }

    @Test
    void anEmptyDirectoryIsEmptyInputExit0WithAWarningSayingItIsEmpty() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        Files.createDirectories(dir.resolve("sub"));
        Path emptyFile = TestSupport.write(tmp, "empty.jsonl", "");
        for (List<String> c : LOG_COMMANDS) {
            TestSupport.Run r = run(c, dir, "-f", "json");
            // empty input: what the command does with an empty file (0, or 2 where it needs requests), never 1 or 3
            assertEquals(run(c, emptyFile, "-f", "json").code(), r.code(), c + ": " + r.err());
            assertTrue(r.code() == 0 || r.code() == 2, c + ": " + r.code());
            assertTrue(r.err().contains("techopt: warning: directory " + dir + " is empty"), c + ": " + r.err());
        }
        JsonNode j = TestSupport.cli("analyze", dir.toString(), "-q", "-f", "json").json();
        assertEquals(0, j.get("requests").asLong());
        assertTrue(j.get("warnings").toString().contains("is empty"), "the report says so too: " + j.get("warnings"));
    }

    @Test
    void filesSkippedBesideLogsAreNamedInAWarningAndTheLogsAreRead() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mixed"));
        TestSupport.write(dir, "day1.jsonl", TestSupport.GOOD_LINE + "\n");
        TestSupport.write(dir, "day2.jsonl.bak", TestSupport.GOOD_LINE + "\n");
        TestSupport.write(dir, ".DS_Store", "x");
        TestSupport.Run r = TestSupport.cli("analyze", dir.toString(), "-f", "json");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.json().get("requests").asLong());
        assertTrue(r.err().contains("1 file skipped (day2.jsonl.bak)"), r.err());
        assertTrue(r.json().get("warnings").toString().contains("day2.jsonl.bak"), r.json().get("warnings").toString());
        assertTrue(!r.err().contains(".DS_Store"), "hidden files are not the user's data: " + r.err());
    }

    @Test
    void aDirectoryOfNonLogsBesideAReadableLogIsAWarningNotAFailure() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("junk"));
        TestSupport.write(dir, "a.txt", "hello\n");
        Path log = TestSupport.write(tmp, "ok.jsonl", TestSupport.GOOD_LINE + "\n");
        TestSupport.Run r = TestSupport.cli("analyze", log.toString(), dir.toString(), "-f", "json");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.json().get("requests").asLong());
        assertTrue(r.err().contains("holds no log file") && r.err().contains("a.txt"), r.err());
    }
}
