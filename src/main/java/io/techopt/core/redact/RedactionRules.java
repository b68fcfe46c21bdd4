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

    static {
        List<Rule> all = new ArrayList<>(CredentialRules.RULES);
        all.addAll(EmailRules.RULES);
        RULES = List.copyOf(all);
    }

    private RedactionRules() {
    }

    /** The (already folded) text with every rule applied in order. */
    public static String applyAll(String folded, UnaryOperator<String> escape) {
        String out = folded;
        for (Rule r : RULES) {
            if (r.applies(out)) {
                out = r.apply(out, escape);
            }
        }
        return out;
    }

    /** Whether a credential rule (an e-mail address alone does not count) changes the text; stops at the first. */
    public static boolean containsCredential(String s) {
        for (Rule r : RULES) {
            if (!r.family().equals("email") && r.applies(s) && !r.apply(s, UnaryOperator.identity()).equals(s)) {
                return true;
            }
        }
        return false;
    }

    /** The families of the rules that change the (already folded) text, in rule order. */
    public static Set<String> families(String folded) {
        Set<String> found = new LinkedHashSet<>();
        String rest = folded;
        for (Rule r : RULES) {
            if (!r.applies(rest)) {
                continue;
            }
            String after = r.apply(rest, UnaryOperator.identity());
            if (!after.equals(rest)) {
                found.add(r.family());
                rest = after;
            }
        }
        return found;
    }

    /** The names of the families, in rule order. */
    public static List<String> knownFamilies() {
        return RULES.stream().map(Rule::family).toList();
    }
}
