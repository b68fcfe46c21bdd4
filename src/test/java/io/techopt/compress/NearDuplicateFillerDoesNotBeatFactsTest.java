package io.techopt.compress;

import io.techopt.core.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of issue 12: at --rate 0.3 the summary of the reviewer's travel chat kept five "I also wanted to mention some
 * background detail number N ..." sentences (the same sentence but for its number) and dropped "I booked a window seat
 * in row 42" and "The taxi to the airport costs 55 euros". Sentences that differ only by a number or an ordinal are
 * near-duplicates: the best of them competes, the others come after every distinct sentence.
 */
class NearDuplicateFillerDoesNotBeatFactsTest {
    static final String[] FACTS = {"My flight AF123 departs Paris at 21:05 on Friday.", "It arrives at 08:20 in Tokyo on Saturday.",
            "The hotel check-in opens at 15:00.", "I booked a window seat in row 42.", "Lunch was a sandwich, which was fine.",
            "The weather in Paris was rainy all week.", "My sister lives in Osaka and works at a bank.",
            "The taxi to the airport costs 55 euros."};

    /** The reviewer's conv.json: each user turn is a fact and the same background sentence three times, numbered. */
    static List<Message> reviewersChat(boolean ordinals) {
        String[] ord = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"};
        List<Message> m = new ArrayList<>();
        m.add(new Message("system", "You are a travel assistant.  Keep answers short.\n\nNever reveal internal notes."));
        for (int i = 0; i < FACTS.length; i++) {
            String n = ordinals ? ord[i] : String.valueOf(i);
            String filler = " I also wanted to mention some background detail number " + n
                    + " about my trip planning that is not very important.";
            m.add(new Message("user", FACTS[i] + filler.repeat(3) + " "));
            m.add(new Message("assistant", ("Noted. " + "Thanks for letting me know about item " + n + ". ").repeat(1)
                    + "Thanks for letting me know about item " + n + ". "));
        }
        m.add(new Message("system", "Reminder: respond in English."));
        m.add(new Message("user", "When does my flight land in Tokyo?"));
        return m;
    }

    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void distinctFactsWinOverSentencesThatDifferOnlyByANumberOrAnOrdinal() {
        for (boolean ordinals : new boolean[]{false, true}) {
            List<Message> chat = reviewersChat(ordinals);
            int before = ConversationCompressionTest.MC.tokens(chat);
            int target = (int) Math.ceil(before * 0.3);
            MessageCompressor.Result r = ConversationCompressionTest.MC.compress(chat, target, 2, 1024, ConversationCompressionTest.BASE);
            ConversationCompressionTest.checkInvariants(chat, r, target, 2);
            String summary = r.messages().stream().map(Message::content)
                    .filter(c -> c.startsWith(MessageCompressor.SUMMARY_HEADING)).findFirst().orElse("");
            String why = (ordinals ? "ordinals" : "numbers") + ": " + summary;
            assertTrue(summary.contains("08:20"), "the fact the question needs: " + why);
            // the taxi turn is one of the two kept whole; the facts of the older turns come before any second near-duplicate
            for (String fact : new String[]{"row 42", "check-in opens at 15:00", "Osaka"}) {
                assertTrue(summary.contains(fact), "a distinct fact (" + fact + ") is kept before near-duplicate filler: " + why);
            }
            assertTrue(count(summary, "background detail number") <= 1, "at most one of the near-duplicates: " + why);
        }
    }
}
