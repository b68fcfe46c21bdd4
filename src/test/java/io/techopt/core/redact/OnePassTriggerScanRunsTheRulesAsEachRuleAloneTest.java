package io.techopt.core.redact;

import io.techopt.PlantedSecrets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The redactor looks for every rule's triggers in one pass ({@link TriggerIndex}) where each rule looked for its own
 * (291 passes over each text, half of its CPU). Wherever a rule would run alone it runs, and the text redacted is
 * byte-equal to what the rules, each asking {@link Rule#applies(String)} of the text before it, make of it: on texts of
 * every trigger in any case, look-alike cases (a Kelvin sign is a 'k' to an any-case trigger), and planted secrets,
 * so that rules change the text and the next ones read what they left.
 */
class OnePassTriggerScanRunsTheRulesAsEachRuleAloneTest {
    static final List<Rule> RULES = allRules();
    static final TriggerIndex INDEX = new TriggerIndex(RULES);

    @Property(tries = 3000)
    void everyRuleThatWouldRunAloneRuns(@ForAll("triggerLike") String text) {
        boolean[] triggered = INDEX.triggered(text);
        int running = 0;
        for (int i = 0; i < RULES.size(); i++) {
            Rule r = RULES.get(i);
            boolean alone = r.applies(text);
            assertEquals(alone, r.applies(text, triggered[i]), r.family() + " on " + text);
            running += alone ? 1 : 0;
        }
        Statistics.label("rules that run").collect(running > 3 ? "over 3" : String.valueOf(running));
        Statistics.label("rules that run").coverage(c -> c.check("over 3").percentage(p -> p > 20));
    }

    @Property(tries = 1500)
    void theRedactedTextIsWhatTheRulesEachAloneMakeOfIt(@ForAll("triggerLike") String text) {
        String alone = text;
        for (Rule r : RULES) {
            if (r.applies(alone)) {
                alone = r.apply(alone, UnaryOperator.identity());
            }
        }
        assertEquals(alone, RedactionRules.applyAll(text, UnaryOperator.identity()), text);
        Statistics.label("redacted").collect(!alone.equals(text));
        Statistics.label("redacted").coverage(c -> c.check(true).percentage(p -> p > 30));
    }

    /** A gate (a cheap look for what a match needs: a block indicator, a long run, a shaped value) never hides a change. */
    @Property(tries = 3000)
    void wherePatternAndReplacerChangeTheTextTheGateLetsTheRuleRun(@ForAll("triggerLike") String text) {
        int changed = 0;
        for (Rule r : RULES) {
            if (r.gate() != null && !r.apply(text, UnaryOperator.identity()).equals(text)) {
                assertEquals(true, r.applies(text), r.family() + " on " + text);
                changed++;
            }
        }
        Statistics.label("gated rules that change the text").collect(changed > 0);
        Statistics.label("gated rules that change the text").coverage(c -> c.check(true).percentage(p -> p > 10));
    }

    /** The provider-keyword rule now has triggers (each keyword's longest literal part): none hides a match of its pattern. */
    @Property(tries = 2000)
    void theProviderKeywordRuleRunsWhereverItsPatternMatches(@ForAll("providerKeyed") String text) {
        Rule rule = RULES.stream().filter(r -> r.family().equals("provider-keyword-token")).findFirst().orElseThrow();
        boolean matches = rule.pattern().matcher(text).find();
        if (matches) {
            assertEquals(true, rule.applies(text), text);
        }
        Statistics.label("the pattern matches").collect(matches);
        Statistics.label("the pattern matches").coverage(c -> c.check(true).percentage(p -> p > 30));
    }

    /** A provider's name (every keyword, spelled with '_', '-' or nothing, each letter in either case), then its key. */
    @Provide
    Arbitrary<String> providerKeyed() {
        Arbitrary<String> name = Arbitraries.of(CredentialRules.providerKeywords())
                .flatMap(k -> Arbitraries.of("", "_", "-").map(sep -> k.replace("[_-]?", sep)))
                .flatMap(k -> Arbitraries.integers().map(bits -> mixedCase(k, bits)));
        Arbitrary<String> between = Arbitraries.of("=", ": ", "_api_key=", " key is ", "\"token\": \"", " ");
        Arbitrary<String> value = Arbitraries.of("9f8e7d6c5b4a3f2e1d0c", "Qh7vT2xLp9Wm4Zr8Kc3N", "123e4567-e89b-12d3-a456-426614174000");
        return net.jqwik.api.Combinators.combine(Arbitraries.of("", " ", "x", "\n"), name, between, value)
                .as((before, n, b, v) -> before + n + b + v);
    }

    private static String mixedCase(String s, int bits) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append((bits >>> (i % 32) & 1) == 1 ? Character.toUpperCase(c) : c);
        }
        return b.toString();
    }

    /** Triggers (as written, upper-cased, capitalized), planted secrets, separators, values and look-alike cases, joined. */
    @Provide
    Arbitrary<String> triggerLike() {
        List<String> pieces = new ArrayList<>(List.of(" ", "  ", "\n", "\t", "=", ": ", "\"", "'", "\\", "-", "_", ".", "/", "@",
                "example.com", "9f8e7d6c5b4a3f2e1d0c", "Tr0ub4dor&3xyz", "[REDACTED]", "is ", "\u212a", "\u017f", "\u0130", "\u0131",
                "\u043f", "\u041f", "\u00e9", "\uff20", "\u200b", ": |\n  ", ":\t>-\n\t", "password is ", "--token ", "-p"));
        for (Rule r : RULES) {
            if (r.triggers() != null) {
                for (String t : r.triggers()) {
                    pieces.add(t);
                    pieces.add(t.toUpperCase(java.util.Locale.ROOT));
                    pieces.add(Character.toUpperCase(t.charAt(0)) + t.substring(1));
                }
            }
        }
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(pieces),
                Arbitraries.of(PlantedSecrets.ALL).map(PlantedSecrets.Planted::text));
        return piece.list().ofMinSize(1).ofMaxSize(14).map(l -> String.join("", l));
    }

    private static List<Rule> allRules() {
        List<Rule> all = new ArrayList<>(CredentialRules.RULES);
        all.addAll(EmailRules.RULES);
        return all;
    }
}
