package io.techopt.core.redact;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An e-mail address's stable pseudonym ({@code <email:1a2b3c4d5e6f7a8b>}, 64 bits of an HMAC of it in lower case under a key
 * kept on this machine: 32 bits made two users one about once in 93k users, review adv25 MED-3), so grouping by
 * user still tells users apart without showing who they are; and what of the text before the address stays readable.
 */
public final class EmailPseudonym {
    /** A key name before '=' that says an address follows (user=, email=, x-user-email=, reply_to=): it stays readable. */
    private static final Pattern EMAIL_KEY = Pattern.compile("(?i)^(?:[a-z0-9]*[._-])?(?:(?:end[._-]?)?user(?:[._-]?name)?|e-?mail"
            + "(?:[._-]?addr(?:ess)?)?|mail|addr(?:ess)?|login|account|acct|owner|author|from|to|cc|bcc|reply[._-]?to|sender"
            + "|recipient|rcpt|contact|customer|member|assignee|reporter|principal|subject|sub|uid|id|name|e|u|m)"
            + "(?:[._-]?(?:id|name|e-?mail|mail|addr(?:ess)?))?=");
    /** A URL query parameter's name before its value (?e=, &user_email=). */
    private static final Pattern QUERY_KEY = Pattern.compile("[?&][\\p{L}\\p{N}_.\\[\\]-]*=");
    private static final Pattern LOCAL_COMMENT_AT = Pattern.compile(EmailRules.LOCAL_COMMENT);
    private static final Pattern JSON_ESCAPE_AT = Pattern.compile(EmailRules.JSON_ESCAPE);
    /** A log file's extension, compressed or not, at the end of a host: no TLD has these names. */
    private static final Pattern LOG_EXTENSION = Pattern.compile("(?i)\\.(?:jsonl|ndjson|json|csv|tsv|log|txt|parquet)(?:\\.(?:gz|zst|bz2|xz))?$");
    /** This redactor's pseudonym, or the 32-bit one of stores ingested before 64 bits. */
    private static final Pattern PSEUDONYM = Pattern.compile("<email:(?:[0-9a-f]{16}|[0-9a-f]{8})>");

    private EmailPseudonym() {
    }

    /** Whether the text holds a pseudonym this redactor wrote for an address. */
    public static boolean held(String s) {
        return s != null && s.contains("<email:") && PSEUDONYM.matcher(s).find();
    }

    /**
     * The pseudonym of the address in {@code match} ({@code at}: where its '@', or the {@code sepLength} characters of
     * "%40", start). What leads the local part and says nothing of the person stays readable: punctuation before it
     * ('john@…' keeps its quote), a URL's path or query parameter (https://host/u?e=…, a path after "//"), and a
     * key name with '=' (user=, email=), fields before a '|' (sales|lead|jane@…: RFC 5322 allows '|' in a local part,
     * but logs use it to separate fields). Everything else of the run before the '@' is in the hash and hidden: an
     * apostrophe, a brace, '#' or '=' inside a local part are RFC 5322 atext, so "jane=doe@…" is one address.
     */
    static String of(String match, int at, int sepLength, UnaryOperator<String> escape) {
        String local = match.substring(0, at), domain = match.substring(at + sepLength);
        // a file named after an address (leo@example.com.jsonl.gz): the log's extension is no part of the domain and stays,
        // so a message still says which file (review r18 F9h)
        String extension = "";
        Matcher x = LOG_EXTENSION.matcher(domain);
        if (x.find() && domain.substring(0, x.start()).indexOf('.') > 0) {
            extension = domain.substring(x.start());
            domain = domain.substring(0, x.start());
        }
        int start = 0;
        if (!local.isEmpty() && local.charAt(0) != '"' && !local.startsWith("\\\"") && !local.startsWith("&quot;")) {
            while (start < local.length() && !Character.isLetterOrDigit(local.charAt(start))
                    && !LOCAL_COMMENT_AT.matcher(local).region(start, local.length()).lookingAt()) {
                start += JSON_ESCAPE_AT.matcher(local).region(start, local.length()).lookingAt() ? 6 : 1; // an escape is whole
            }
            if (local.indexOf("//") >= 0 || filePath(local)) {
                start = Math.max(start, local.lastIndexOf('/') + 1); // a URL's path: https://host/users/john@…
            }
            int pipe = local.lastIndexOf('|');
            if (pipe >= start && pipe + 1 < local.length()) {
                start = pipe + 1; // a field separator in logs (sales|lead|jane@…), not part of an address in practice
            }
            Matcher q = QUERY_KEY.matcher(local);
            while (q.find()) {
                if (q.end() > start && q.end() < local.length()) {
                    start = q.end();
                }
            }
            for (Matcher k = EMAIL_KEY.matcher(local.substring(start)); k.find() && start + k.end() < local.length();
                 k = EMAIL_KEY.matcher(local.substring(start))) {
                start += k.end();
            }
            if (start >= local.length()) {
                start = 0; // nothing but punctuation or keys: the whole run is the address
            }
        }
        // a comment is no part of the mailbox: john(ops)@example.com is john@example.com
        String address = LOCAL_COMMENT_AT.matcher(local.substring(start)).replaceAll("") + "@" + domain;
        // a JSON- or HTML-escaped local part is the same address
        address = JSON_ESCAPE_AT.matcher(address).replaceAll(""); // an escaped invisible character is none of the mailbox
        address = address.replace("\\\"", "\"").replace("&quot;", "\"").replaceAll("&(?:#0*39|#[xX]0*27|apos);", "'").replace("&amp;", "&");
        if (sepLength == 3) {
            address = percentDecoded(local.substring(start)) + "@" + percentDecoded(domain);
        }
        return local.substring(0, start) + escape.apply("<email:" + shortHash(address.toLowerCase(Locale.ROOT)) + ">") + extension;
    }

    /**
     * A file path before the address (/data/users/leo@…, ./logs/leo@…, a/b/leo@…): its directories stay readable. One
     * '/' alone ("a/b@example.com") is kept in the address: RFC 5322 allows it.
     */
    private static boolean filePath(String local) {
        int slash = local.lastIndexOf('/');
        return slash >= 0 && slash + 1 < local.length() && (local.startsWith("/") || local.startsWith("~/") || local.startsWith("./")
                || local.startsWith("../") || local.indexOf('/') != slash);
    }

    /** %XX escapes decoded as UTF-8 bytes (o%27brien is o'brien); '+' stays '+' (it is atext, not a space). */
    private static String percentDecoded(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                b.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] u = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                b.write(u, 0, u.length);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** 64 bits of an HMAC under the machine's key ({@link PseudonymKey}): a guessed address cannot be checked. */
    static String shortHash(String s) {
        return PseudonymKey.pseudonym64(s);
    }

    static String shortHash(String s, byte[] key) {
        return Hmac.hex(key, s, 8);
    }
}
