package io.techopt;

import io.techopt.cache.RedisServer;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One rule for what a test needs from outside (TestSupport.needs): under CI a missing one fails, never a skip (r21h L5). */
class MissingDependencyUnderCiTest {
    @Test
    void underCiAMissingRedisServerFails() {
        assertThrows(AssertionError.class, () -> RedisServer.assumeAvailable(null, true));
    }

    @Test
    void onADevelopersMachineAMissingRedisServerSkips() {
        assertThrows(TestAbortedException.class, () -> RedisServer.assumeAvailable(null, false));
    }

    /** A test of its own reading of CI had its own notion of it: CI=false counted as CI, or only CI=true did. */
    @Test
    void noTestReadsTheCiVariableOnItsOwn() throws IOException {
        List<String> own;
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            own = files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("TestSupport.java")
                            && !f.endsWith("MissingDependencyUnderCiTest.java"))
                    .filter(f -> read(f).contains("getenv(\"CI\")")).map(Path::toString).sorted().toList();
        }
        assertEquals(List.of(), own, "use TestSupport.needs or TestSupport.underCi");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
