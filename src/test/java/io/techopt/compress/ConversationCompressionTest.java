package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.TestSupport;
import io.techopt.core.Message;
import io.techopt.tokens.TokenCounter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, defect 1: compressing a conversation emptied the system message and kept turns, produced a summary that
 * was only its heading, lost the fact the question needed, and stopped far under its budget. Checked on the issue's
 * kind of chat, on generated conversations, and on real ones (MT-Bench, MeetingBank, GSM8K few-shot, LLMLingua-2's
 * dialogue) with a fact planted in an older turn and asked about in other words.
 */
class ConversationCompressionTest {
    static final TokenCounter COUNTER = new TokenCounter();
    /** One compressor (one MiniLM) for the whole class: its sentence vectors are cached. */
    static final MessageCompressor MC = new MessageCompressor(COUNTER, EncodingType.O200K_BASE);
    static final Compressor.Options BASE = new Compressor.Options(0, null, List.of(), true, true, false);

    @TempDir
    Path tmp;

    static List<Message> travelChat() {
        List<Message> m = new ArrayList<>();
        m.add(new Message("system", "You are a helpful travel assistant. Answer briefly. You are a helpful travel assistant."));
        String[][] turns = {
                {"I am flying from Boston to Lisbon next week. Can you help me plan?", "Of course. Flight TP218 departs Boston at "
                        + "19:05 on Monday. It arrives at Lisbon at 08:20 on Tuesday morning. The flight takes about six hours."},
                {"What hotels are near the old town?", "The Alfama district has several small hotels. Hotel Memmo Alfama has a "
                        + "rooftop terrace. Prices start around 180 euros a night."},
                {"Do I need a visa?", "Citizens of the United States do not need a visa for stays under 90 days. Your passport "
                        + "must be valid for three months after departure."},
                {"What is the weather like?", "Lisbon in May is mild. Daytime temperatures are around 22 degrees. Evenings can be "
                        + "cool near the river."},
                {"ok", "Anything else?"},
                {"Thanks.", "You are welcome. Enjoy the trip to Lisbon and the old town."}};
        for (String[] t : turns) {
            m.add(new Message("user", t[0]));
            m.add(new Message("assistant", t[1]));
        }
        m.add(new Message("user", "What time does my plane land?"));
        return m;
    }

    @Test
    void theIssuesChatKeepsItsSystemAndTurnsUsesItsBudgetAndKeepsTheArrivalTime() throws IOException {
        List<Message> chat = travelChat();
        Path f = tmp.resolve("conv.json");
        TestSupport.JSON.writeValue(f.toFile(), chat);
        for (double rate : new double[]{0.5, 0.6}) {
            TestSupport.Run run = TestSupport.cli("compress", "-q", "-f", "json", "--rate", String.valueOf(rate), f.toString());
            assertEquals(0, run.code(), run.err());
            JsonNode j = run.json();
            List<Message> out = new ArrayList<>();
            j.get("messages").forEach(x -> out.add(new Message(x.get("role").asText(), x.get("content").asText())));
            assertEquals(chat.get(0), out.get(0), "the system message stays byte-identical");
            assertEquals(chat.subList(chat.size() - 3, chat.size()), out.subList(out.size() - 3, out.size()),
                    "the kept turns (--keep-turns 2) stay byte-identical");
            out.forEach(m -> assertFalse(m.content().isBlank(), "no message is empty: " + out));
            String summary = out.get(1).content();
            assertTrue(summary.startsWith(MessageCompressor.SUMMARY_HEADING + "\n") && summary.lines().count() > 1, summary);
            assertTrue(summary.contains("It arrives at Lisbon at 08:20 on Tuesday morning."), "the fact the question needs:\n" + summary);
            int target = (int) Math.ceil(j.get("tokens_before").asInt() * rate);
            assertEquals(target, j.get("target_tokens").asInt());
            assertTrue(j.get("tokens_after").asInt() <= target, j.toString());
            assertTrue(j.get("ratio").asDouble() >= rate - 0.03, "uses its budget: " + j.get("ratio") + " for " + rate);
        }
    }

    /** Before the fix this emptied the system message and the kept assistant turn at 0.5 (the system one was "de-duplicated"). */
    @Test
    void aSystemSentenceRepeatedInAnOlderTurnNeverEmptiesTheSystemMessageOrAKeptTurn() {
        List<Message> in = List.of(new Message("system", "Answer briefly."),
                new Message("user", "Answer briefly. My flight TP218 is on Monday."),
                new Message("assistant", "Noted. It arrives at Lisbon at 08:20 on Tuesday morning. The hotel is in Alfama."),
                new Message("user", "Book a table for two."), new Message("assistant", "Done for 20:00."),
                new Message("user", "ok"), new Message("assistant", "Anything else?"), new Message("user", "When does my plane land?"));
        for (double rate : new double[]{0.5, 0.6, 0.7}) {
            int target = (int) Math.ceil(MC.tokens(in) * rate);
            MessageCompressor.Result r = MC.compress(in, target, 2, 1024, BASE);
            checkInvariants(in, r, target, 2);
            assertEquals(in.get(0), r.messages().get(0));
            assertEquals(in.subList(5, 8), r.messages().subList(r.messages().size() - 3, r.messages().size()));
        }
    }

    // ---- invariants, on generated conversations

    static final List<String> SENTENCES = List.of("The invoice for March was paid on the 4th.", "Our team moved the batch jobs to "
            + "the night window.", "Customer 42 asked for a refund of $120.", "The dashboard shows p95 latency at 840 ms.",
            "Der Bericht ist fertig.", "顾客称赞了新的界面。", "Please keep answers short.", "ok", "Thanks!", "Sure.",
            "You are a billing assistant.", "```sql\nselect sum(cost) from usage;\n```", "The cache hit rate fell to 31% after the deploy.",
            "We renewed the contract for 24 months.", "Le service a coûté 99 € de plus.", "Why?", "The migration finished at 02:15 on Sunday.");

    @Provide
    Arbitrary<List<Message>> conversations() {
        Arbitrary<String> content = Arbitraries.of(SENTENCES).list().ofMinSize(1).ofMaxSize(7)
                .map(l -> String.join(l.size() % 3 == 0 ? "\n\n" : " ", l));
        Arbitrary<List<Message>> turns = Combinators.combine(content, content).as((u, a) -> List.of(new Message("user", u),
                new Message("assistant", a))).list().ofMinSize(1).ofMaxSize(9).map(l -> l.stream().flatMap(List::stream).toList());
        return Combinators.combine(Arbitraries.of(SENTENCES).list().ofMinSize(0).ofMaxSize(3), turns, content,
                Arbitraries.of(true, false)).as((sys, t, q, midSystem) -> {
            List<Message> m = new ArrayList<>();
            sys.forEach(s -> m.add(new Message("system", s)));
            m.addAll(t);
            if (midSystem && m.size() > 3) {
                m.add(m.size() / 2, new Message("system", "Reminder: " + t.get(0).content()));
            }
            m.add(new Message("user", q));
            return m;
        });
    }

    @Property(tries = 150) // seed -3204604199669660900 failed the oracle before it split messages whole (CI, 511c0ef)
    void systemAndKeptTurnsStayByteIdenticalNoMessageIsEmptyAndTheBudgetIsUsed(@ForAll("conversations") List<Message> in,
                                                                                 @ForAll @DoubleRange(min = 0.1, max = 0.95) double rate,
                                                                                 @ForAll @IntRange(min = 0, max = 3) int keepTurns) {
        int before = MC.tokens(in);
        int target = (int) Math.ceil(before * rate);
        MessageCompressor.Result r = MC.compress(in, target, keepTurns, 1024, BASE);
        checkInvariants(in, r, target, keepTurns);
    }

    @Test
    void aSentenceSaidTwiceInAnOlderTurnDoesNotFailTheExtractiveCheck() {
        String assistant = "Our team moved the batch jobs to the night window.\nCustomer 42 asked for a refund of $120.\n"
                + "The invoice for March was paid on the 4th.\nThe dashboard shows p95 latency at 840 ms.\n"
                + "Our team moved the batch jobs to the night window.\nThe invoice for March was paid on the 4th.";
        List<Message> in = List.of(new Message("user", "The invoice for March was paid on the 4th."),
                new Message("assistant", assistant), new Message("user", "Customer 42 asked for a refund of $120."));
        int target = (int) Math.ceil(MC.tokens(in) * 0.62);
        checkInvariants(in, MC.compress(in, target, 0, 1024, BASE), target, 0);
        assertTrue(madeOfUnitsOf("Our team moved the batch jobs to the night window. The dashboard shows p95 latency at 840 ms.",
                assistant));
        assertFalse(madeOfUnitsOf("The dashboard shows p95 latency at 840 ms. Customer 42 asked for a refund of $120. "
                + "The dashboard shows p95", assistant), "out of order is still refused");
    }

    /** The invariants of issue 12 defect 1, and that no older sentence left out would still have fitted. */
    static void checkInvariants(List<Message> in, MessageCompressor.Result r, int target, int keepTurns) {
        List<Message> out = r.messages();
        assertEquals(MC.tokens(out), r.tokensAfter());
        List<Integer> users = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            if (in.get(i).role().equals("user")) {
                users.add(i);
            }
        }
        int keep = Math.max(1, keepTurns);
        int firstKept = users.size() > keep ? users.get(users.size() - keep) : 0;
        List<Message> keptTail = in.subList(firstKept, in.size());
        assertEquals(keptTail, out.subList(out.size() - keptTail.size(), out.size()), "kept turns byte-identical");
        List<Message> systemsIn = in.stream().filter(m -> m.role().equals("system")).toList();
        List<Message> systemsOut = out.stream().filter(m -> m.role().equals("system")
                && !m.content().startsWith(MessageCompressor.SUMMARY_HEADING)).toList();
        assertEquals(systemsIn, systemsOut, "system messages byte-identical, in order");
        List<Message> summaries = out.stream().filter(m -> m.content().startsWith(MessageCompressor.SUMMARY_HEADING)).toList();
        assertTrue(summaries.size() <= 1);
        assertEquals(keptTail.size() + systemsIn.stream().filter(m -> in.indexOf(m) < firstKept).count() + summaries.size(), out.size(),
                "nothing but the summary is added");
        for (Message m : out) {
            assertFalse(m.content().isBlank(), "no message is empty");
        }
        if (in.size() == out.size() && summaries.isEmpty()) {
            assertEquals(in, out);
        }
        List<String> older = new ArrayList<>();
        for (int i = 0; i < firstKept; i++) {
            if (!in.get(i).role().equals("system")) {
                older.add(in.get(i).content());
            }
        }
        String summary = summaries.isEmpty() ? "" : summaries.get(0).content();
        if (!summaries.isEmpty()) {
            List<String> lines = summary.lines().toList();
            assertTrue(lines.size() > 1, "never a heading alone: " + summary);
            for (String line : summary.substring(MessageCompressor.SUMMARY_HEADING.length() + 1)
                    .split("\n(?=(user|assistant|tool|function|developer): )")) {
                String body = line.replaceFirst("^(user|assistant|tool|function|developer): ", "");
                assertTrue(older.stream().anyMatch(o -> madeOfUnitsOf(body, o)), "extractive: '" + line + "' is not whole sentences "
                        + "of one older turn, in order");
            }
        }
        int keptTokens = MC.tokens(out.stream().filter(m -> !summaries.contains(m)).toList());
        if (keptTokens + 12 <= target) { // room for a heading and a sentence at least
            assertTrue(r.tokensAfter() <= target, r.tokensAfter() + " > " + target);
            int gap = target - r.tokensAfter();
            // adding a sentence costs its tokens, a separator and role prefix, and the summary message itself if there is none yet
            int overhead = summaries.isEmpty() ? MC.tokens(List.of(new Message("system", MessageCompressor.SUMMARY_HEADING
                    + "\nassistant: "))) - 3 + 1 : 4;
            for (String o : older) {
                for (Segments.Seg s : Segments.refine(Segments.split(o, List.of()), MessageCompressor.MAX_UNIT_CHARS)) {
                    if (s.kind() != Segments.Kind.SEPARATOR && !s.text().isBlank() && !MessageCompressor.isFiller(s.text())
                            && !summary.contains(s.text().strip())
                            && !keptContains(out.stream().filter(m -> !summaries.contains(m)).toList(), s.text())
                            && !repeatsWhatIsThere(s.text(), out)) {
                        int cost = COUNTER.count(s.text(), EncodingType.O200K_BASE);
                        assertTrue(cost + overhead > gap, "uses its budget: '" + s.text() + "' (" + cost + " tokens) fits the " + gap
                                + " tokens left under the target " + target);
                    }
                }
            }
        }
    }

    /**
     * The line is pieces of the message in their order, whitespace aside: whole sentences, or for a sentence too long
     * for the room its clauses or word runs (Segments.refine), never a rewrite.
     */
    static boolean madeOfUnitsOf(String line, String message) {
        String m = message.replaceAll("\\s+", " ");
        String[] words = line.replaceAll("\\s+", " ").strip().split(" ");
        return runsFrom(m, words, 0, 0, new java.util.HashSet<>());
    }

    /**
     * Whether words[k..] are runs of the message found in order from pos: every run and every place of it is tried (a
     * greedy longest run took the second "window. The" of a turn that says it twice and missed the sentence before it:
     * CI, seed -56943927125741452); {@code failed} remembers the (k, pos) that cannot end well.
     */
    private static boolean runsFrom(String m, String[] words, int k, int pos, java.util.Set<Long> failed) {
        if (k == words.length) {
            return true;
        }
        if (!failed.add((long) k << 32 | pos)) {
            return false;
        }
        StringBuilder piece = new StringBuilder();
        List<String> pieces = new ArrayList<>();
        for (int end = k; end < words.length; end++) {
            piece.append(end > k ? " " : "").append(words[end]);
            if (m.indexOf(piece.toString(), pos) < 0) {
                break;
            }
            pieces.add(piece.toString());
        }
        for (int n = pieces.size(); n >= 1; n--) {
            String p = pieces.get(n - 1);
            for (int at = m.indexOf(p, pos); at >= 0; at = m.indexOf(p, at + 1)) {
                if (runsFrom(m, words, k + n, at + p.length(), failed)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A sentence left out because it (nearly) repeats one of the output (the cosine route assumed to hold). */
    private static boolean repeatsWhatIsThere(String sentence, List<Message> out) {
        for (Message m : out) {
            // split the whole message, not line by line: a line may start inside a code block ("``` You are ...")
            String text = m.content().replaceAll("(?m)^(user|assistant|tool|function|developer): ", "");
            for (Segments.Seg s : Segments.split(text, List.of())) {
                if (s.kind() == Segments.Kind.UNIT && MessageCompressor.repeats(sentence, s.text(), 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean keptContains(List<Message> kept, String s) {
        String k = s.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
        return kept.stream().anyMatch(m -> m.content().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT).contains(k));
    }

    // ---- real conversations with a fact planted in an older turn, asked about in other words

    record Needle(String fact, String question, String mustKeep) {
    }

    static final List<Needle> NEEDLES = List.of(
            new Needle("By the way, your flight TP218 arrives at 08:20 on Tuesday.", "When does my plane land?", "arrives at 08:20"),
            new Needle("The repair invoice came to 4,310 euros in total.", "How much do we owe for fixing it?", "4,310 euros"),
            new Needle("The backup server reboots every Sunday at 03:00.", "When is the machine restarted each week?", "reboots every Sunday"),
            new Needle("Maria's daughter is allergic to peanuts.", "Which food must the girl avoid?", "allergic to peanuts"),
            new Needle("The spare key is hidden under the blue flowerpot by the garage.", "Where can I find something to open the front door?",
                    "under the blue flowerpot"));

    static List<List<Message>> realConversations() throws IOException {
        List<List<Message>> out = new ArrayList<>();
        // MT-Bench: GPT-4's and Mixtral's two-turn conversations as the judge saw them
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (String line : Files.readAllLines(TestSupport.shared("data/routellm/mt_bench/judgements.jsonl"))) {
            JsonNode j = TestSupport.JSON.readTree(line);
            if (j.get("turn").asInt() != 2 || !seen.add(j.get("question_id").asInt()) || out.size() >= 12) {
                continue;
            }
            String p = j.get("user_prompt").asText();
            p = p.substring(p.indexOf("### User:"), p.indexOf("<|The End of Assistant A's Conversation"));
            List<Message> m = new ArrayList<>();
            for (String part : p.split("\n*### ")) {
                if (part.startsWith("User:\n")) {
                    m.add(new Message("user", part.substring(6).strip()));
                } else if (part.startsWith("Assistant A:\n")) {
                    m.add(new Message("assistant", part.substring(13).strip()));
                }
            }
            if (m.size() == 4) {
                out.add(m);
            }
        }
        JsonNode c = TestSupport.JSON.readTree(TestSupport.shared("data/llmlingua-examples/llmlingua_test_constants.json").toFile());
        // MeetingBank: a council meeting, speakers alternating as user and assistant
        String meeting = c.get("test_llmlingua.py").get("MEETINGBANK_TRANSCRIPT_0_PROMPT").asText().replaceAll("</?llmlingua[^>]*>", "");
        List<Message> m = new ArrayList<>();
        m.add(new Message("system", "You take the minutes of a city council meeting."));
        for (String turn : meeting.split("\n(?=Speaker \\d+:)")) {
            if (!turn.isBlank()) {
                m.add(new Message(m.size() % 2 == 1 ? "user" : "assistant", turn.strip()));
            }
        }
        if (m.get(m.size() - 1).role().equals("user")) {
            m.add(new Message("assistant", "Noted."));
        }
        out.add(m);
        // GSM8K 8-shot chain of thought: each worked example a user and an assistant turn
        String gsm = c.get("test_longllmlingua.py").get("GSM8K_PROMPT").asText();
        List<Message> g = new ArrayList<>();
        g.add(new Message("system", "Solve grade-school math problems step by step."));
        for (String ex : gsm.split("\n\n(?=Question:)")) {
            int a = ex.indexOf("Let's think step by step");
            if (ex.startsWith("Question:") && a > 0) {
                g.add(new Message("user", ex.substring(0, a).strip()));
                g.add(new Message("assistant", ex.substring(a).strip()));
            }
        }
        out.add(g);
        // LLMLingua-2's meeting dialogue
        String dialogue = c.get("test_llmlingua2.py").get("PROMPT").asText();
        List<Message> d = new ArrayList<>();
        for (String turn : dialogue.split("\n\n")) {
            d.add(new Message(turn.startsWith("John:") ? "user" : "assistant", turn.strip()));
        }
        out.add(d);
        return out;
    }

    /** The needle goes into the middle of the first assistant turn, which is an older turn for --keep-turns 1. */
    static List<Message> plant(List<Message> conv, Needle n) {
        List<Message> m = new ArrayList<>(conv);
        for (int i = 0; i < m.size(); i++) {
            if (m.get(i).role().equals("assistant")) {
                String t = m.get(i).content();
                int cut = t.indexOf(". ", t.length() / 2);
                m.set(i, new Message("assistant", cut < 0 ? t + " " + n.fact() : t.substring(0, cut + 2) + n.fact() + " " + t.substring(cut + 2)));
                break;
            }
        }
        m.add(new Message("user", n.question()));
        return m;
    }

    @Test
    void realConversationsKeepTheInvariantsAndThePlantedFact() throws IOException {
        List<List<Message>> convs = realConversations();
        assertTrue(convs.size() >= 10, "conversations read: " + convs.size());
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-28s %5s %7s %7s %7s %9s %s%n", "conversation", "rate",
                "before", "target", "after", "achieved", "fact kept"));
        Map<Double, int[]> kept = new LinkedHashMap<>();
        for (int k = 0; k < convs.size(); k++) {
            Needle n = NEEDLES.get(k % NEEDLES.size());
            List<Message> in = plant(convs.get(k), n);
            for (double rate : new double[]{0.3, 0.5, 0.7}) {
                int before = MC.tokens(in);
                int target = (int) Math.ceil(before * rate);
                MessageCompressor.Result r = MC.compress(in, target, 1, 1024, BASE);
                checkInvariants(in, r, target, 1);
                boolean fact = r.messages().stream().anyMatch(x -> x.content().contains(n.mustKeep()));
                kept.computeIfAbsent(rate, x -> new int[2])[0] += fact ? 1 : 0;
                kept.get(rate)[1]++;
                double achieved = (double) r.tokensAfter() / before;
                table.append(String.format(Locale.ROOT, "%-28s %5.2f %7d %7d %7d %9.3f %s%n", "conv " + k + " (" + n.mustKeep() + ")",
                        rate, before, target, r.tokensAfter(), achieved, fact ? "yes" : "NO"));
                assertTrue(achieved >= rate - 0.05, "uses its budget: " + achieved + " for " + rate + " on conversation " + k);
                if (rate >= 0.5) {
                    assertTrue(fact, "conversation " + k + " at " + rate + " lost '" + n.fact() + "' asked as '" + n.question() + "':\n"
                            + r.messages().get(0).content());
                }
            }
        }
        kept.forEach((rate, c) -> table.append(String.format(Locale.ROOT, "rate %.2f: fact kept in %d of %d%n", rate, c[0], c[1])));
        System.out.println(table);
        assertTrue(kept.get(0.3)[0] >= kept.get(0.3)[1] * 0.8, "at rate 0.3 the fact survives in most: " + table);
    }

    @Test
    void aConversationWhoseKeptTurnsExceedTheTargetSaysSoAndChangesNothingKept() {
        List<Message> in = travelChat();
        MessageCompressor.Result r = MC.compress(in, 20, 2, 1024, BASE);
        List<Message> expected = new ArrayList<>();
        expected.add(in.get(0));
        expected.addAll(in.subList(in.size() - 3, in.size()));
        assertEquals(expected, r.messages());
        assertNotNull(r.notes());
        assertTrue(r.notes().get(0).contains("above the target of 20"), r.notes().toString());
    }
}
