package io.techopt.core;

import io.techopt.core.redact.EmailPseudonym;
import io.techopt.core.redact.LabelTag;
import io.techopt.core.redact.PseudonymKey;
import io.techopt.core.redact.RedactionRules;
import io.techopt.core.redact.TextFolding;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Removes secrets from any text bound for a report, an export, a cache or a message: credentials of the families
 * well-known secret scanners look for (gitleaks' rule set was the reference list: provider API keys and tokens,
 * cloud access keys, webhook URLs, private keys, JWTs, HTTP Basic/Bearer headers, {@code key=value} assignments,
 * passwords in URLs) and e-mail addresses. E-mails become a stable pseudonym ({@code <email:1a2b3c4d5e6f7a8b>}) so grouping
 * by user still tells users apart without showing who they are; everything else becomes {@code [REDACTED]}.
 * Redacting twice changes nothing (no replacement looks like a secret).
 * <p>
 * The facade of {@code core.redact}: {@code TextFolding} (how the text is read), {@code CredentialRules} with
 * {@code PrefixedTokens} and {@code TokenShapes} (credentials), {@code EmailRules} and {@code EmailPseudonym}
 * (addresses), {@code LabelTag} (labels' tags), run in order by {@code RedactionRules}.
 */
public final class Redactor {
    public static final String MASK = RedactionRules.MASK;
    private static final java.util.regex.Pattern SPACED_ADDRESS = java.util.regex.Pattern.compile("([^\\s@]+) *@ *([^\\s@]+\\.[^\\s@.]+)");

    private Redactor() {
    }

    /** The text with every secret replaced; null and "" come back as they are. */
    public static String redact(String s) {
        return redact(s, UnaryOperator.identity());
    }

    /**
     * As {@link #redact(String)}, with the text that replaces a secret (and what a rule keeps of its match) passed
     * through {@code escape}, for outputs where {@code <email:…>} would be markup.
     */
    public static String redact(String s, UnaryOperator<String> escape) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        String folded = TextFolding.folded(s);
        String out = RedactionRules.applyAll(folded, escape);
        // text in which nothing is found is returned as it was, so a prompt keeps its fullwidth punctuation
        return out.equals(folded) ? s : out;
    }

    /**
     * A label (a team, user, model name) as reports show it: redacted, each masked credential tagged {@code [REDACTED:3f9a]}
     * so that two labels that differ in their secret stay two rows (review r17 #4: team-sk-proj-A… and team-sk-proj-B…
     * were one row "team-[REDACTED]"); see {@link LabelTag}. Text that is no label (prompts, messages) keeps the plain
     * {@link #MASK}.
     */
    public static String label(String s) {
        // a label that is one address written with ASCII spaces around its '@' ("ana @ corp.example.org") is that address;
        // in prose an ASCII space does not join (x @ w.T is Python), so only a whole label is read so
        String r = redact(joinSpacedAddress(s));
        if (r == null || r.equals(s) || !r.contains(MASK)) {
            return r;
        }
        return r.replace(MASK, "[REDACTED:" + LabelTag.of(s) + "]");
    }

    /**
     * An id (a request's, a session's) as a rewritten log keeps it: redacted, each masked credential tagged with a stable
     * pseudonym of the whole id, {@code [REDACTED:1a2b3c4d]} (32 bits of an HMAC under the machine's key, the key an
     * e-mail address's pseudonym uses), so ids that held different credentials stay different ids when the copy is read again (review r26s M4:
     * five 40-character random ids became one "[REDACTED]", one request) and show no part of the credential.
     */
    public static String identifier(String s) {
        String r = redact(s);
        if (r == null || r.equals(s) || !r.contains(MASK)) {
            return r;
        }
        return r.replace(MASK, "[REDACTED:" + PseudonymKey.pseudonym(s) + "]");
    }

    /**
     * A label as the usage store keeps it: redacted with the plain {@link #MASK} (a per-run tag would not match another
     * run's), a whole label that is one address spaced around its '@' read as that address, as {@link #label} reads it
     * (review r19 N3: the store kept "ana @ corp.example.org" in clear and split the user in two rows).
     */
    public static String storedLabel(String s) {
        return redact(joinSpacedAddress(s));
    }

    private static String joinSpacedAddress(String s) {
        java.util.regex.Matcher spaced = s == null ? null : SPACED_ADDRESS.matcher(s);
        return spaced != null && spaced.matches() ? spaced.group(1) + "@" + spaced.group(2) : s;
    }

    /** Whether the text holds a credential or an e-mail address (anything {@link #redact} would change). */
    public static boolean containsSecret(String s) {
        return !families(s).isEmpty();
    }

    /**
     * Whether the text is one this redactor already masked a credential in ({@link #MASK}): text kept redacted, as a
     * usage store keeps it, still tells a policy that it held one.
     */
    public static boolean heldCredential(String s) {
        return s != null && (s.contains(MASK) || s.contains("[REDACTED:"));
    }

    /** Whether the text holds an e-mail address this redactor already replaced by its pseudonym. */
    public static boolean heldEmail(String s) {
        return EmailPseudonym.held(s);
    }

    /** Whether the text holds a credential (an e-mail address alone does not count); stops at the first found. */
    public static boolean containsCredential(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        return RedactionRules.containsCredential(s);
    }

    /** The families of the secrets found in the text, in rule order, e.g. [sk-key, email]. */
    public static Set<String> families(String s) {
        if (s == null || s.isEmpty()) {
            return new LinkedHashSet<>();
        }
        return RedactionRules.families(TextFolding.folded(s));
    }

    /** The names of the credential families this redactor knows, for reports and tests. */
    public static List<String> knownFamilies() {
        return RedactionRules.knownFamilies();
    }
}
