package io.techopt.compress;

import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.core.Message;
import io.techopt.embed.Embedder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Late review of issue 12 (near-duplicate handling): at --rate 0.35 the summary of the reviewer's travel chat kept "The
 * weather looks nice.", "The weather looks nice!" and "The weather looks really nice.", and every "Noted: X" echo of a user's
 * sentence X beside X itself: half its tokens said something twice, with MiniLM and with the hash embedder alike. A
 * sentence whose content is (nearly) contained in one already chosen is not chosen again, and the room it frees goes to
 * other sentences, so the result still lands within a few per cent of its target.
 */
class NearDuplicatesAreSummarizedOnceTest {
    static final String[] FACTS = {"My flight BA117 departs London at 21:05 on Friday.", "It arrives in New York at 08:20 local time.",
            "I have a connecting flight UA55 to Denver at 11:40.", "My hotel is the Hilton Midtown, booking ref HX-4471.",
            "I prefer aisle seats near the front of the plane.", "My daughter needs a vegetarian meal on every flight.",
            "The rental car is booked with Hertz for five days.", "Our travel insurance policy number is TI-99812.",
            "The conference in Denver starts on Monday at 09:00.", "I need to be back in London by the 14th for a wedding."};
    static final String[] WEATHER = {"The weather looks nice.", "The weather looks nice!", "The weather looks really nice."};

    /** The reviewer's conv.json, with more facts: each user turn a sentence and "Please note this.", each answer "Noted: " and it. */
    static List<Message> echoingChat() {
        List<Message> m = new ArrayList<>();
        m.add(new Message("system", "You are a travel assistant.  Always be polite.\n\nNever book without confirmation.  "));
        List<String> said = new ArrayList<>(List.of(FACTS));
        said.addAll(4, List.of(WEATHER));
        for (String s : said) {
            m.add(new Message("user", s + " Please note this."));
            m.add(new Message("assistant", "Noted: " + s));
        }
        m.add(new Message("user", "What gate and time is my connection?"));
        return m;
    }

    static int count(String text, String s) {
        int n = 0;
        for (int i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void eachSentenceIsSummarizedOnceAndTheFreedRoomGoesToOthersWithEitherEmbedder() {
        for (String embedder : new String[]{"hash", "minilm"}) {
            MessageCompressor mc = embedder.equals("hash")
                    ? new MessageCompressor(ConversationCompressionTest.COUNTER, EncodingType.O200K_BASE, () -> Embedder.named("hash"))
                    : ConversationCompressionTest.MC;
            List<Message> chat = echoingChat();
            int before = mc.tokens(chat);
            for (double rate : new double[]{0.25, 0.35}) {
                int target = (int) Math.ceil(before * rate);
                MessageCompressor.Result r = mc.compress(chat, target, 1, 1024, ConversationCompressionTest.BASE);
                String summary = r.messages().stream().map(Message::content)
                        .filter(c -> c.startsWith(MessageCompressor.SUMMARY_HEADING)).findFirst().orElse("");
                String why = embedder + " at " + rate + " (" + r.tokensAfter() + " of " + target + "): " + summary + " " + r.notes();
                assertTrue(count(summary, "weather looks") <= 1, "one weather sentence at most: " + why);
                for (String key : new String[]{"BA117", "08:20", "UA55", "HX-4471", "aisle", "vegetarian", "Hertz", "TI-99812", "conference", "wedding"}) {
                    assertTrue(count(summary, key) <= 1, "'" + key + "' said once, never its echo too: " + why);
                }
                assertTrue(summary.contains("UA55") && summary.contains("11:40"), "the connection the question asks about: " + why);
                assertTrue(r.tokensAfter() <= target && r.tokensAfter() >= 0.95 * target, "within 5% of the target: " + why);
            }
        }
    }

    @Test
    void wordContainmentAloneCatchesEchoesAndRewordingsButNotOtherNumbers() {
        assertTrue(MessageCompressor.repeats("Noted: The weather looks nice!", "The weather looks nice.", 0));
        assertTrue(MessageCompressor.repeats("The weather looks nice.", "Noted: The weather looks really nice.", 0));
        assertTrue(MessageCompressor.repeats("Noted: I have a connecting flight UA55 to Denver at 11:40.",
                "I have a connecting flight UA55 to Denver at 11:40.", 0));
        // another number is another fact, however alike the words or their vectors
        assertTrue(!MessageCompressor.repeats("order 1001 shipped", "order 1002 shipped", 1));
        assertTrue(!MessageCompressor.repeats("My flight departs at 21:05.", "My flight departs at 22:05.", 1));
        // a word replaced is another fact (MiniLM puts these two 0.92 apart), and so is a negation added
        assertTrue(!MessageCompressor.repeats("My flight arrives at 21:05.", "My flight departs at 21:05.", 0.92));
        assertTrue(!MessageCompressor.repeats("The meeting is not at 10:00.", "The meeting is at 10:00.", 0.97));
        // a longer sentence adds what the shorter one lacks
        assertTrue(!MessageCompressor.repeats("The weather looks nice, and the hotel pool opens at 07:00.", "The weather looks nice.", 0));
        // close meaning with half the words shared is a repeat; without shared words it is not
        assertTrue(MessageCompressor.repeats("The weather looks really very nice today.", "The weather looks nice.", 0.95));
        assertTrue(!MessageCompressor.repeats("It is sunny.", "The weather looks nice.", 0.95));
    }
}
