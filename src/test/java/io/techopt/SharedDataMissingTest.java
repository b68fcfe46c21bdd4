package io.techopt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A test that needs ../shared must not pass by skipping when a CI checkout lacks it (#13, "tests that hide"). */
class SharedDataMissingTest {
    @Test
    void underCiAMissingSharedFileFailsWithAMessageSayingWhereItWasLookedFor(@TempDir Path empty) {
        AssertionError e = assertThrows(AssertionError.class, () -> TestSupport.shared(empty, "data/README.md", true));
        assertTrue(e.getMessage().contains(empty.resolve("data/README.md").toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("under CI"), e.getMessage());
    }

    @Test
    void onADevelopersMachineAMissingSharedFileSkipsTheTest(@TempDir Path empty) {
        assertThrows(TestAbortedException.class, () -> TestSupport.shared(empty, "data/README.md", false));
    }

    @Test
    void aSharedFileThatExistsIsReturnedUnderCiAndElsewhere(@TempDir Path root) throws Exception {
        Path f = TestSupport.write(root, "x.csv", "a\n");
        assertEquals(f, TestSupport.shared(root, "x.csv", true));
        assertEquals(f, TestSupport.shared(root, "x.csv", false));
    }

    /**
     * Every test finds the shared data through {@link TestSupport#shared}: five copies of the check read only CI=true,
     * so under CI=1 or CI=yes their tests skipped silently.
     */
    @Test
    void noTestLooksForTheSharedDataOnItsOwn() throws IOException {
        List<String> own;
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            own = files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("TestSupport.java"))
                    .filter(f -> read(f).contains("getProperty(\"techopt.shared\"")).map(Path::toString).sorted().toList();
        }
        assertEquals(List.of(), own, "use TestSupport.shared(relative)");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
