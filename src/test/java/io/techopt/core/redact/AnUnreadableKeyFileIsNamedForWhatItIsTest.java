package io.techopt.core.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review r19 N2: a pseudonym key file holding no key (`xyz`, or empty) gave a new random key each run with the warning
 * "cannot keep the pseudonym key in … (IOException)", which reads as a write problem while the file is there but not a
 * key. The warning says the file is not a key, what that does to pseudonyms, and how to mend it; the file is left.
 */
class AnUnreadableKeyFileIsNamedForWhatItIsTest {
    @TempDir
    Path tmp;

    @Test
    void aFileThatIsNoKeySaysSoAndWhatItDoesToPseudonyms() throws Exception {
        for (String content : new String[]{"xyz", "", "0011\n"}) {
            Path file = Files.createDirectories(tmp.resolve("cfg/techopt")).resolve("pseudonym.key");
            Files.writeString(file, content);
            Map<String, String> env = Map.of("XDG_CONFIG_HOME", tmp.resolve("cfg").toString());
            String warning = warningOf(env);
            assertTrue(warning.contains(file + " is not a pseudonym key"), warning);
            assertTrue(warning.contains("differ from every other run's"), warning);
            assertTrue(warning.contains("delete it to make a new key"), warning);
            assertFalse(warning.contains("cannot keep") || warning.contains("IOException"), warning);
            assertEquals(1, warning.lines().count(), warning);
            assertEquals(content, Files.readString(file), "the file is left for its owner to look at");
        }
    }

    @Test
    void aKeyFileThatCannotBeMadeSaysItCannotBeCreated() throws Exception {
        Files.writeString(tmp.resolve("techopt"), "a file where the folder should be");
        String warning = warningOf(Map.of("XDG_CONFIG_HOME", tmp.toString()));
        assertTrue(warning.contains("cannot create the pseudonym key file " + tmp.resolve("techopt/pseudonym.key")), warning);
        assertTrue(warning.contains("differ from every other run's"), warning);
    }

    private static String warningOf(Map<String, String> env) {
        // the warning goes to stderr as the run's own (core has no writer); tests run one at a time
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            PseudonymKey.resolve(env, "/nonexistent");
        } finally {
            System.setErr(before);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
