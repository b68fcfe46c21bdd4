package io.techopt.compress;

import io.techopt.core.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 defect 1 (adversarial review): at rate 0.5 the summary kept "departs at 21:05" over "arrives at 08:20"
 * for a question about when the flight "lands": a sentence repeating the question's words, or giving any time,
 * outranked the fact phrased differently. Each chat below holds the answer in other words than the question and
 * distractors that share the question's words (and give the same kind of answer: a time, an amount); the answer
 * must reach the summary at every rate, and never lose its place to a distractor.
 */
class ParaphrasedFactsTest {
    record Case(String name, List<Message> chat, String answer, List<String> distractors) {
    }

    static List<Message> chat(String system, String[][] older, String question) {
        List<Message> m = new ArrayList<>();
        m.add(new Message("system", system));
        for (String[] t : older) {
            m.add(new Message("user", t[0]));
            m.add(new Message("assistant", t[1]));
        }
        m.add(new Message("user", question));
        return m;
    }

    static final List<Case> CASES = List.of(
            // the tester's chat, as it was filed
            new Case("lands / arrives", chat("You are a helpful travel assistant. Be concise.", new String[][]{
                    {"I booked a flight to Lisbon. The booking reference is XK42P. It departs Boston at 21:05. It arrives at 08:20 local "
                            + "time. The seat is 14C. I also like window seats but this one is an aisle.",
                            "Great, noted. Your flight XK42P departs at 21:05 and you have seat 14C. Do you need a hotel? Lisbon has many "
                                    + "options near the center."},
                    {"Yes, I need a hotel near Alfama for three nights. My budget is 150 euros per night. I prefer quiet places with "
                            + "breakfast.", "Hotel Memmo Alfama fits: about 140 euros, breakfast included, quiet rooftop. Another is Solar "
                            + "do Castelo for 160 euros."},
                    {"Thanks. I also want a restaurant recommendation for fado music on the first evening.",
                            "Try Clube de Fado in Alfama; reserve ahead. Shows start around 21:30."}}, "When does my flight land?"),
                    "It arrives at 08:20 local time.", List.of("It departs Boston at 21:05.", "Your flight XK42P departs at 21:05")),
            new Case("cost / price", chat("You help with car trouble.", new String[][]{
                    {"My car makes a grinding noise when I brake. The repair shop on Elm Street looked at it this morning.",
                            "The mechanic says the front brake pads are worn down to the metal. The repair shop charged your neighbour 90 "
                                    + "euros for an oil change last spring. They quoted a price of 420 euros including parts and labour."},
                    {"Can I still drive it?", "Only short trips at low speed until the pads are replaced. The repair will take until "
                            + "Friday at 17:00."},
                    {"Is there a courtesy car?", "Yes, a small hatchback is free for two days. Return it with a full tank."},
                    {"Should I also change the tyres?", "The tyres have about 4 mm of tread left. They are fine for this winter, "
                            + "but plan new ones before next autumn."},
                    {"What about the wipers?", "The rear wiper blade is cracked. A new blade is a five minute job at any parts store."}},
                    "How much will the repair cost?"),
                    "They quoted a price of 420 euros including parts and labour.",
                    List.of("The repair shop charged your neighbour 90 euros for an oil change last spring.")),
            new Case("broken / fails", chat("You are a CI assistant.", new String[][]{
                    {"The nightly build has been red since Monday. It runs on the shared runner.",
                            "I looked at the logs. The nightly build runs at 02:00 on the shared runner and has 340 tests. The deploy step "
                                    + "fails because the signing certificate expired on Sunday."},
                    {"Who owns the runner?", "The platform team owns it. Their channel is platform-help."},
                    {"And the flaky test from last week?", "It was fixed by pinning the time zone in the test setup."},
                    {"How long do pipelines take now?", "A merge request pipeline takes about 14 minutes. The cache for the "
                            + "dependencies saves roughly four of them."},
                    {"Can we add more runners?", "Two more are on order. They should be racked by the end of the month."}},
                    "Why is the nightly build broken?"),
                    "The deploy step fails because the signing certificate expired on Sunday.",
                    List.of("The nightly build runs at 02:00 on the shared runner and has 340 tests.")),
            new Case("restarted / reboots", chat("You answer questions about our servers.", new String[][]{
                    {"Tell me about the backup server.", "The backup server was installed on 2024-03-02 and sits in rack 4. The "
                            + "machine reboots every Sunday at 03:00 for patches. It keeps 30 days of snapshots."},
                    {"Who can log in?", "Only the operations group, with their hardware keys."},
                    {"Is it monitored?", "Yes, alerts go to the on-call phone."},
                    {"How much disk does it have?", "It has 48 TB in a RAID 6 array. About 31 TB are in use today."},
                    {"Where are the snapshots copied?", "Every night they are copied to the second site in Leeds over the VPN."}},
                    "When is the backup server restarted?"),
                    "The machine reboots every Sunday at 03:00 for patches.",
                    List.of("The backup server was installed on 2024-03-02 and sits in rack 4.")));

    /** The tester's exact run: `compress conv.json --rate 0.5` (default --keep-turns 2, default embedder) kept only "departs". */
    @Test
    void theTestersChatAtTheCommandsDefaultsKeepsTheArrivalNotOnlyTheDeparture(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        Case c = CASES.get(0);
        java.nio.file.Path f = tmp.resolve("conv.json");
        io.techopt.TestSupport.JSON.writeValue(f.toFile(), c.chat());
        for (String rate : new String[]{"0.5", "0.6"}) {
            io.techopt.TestSupport.Run run = io.techopt.TestSupport.cli("compress", "-q", "-f", "json", "--rate", rate, f.toString());
            org.junit.jupiter.api.Assertions.assertEquals(0, run.code(), run.err());
            String summary = run.json().get("messages").get(1).get("content").asText();
            assertTrue(summary.startsWith(MessageCompressor.SUMMARY_HEADING) && summary.contains(c.answer()),
                    "at rate " + rate + " the summary lost '" + c.answer() + "':\n" + summary);
        }
    }

    @Test
    void theFactPhrasedDifferentlyFromTheQuestionBeatsDistractorsThatShareItsWords() {
        StringBuilder table = new StringBuilder();
        List<String> failures = new ArrayList<>();
        for (Case c : CASES) {
            for (double rate : new double[]{0.3, 0.5, 0.6}) {
                int target = (int) Math.ceil(ConversationCompressionTest.MC.tokens(c.chat()) * rate);
                MessageCompressor.Result r = ConversationCompressionTest.MC.compress(c.chat(), target, 1, 1024,
                        ConversationCompressionTest.BASE);
                ConversationCompressionTest.checkInvariants(c.chat(), r, target, 1);
                String summary = r.messages().stream().map(Message::content).filter(t -> t.startsWith(MessageCompressor.SUMMARY_HEADING))
                        .findFirst().orElse("");
                boolean answer = summary.contains(c.answer());
                long distractors = c.distractors().stream().filter(summary::contains).count();
                table.append(String.format(Locale.ROOT, "%-22s %.1f answer %-3s distractors %d/%d%n", c.name(), rate, answer ? "yes" : "NO",
                        distractors, c.distractors().size()));
                if (!answer) {
                    failures.add(c.name() + " at " + rate + " lost '" + c.answer() + "':\n" + summary);
                }
            }
        }
        System.out.println(table);
        assertTrue(failures.isEmpty(), table + "\n" + String.join("\n\n", failures));
    }
}
