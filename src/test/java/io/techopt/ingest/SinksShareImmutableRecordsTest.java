package io.techopt.ingest;

import io.techopt.core.Derived;
import io.techopt.core.LogRecord;
import io.techopt.core.Message;
import io.techopt.core.Usage;
import io.techopt.tokens.TokenCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Records are immutable once read: a sink derives its values into a copy under its own typed key and frees the text
 * by returning a copy without it, so two sinks wired together see the same record whatever their order, and neither
 * can change what the other reads.
 */
class SinksShareImmutableRecordsTest {
    static final Derived.Key<Integer> WORDS = Derived.Key.of("test.words", Integer.class);
    static final Derived.Key<String> FIRST_ROLE = Derived.Key.of("test.firstRole", String.class);

    @TempDir
    Path dir;

    /** Counts the words of the prompt, then frees the text, as analyze's sink does. */
    static final class CountsWordsAndFreesText implements RecordSink {
        final List<Integer> accepted = new ArrayList<>();

        @Override
        public LogRecord prepare(LogRecord r) {
            int words = r.hasPrompt() ? r.messages.get(0).content().split(" ").length : -1;
            return r.with(WORDS, words).withoutText();
        }

        @Override
        public void accept(LogRecord r) {
            accepted.add(r.derived(WORDS));
        }
    }

    /** Needs the text in prepare only: the role of the prompt's first message. */
    static final class ReadsFirstRole implements RecordSink {
        final List<String> accepted = new ArrayList<>();

        @Override
        public LogRecord prepare(LogRecord r) {
            return r.with(FIRST_ROLE, r.hasPrompt() ? r.messages.get(0).role() : "(no text)");
        }

        @Override
        public void accept(LogRecord r) {
            accepted.add(r.derived(FIRST_ROLE) + (r.messages == null ? ", text freed" : ", text kept"));
        }
    }

    static LogRecord read() {
        LogRecord.Builder b = new LogRecord.Builder();
        b.model = "gpt-4o";
        b.timestampMs = 1_790_000_000_000L;
        b.messages = new ArrayList<>(List.of(new Message("system", "be brief and kind")));
        b.response = "ok";
        b.usage = new Usage(5, 0, 0, 0, 1, 0);
        return b.build();
    }

    @Test
    void eachSinkPreparesFromTheRecordAsReadWhicheverIsWiredFirst() {
        for (boolean freeingFirst : new boolean[]{true, false}) {
            CountsWordsAndFreesText words = new CountsWordsAndFreesText();
            ReadsFirstRole role = new ReadsFirstRole();
            RecordSink both = freeingFirst ? RecordSink.both(words, role) : RecordSink.both(role, words);
            LogRecord r = read();
            LogRecord prepared = both.prepare(r);
            both.accept(prepared);
            assertEquals(List.of(4), words.accepted, "freeing sink first: " + freeingFirst);
            assertEquals(List.of("system, text freed"), role.accepted, "freeing sink first: " + freeingFirst);
            assertEquals("be brief and kind", r.messages.get(0).content(), "the record read keeps its text");
            assertEquals("ok", r.response);
            assertSame(Derived.NONE, r.derived, "the record read carries nothing a sink derived");
        }
    }

    @Test
    void aSinkThatFreesNothingKeepsTheTextForTheAcceptStep() {
        ReadsFirstRole role = new ReadsFirstRole();
        role.accept(role.prepare(read()));
        assertEquals(List.of("system, text kept"), role.accepted);
    }

    @Test
    void aRecordsMessagesCannotBeChangedAndTheBuildersListIsNotShared() {
        LogRecord r = read();
        assertThrows(UnsupportedOperationException.class, () -> r.messages.add(new Message("user", "injected")));
        LogRecord.Builder copy = r.toBuilder();
        copy.model = "gpt-4o-mini";
        assertEquals("gpt-4o", r.model, "a copy's builder never reaches the record it copied");
        assertEquals("gpt-4o-mini", copy.build().model);
    }

    @Test
    void aDerivedValueIsTypedByItsKeyAndEachKeyKeepsItsOwn() {
        LogRecord r = read().with(WORDS, 3).with(FIRST_ROLE, "user").with(WORDS, 5);
        assertEquals(5, r.derived(WORDS));
        assertEquals("user", r.derived(FIRST_ROLE));
        assertNull(read().derived(WORDS));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Derived.Key<Object> wrong = (Derived.Key) WORDS;
        assertThrows(ClassCastException.class, () -> read().with(wrong, "not a number"));
    }

    /**
     * Through the reader: the estimate of a record without usage, analyze-style freeing of text, and a second sink that
     * reads the text in prepare; the spans of a trace format name the finished record (its estimate included).
     */
    @Test
    void theReaderHandsBothSinksOneFinishedRecordWithTheEstimateAndBothDerivedValues() throws IOException {
        Path log = dir.resolve("log.jsonl");
        Files.writeString(log, TokenEstimatingSinkTest.litellm("a", "1", "") + "\n");
        CountsWordsAndFreesText words = new CountsWordsAndFreesText();
        ReadsFirstRole role = new ReadsFirstRole();
        List<LogRecord> seen = new ArrayList<>();
        RecordSink last = new RecordSink() {
            @Override
            public void accept(LogRecord r) {
                seen.add(r);
            }
        };
        IngestStats stats = new LogReader(IngestOptions.defaults(), new TokenCounter())
                .read(LogSource.expand(List.of(log.toString())), RecordSink.both(RecordSink.both(words, role), last));
        assertEquals(1, stats.records);
        assertEquals(List.of(2), words.accepted);
        assertEquals(List.of("user, text freed"), role.accepted);
        LogRecord r = seen.get(0);
        assertNotNull(r.usage, "estimated before any sink prepared it");
        assertEquals(true, r.estimated);
        assertEquals(2, r.derived(WORDS));
        assertEquals("user", r.derived(FIRST_ROLE));
    }
}
