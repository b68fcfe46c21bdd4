package io.techopt.compress;

import io.techopt.core.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 defect 1 (reviewer's p1-p4): older turns that only repeat what the kept turns say left the result at a
 * third of its target with no note, and the summary spent its tokens on "assistant: Noted." lines.
 */
class RepeatedOlderTurnsUseTheBudgetOrSayWhyTest {
    static final String[] SAID = {
            "The weather in the city was mild and the team had lunch at the usual place near the river.",
            "Our quarterly review covered hiring plans, office moves and the new expense tool that finance rolled out.",
            "Several people asked about parking permits, which are handled by the facilities desk on the second floor.",
            "The marketing group shared a draft of the spring campaign with new colours and a refreshed logo.",
            "Someone mentioned that the coffee machine on level three has been fixed after two weeks of complaints.",
            "We also discussed the upcoming holiday schedule and who will cover the support rota in December."};
    static final String FACT = "The quarterly planning session kicks off at 9 sharp tomorrow.";

    /** Six exchanges, each repeating the sentences around it; every assistant answer opens with "Noted." */
    static List<Message> repetitiveChat() {
        List<Message> m = new ArrayList<>();
        m.add(new Message("system", "You are a helpful office assistant. Answer briefly and accurately."));
        for (int k = 0; k < 6; k++) {
            String user = SAID[k % 6] + " " + SAID[(k + 1) % 6] + " " + SAID[(k + 2) % 6];
            m.add(new Message("user", k == 2 ? FACT + " " + user : user));
            m.add(new Message("assistant", "Noted. " + SAID[(k + 1) % 6] + " " + SAID[(k + 2) % 6]));
        }
        m.add(new Message("user", "When does the meeting start?"));
        return m;
    }

    @Test
    void olderTurnsThatOnlyRepeatKeptTextEndNearTheTargetOrSayHowFarUnderAndWhy() {
        List<Message> chat = repetitiveChat();
        int before = ConversationCompressionTest.MC.tokens(chat);
        for (double rate : new double[]{0.5, 0.7}) {
            int target = (int) Math.ceil(before * rate);
            MessageCompressor.Result r = ConversationCompressionTest.MC.compress(chat, target, 2, 1024, ConversationCompressionTest.BASE);
            ConversationCompressionTest.checkInvariants(chat, r, target, 2);
            String summary = r.messages().stream().map(Message::content)
                    .filter(c -> c.startsWith(MessageCompressor.SUMMARY_HEADING)).findFirst().orElse("");
            assertTrue(summary.contains("9 sharp"), "the fact the question needs: " + summary);
            assertFalse(summary.contains("Noted."), "a content-free acknowledgement is never worth summary tokens: " + summary);
            if (r.tokensAfter() < target * 0.95) {
                assertEquals(1, r.notes().size(), "rate " + rate + ": " + r.tokensAfter() + " of " + target + " tokens, notes " + r.notes());
                String note = r.notes().get(0);
                assertTrue(note.contains("ended at " + r.tokensAfter() + " tokens") && note.contains("target of " + target)
                        && note.contains("repeats text already kept"), note);
            }
        }
    }

    @Test
    void contentFreeAcknowledgementsAreFillerAndSentencesWithContentAreNot() {
        for (String s : new String[]{"Noted.", "ok", "OK!", "Thanks.", "Got it.", "Sounds good!", "You're welcome."}) {
            assertTrue(MessageCompressor.isFiller(s), s);
        }
        for (String s : new String[]{"No.", "Yes, at 9.", "Noted: the room is B.", "OK, the invoice is 40 euros."}) {
            assertFalse(MessageCompressor.isFiller(s), s);
        }
    }
}
