package io.techopt.core;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r19 N1: `--out lnk.json` with lnk.json a symlink to a regular file replaced the link by a regular file and left
 * its target with its old content, where `>`, cp and tee write through the link (`latest.html -> /srv/www/latest.html`).
 * The output goes to the link's target, still atomically (temporary file beside the target, renamed onto it).
 */
class AnOutputThroughALinkKeepsTheLinkTest {
    @TempDir
    Path tmp;

    @Test
    void everyWayOfWritingAFileWritesThroughALinkAndKeepsIt() throws IOException {
        Path www = Files.createDirectories(tmp.resolve("www"));
        Path target = TestSupport.write(www, "latest.json", "old\n");
        Path link = Files.createSymbolicLink(tmp.resolve("lnk.json"), Path.of("www/latest.json")); // relative, as ln -s makes it
        Path chain = Files.createSymbolicLink(tmp.resolve("chain.json"), link);

        AtomicOutput.write(link, w -> w.write("one\n"));
        assertEquals("one\n", Files.readString(target));
        AtomicOutput.writeStream(chain, os -> os.write("two\n".getBytes()));
        assertEquals("two\n", Files.readString(target));
        try (AtomicOutput.Pending p = AtomicOutput.open(link)) {
            p.write("three\n");
            p.commit();
        }
        assertEquals("three\n", Files.readString(target));
        assertTrue(Files.isSymbolicLink(link) && Files.isSymbolicLink(chain), "the links stay links");
        try (var s = Files.list(www)) {
            assertEquals(1, s.count(), "no temporary file left beside the target");
        }

        // a link whose target does not exist yet: the file is made there, as `>` makes it
        Path dangling = Files.createSymbolicLink(tmp.resolve("new.json"), www.resolve("new.json"));
        AtomicOutput.write(dangling, w -> w.write("made\n"));
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("made\n", Files.readString(www.resolve("new.json")));
    }

    @Test
    void analyzeOutThroughALinkWritesTheReportToTheTarget() throws IOException {
        Path log = TestSupport.write(tmp, "a.jsonl", TestSupport.GOOD_LINE + "\n");
        Path target = TestSupport.write(tmp, "tgt.json", "old\n");
        Path link = Files.createSymbolicLink(tmp.resolve("lnk.json"), target);
        TestSupport.Run run = TestSupport.cli("analyze", log.toString(), "--format", "json", "--out", link.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(target).startsWith("{"), "the report is in the target");
        assertTrue(run.err().contains("wrote " + link), run.err());
    }
}
