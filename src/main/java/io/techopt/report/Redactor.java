package io.techopt.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from any text bound for a report, a cache key or a message: API keys, bearer tokens,
 * passwords in URLs and e-mail addresses. E-mails become a stable pseudonym ({@code <email:1a2b3c4d>}) so
 * that grouping by user still tells users apart without showing who they are.
 */
public final class Redactor {
    private static final Pattern SECRETS = Pattern.compile(
            "(?<bearer>(?i:bearer)\\s+[A-Za-z0-9._~+/=-]{8,})"
                    + "|(?<sk>\\bsk-[A-Za-z0-9_-]{8,})"
                    + "|(?<aws>\\bAKIA[0-9A-Z]{16}\\b)"
                    + "|(?<google>\\bAIza[0-9A-Za-z_-]{35})"
                    + "|(?<gh>\\bgh[pousr]_[A-Za-z0-9]{20,})"
                    + "|(?<slack>\\bxox[abprs]-[A-Za-z0-9-]{10,})"
                    + "|(?<url>\\b[a-zA-Z][a-zA-Z0-9+.-]*://)(?<cred>[^/\\s:@]+:[^/\\s@]+)@"
                    + "|(?<email>\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b)");

    private Redactor() {
    }

    public static String redact(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        if (!mayHoldSecret(s)) {
            return s;
        }
        Matcher m = SECRETS.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String replacement;
            if (m.group("bearer") != null) {
                replacement = "Bearer [REDACTED]";
            } else if (m.group("url") != null) {
                replacement = m.group("url") + "[REDACTED]@";
            } else if (m.group("email") != null) {
                replacement = "<email:" + shortHash(m.group("email").toLowerCase(java.util.Locale.ROOT)) + ">";
            } else {
                replacement = "[REDACTED]";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Cheap pre-check so the common clean string skips the regex. */
    private static boolean mayHoldSecret(String s) {
        return s.indexOf('@') >= 0 || s.contains("sk-") || s.regionMatches(true, 0, "bearer", 0, 6)
                || s.toLowerCase(java.util.Locale.ROOT).contains("bearer") || s.contains("AKIA") || s.contains("AIza")
                || s.contains("gh") || s.contains("xox");
    }

    private static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
