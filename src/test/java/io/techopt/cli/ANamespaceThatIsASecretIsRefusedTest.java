package io.techopt.cli;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Review r18 F9i: a --namespace shaped like a key was the clear prefix of every Redis and L1 snapshot key. */
class ANamespaceThatIsASecretIsRefusedTest {
    @TempDir
    Path tmp;

    private static final String KEY = "sk-ant-api03-QwErTyUiOpAsDfGhJkLzXcVbNm1234567890abcdEFGH";

    @Test
    void cacheWarmRefusesAKeyOrAnAddressAsNamespaceWithoutEchoingIt() throws Exception {
        Path log = Path.of("samples/requests.jsonl.gz").toAbsolutePath();
        for (String ns : new String[]{KEY, "leo.secret@example.com"}) {
            Path snap = tmp.resolve("l1-" + ns.length() + ".jsonl");
            TestSupport.Run run = TestSupport.cli("cache-warm", log.toString(), "--namespace", ns, "--l1-snapshot", snap.toString(), "-q");
            assertEquals(2, run.code(), run.err());
            assertTrue(run.err().contains("--namespace"), run.err());
            assertFalse(run.err().contains(ns) || run.out().contains(ns), run.err());
            assertFalse(Files.exists(snap));
        }
        Path snap = tmp.resolve("l1.jsonl");
        TestSupport.Run ok = TestSupport.cli("cache-warm", log.toString(), "--namespace", "team-a", "--l1-snapshot", snap.toString(), "-q");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(Files.readString(snap).contains("team-a:"));
    }

    @Test
    void aPlainNamespaceIsKept() {
        assertEquals("techopt", SemanticCacheOptions.plainNamespace("techopt"));
    }
}
