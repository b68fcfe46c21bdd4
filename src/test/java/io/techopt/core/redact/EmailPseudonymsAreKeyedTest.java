package io.techopt.core.redact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.techopt.core.Redactor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Review r18 F0: an unkeyed hash of an address lets anyone with a report confirm a guessed address. */
class EmailPseudonymsAreKeyedTest {
    @TempDir
    Path tmp;

    private static String sha256Prefix(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)), 0, 4);
    }

    @Test
    void aGuessedAddressCannotBeCheckedAgainstItsPseudonymWithAPlainHash() throws Exception {
        String out = Redactor.redact("from leo.secret@example.com");
        assertTrue(out.contains("<email:"), out);
        assertFalse(out.contains(sha256Prefix("leo.secret@example.com")), out); // was <email:41554f02>
        assertEquals(out, Redactor.redact("from leo.secret@example.com"), "stable within a run");
    }

    @Test
    void anotherKeyGivesAnotherPseudonymAndOneKeyTheSame() {
        byte[] a = "key-a".getBytes(StandardCharsets.UTF_8), b = "key-b".getBytes(StandardCharsets.UTF_8);
        assertEquals(EmailPseudonym.shortHash("leo@example.com", a), EmailPseudonym.shortHash("leo@example.com", a));
        assertNotEquals(EmailPseudonym.shortHash("leo@example.com", a), EmailPseudonym.shortHash("leo@example.com", b));
    }

    /**
     * Review adv25 MED-3: 32 bits of HMAC made one pair of users alike per ~93k e-mail users (user15481@ and user52733@
     * corp.example.com under the key adv25key were one user on a store, and ab-report's lift went with them); 64 bits.
     */
    @Test
    void aHundredThousandUsersHaveAHundredThousandPseudonyms() {
        byte[] key = "adv25key".getBytes(StandardCharsets.UTF_8);
        assertNotEquals(EmailPseudonym.shortHash("user15481@corp.example.com", key),
                EmailPseudonym.shortHash("user52733@corp.example.com", key));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            assertTrue(seen.add(EmailPseudonym.shortHash("user" + i + "@corp.example.com", key)), "user" + i);
        }
        String shown = Redactor.redact("jane@example.com");
        assertTrue(shown.matches("<email:[0-9a-f]{16}>"), shown);
        assertTrue(Redactor.heldEmail(shown));
        assertTrue(Redactor.heldEmail("<email:1a2b3c4d>"), "a store ingested before keeps 32-bit pseudonyms");
    }

    @Test
    void theEnvironmentKeyWinsAndNoFileIsMade() {
        Map<String, String> env = Map.of(PseudonymKey.ENV, "fixed", "XDG_CONFIG_HOME", tmp.toString());
        assertArrayEquals("fixed".getBytes(StandardCharsets.UTF_8), PseudonymKey.resolve(env, tmp.toString()));
        assertFalse(Files.exists(tmp.resolve("techopt")));
    }

    @Test
    void withoutTheEnvironmentAKeyFileIsMadeOwnerOnlyAndKeptAcrossRuns() throws Exception {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", tmp.resolve("cfg").toString());
        byte[] first = PseudonymKey.resolve(env, "/nonexistent");
        Path file = tmp.resolve("cfg/techopt/pseudonym.key");
        assertTrue(Files.isRegularFile(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(32, first.length);
        assertArrayEquals(first, PseudonymKey.resolve(env, "/nonexistent"), "the next run reads the same key");
        try (var s = Files.list(file.getParent())) {
            assertEquals(1, s.count(), "no temp file left");
        }
    }

    @Test
    void withoutXdgTheKeyLivesUnderHomeConfig() {
        assertEquals(Path.of("/home/u/.config/techopt/pseudonym.key"), PseudonymKey.keyFile(Map.of(), "/home/u"));
    }

    @Test
    void aKeyFileOthersCanReadIsTightened() throws Exception {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", tmp.toString());
        Path file = tmp.resolve("techopt/pseudonym.key");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "00112233445566778899aabbccddeeff\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertArrayEquals(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"), PseudonymKey.resolve(env, "/x"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
