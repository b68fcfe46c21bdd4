package io.techopt.store;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Review r19 N3: a user or team that is one address spaced around its '@' ("ana.private @ corp.example.org") was shown
 * as the address's pseudonym by analyze on the log, but ingest stored it in clear (user and team columns, no --keep-text
 * needed), and an analyze of the store split the user into two identical-looking rows.
 */
class TheStoreKeepsNoSpacedAddressTest {
    @Test
    void aSpacedAddressIsStoredAsItsPseudonymAndGroupsAsOnTheLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("spaced.jsonl");
        List<String> names = List.of("ana.private@corp.example.org", "ana.private @ corp.example.org",
                "ana.private@ corp.example.org", "ana.private @corp.example.org");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            lines.append("{\"timestamp\":\"2026-10-0").append(i + 1).append("T10:00:00Z\",\"model\":\"gpt-4o\",\"user\":\"")
                    .append(names.get(i)).append("\",\"team\":\"").append(names.get(i))
                    .append("\",\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n");
        }
        Files.writeString(log, lines.toString());
        Path store = dir.resolve("store");
        assertEquals(0, TestSupport.cli("ingest", log.toString(), "--store", store.toString(), "-q").code());

        try (Stream<Path> files = Files.walk(store)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains("corp.example.org") || bytes.contains("ana.private"), "address in clear in " + f);
            }
        }
        TestSupport.Run fromLog = TestSupport.cli("analyze", log.toString(), "--group-by", "user", "-f", "json", "-q");
        TestSupport.Run fromStore = TestSupport.cli("analyze", "--store", store.toString(), "--group-by", "user", "-f", "json", "-q");
        assertEquals(0, fromStore.code(), fromStore.err());
        assertEquals(1, fromLog.json().get("groups").size(), fromLog.out());
        assertEquals(fromLog.json().get("groups"), fromStore.json().get("groups"), "the store groups as the log does");
    }
}
