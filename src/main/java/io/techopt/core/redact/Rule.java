package io.techopt.core.redact;

import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One family of secrets: a pattern that only runs when one of its triggers (lower-case substrings) occurs and its gate
 * (if any) says the text can hold a match, so the common clean string costs little ({@link TriggerIndex} finds every
 * rule's triggers in one pass).
 */
record Rule(String family, String[] triggers, Pattern pattern, Replacer replacer, boolean anyCase, Predicate<String> gate) {

    /** What a match becomes; the escaper makes the inserted text safe for the output (e.g. HTML). */
    interface Replacer {
        String replace(Matcher m, String input, UnaryOperator<String> escape);
    }

    static final Replacer MASK_ALL = (m, in, e) -> RedactionRules.MASK;
    /** Keeps group 1 (the name, header or prefix) and masks the rest. */
    static final Replacer KEEP_LABEL = (m, in, e) -> m.group(1) + RedactionRules.MASK;

    Rule {
        if (triggers == null && gate == null) {
            throw new IllegalArgumentException(family + ": a rule needs triggers or a gate, else it runs on every text");
        }
    }

    /** A rule whose triggers occur as the secret writes them. */
    static Rule of(String family, String[] triggers, String regex, Replacer replacer) {
        return new Rule(family, triggers, Pattern.compile(regex), replacer, false, null);
    }

    /** A rule whose triggers (lower case) are looked for in any case, for keywords people write in any case. */
    static Rule anyCase(String family, String[] triggers, String regex, Replacer replacer) {
        return new Rule(family, triggers, Pattern.compile(regex), replacer, true, null);
    }

    static String[] t(String... triggers) {
        return triggers;
    }

    /**
     * Whether the rule's pattern can match at all: one of its triggers occurs (case as the secret writes it, or any), and
     * its gate, if it has one, says the text can hold a match.
     */
    boolean applies(String s) {
        return applies(s, triggers == null || containsAnyTrigger(s));
    }

    /** As {@link #applies(String)}, with whether a trigger occurs in s already found ({@link TriggerIndex}). */
    boolean applies(String s, boolean triggered) {
        return triggered && (gate == null || gate.test(s));
    }

    private boolean containsAnyTrigger(String s) {
        if (anyCase) {
            return containsAnyIgnoreCase(s, triggers);
        }
        for (String t : triggers) {
            if (s.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** The text with every match replaced; the same instance when nothing matched. */
    String apply(String s, UnaryOperator<String> escape) {
        Matcher m = pattern.matcher(s);
        if (!m.find()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int last = 0;
        do {
            out.append(s, last, m.start()).append(replacer.replace(m, s, escape));
            last = m.end();
        } while (m.find());
        return out.append(s, last, s.length()).toString();
    }

    /** Whether one of {@code lower} (lower-case ASCII) occurs in s in any case, as the triggers of an any-case rule. */
    private static boolean containsAnyIgnoreCase(String s, String[] lower) {
        for (String t : lower) {
            if (containsIgnoreCase(s, t)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code lower} (lower-case ASCII) occurs in s in any case; no copy of s, which may be a 10 MB prompt. */
    private static boolean containsIgnoreCase(String s, String lower) {
        char first = lower.charAt(0), firstUpper = Character.toUpperCase(first);
        for (int i = 0, last = s.length() - lower.length(); i <= last; i++) {
            char c = s.charAt(i);
            if ((c == first || c == firstUpper) && s.regionMatches(true, i, lower, 0, lower.length())) {
                return true;
            }
        }
        return false;
    }
}
