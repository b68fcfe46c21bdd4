package io.techopt.budget;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** budget --prompt: an empty prompt has nothing to budget (cli.md: a usage error, exit 2, like an empty pairs file). */
class PromptBudgetInputTest {
    @TempDir
    Path tmp;

    @Test
    void anEmptyOrBlankPromptFileIsAUsageErrorNotABudgetOfNothing() throws IOException {
        for (String content : new String[]{"", "  \n\t\n"}) {
            Path p = TestSupport.write(tmp, "prompt.txt", content);
            TestSupport.Run run = TestSupport.cli("budget", "--prompt", p.toString(), "-f", "json", "-q");
            assertEquals(2, run.code(), "'" + content + "': " + run.out() + run.err());
            assertTrue(run.err().startsWith("techopt: " + p + " is empty: no prompt to budget"), run.err());
            assertTrue(run.out().isBlank(), "no report: " + run.out());
        }
    }

    @Test
    void withoutATaskTypeTheNullTaskTypeIsNamedInANote() throws IOException {
        Path p = TestSupport.write(tmp, "prompt.txt", "Summarise the meeting. The council met and funded the library.\n");
        var j = TestSupport.cli("budget", "--prompt", p.toString(), "-f", "json", "-q").json();
        assertTrue(j.get("task_type").isNull(), j.toString());
        assertTrue(j.get("notes").toString().contains("task_type is null: none was given"), j.toString());
        var given = TestSupport.cli("budget", "--prompt", p.toString(), "--task-type", "summarization", "-f", "json", "-q").json();
        assertEquals("summarization", given.get("task_type").asText());
        assertEquals(0, given.get("notes").size(), given.toString());
    }
}
