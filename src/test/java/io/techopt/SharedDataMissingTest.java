package io.techopt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;

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
}
