package io.techopt.core.redact;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Every rule in the order it runs: the credential families first, then e-mail addresses (an address inside a URL's
 * userinfo or a key's value is already masked). Each rule reads what the rules before it left.
 */
public final class RedactionRules {
    public static final String MASK = "[REDACTED]";

    private static final List<Rule> RULES;

    private static final TriggerIndex TRIGGERS;

    static {
        List<Rule> all = new ArrayList<>(CredentialRules.RULES);
        all.addAll(EmailRules.RULES);
        RULES = List.copyOf(all);
        TRIGGERS = new TriggerIndex(RULES);
    }

    private RedactionRules() {
    }

    /** The (already folded) text with every rule applied in order. */
    public static String applyAll(String folded, UnaryOperator<String> escape) {
        String out = folded;
        boolean[] triggered = TRIGGERS.triggered(out);
        for (int i = 0; i < RULES.size(); i++) {
            Rule r = RULES.get(i);
            if (r.applies(out, triggered[i])) {
                String after = r.apply(out, escape);
                if (!after.equals(out)) {
                    // the next rules read what this one left: its triggers are looked for again
                    out = after;
                    triggered = TRIGGERS.triggered(out);
                }
            }
        }
        return out;
    }

    /** Whether a credential rule (an e-mail address alone does not count) changes the text; stops at the first. */
    public static boolean containsCredential(String s) {
        boolean[] triggered = TRIGGERS.triggered(s);
        for (int i = 0; i < RULES.size(); i++) {
            Rule r = RULES.get(i);
            if (!r.family().equals("email") && r.applies(s, triggered[i]) && !r.apply(s, UnaryOperator.identity()).equals(s)) {
                return true;
            }
        }
        return false;
    }

    /** The families of the rules that change the (already folded) text, in rule order. */
    public static Set<String> families(String folded) {
        Set<String> found = new LinkedHashSet<>();
        String rest = folded;
        boolean[] triggered = TRIGGERS.triggered(rest);
        for (int i = 0; i < RULES.size(); i++) {
            Rule r = RULES.get(i);
            if (!r.applies(rest, triggered[i])) {
                continue;
            }
            String after = r.apply(rest, UnaryOperator.identity());
            if (!after.equals(rest)) {
                found.add(r.family());
                rest = after;
                triggered = TRIGGERS.triggered(rest);
            }
        }
        return found;
    }

    /** The names of the families, in rule order. */
    public static List<String> knownFamilies() {
        return RULES.stream().map(Rule::family).toList();
    }
}
