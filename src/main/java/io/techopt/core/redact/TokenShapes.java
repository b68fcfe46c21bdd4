package io.techopt.core.redact;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a candidate value looks like: random or a word, a key or a name, a count or a placeholder. The credential rules
 * match loosely and ask here whether to mask, so that prose, model names and token counts stay readable.
 */
final class TokenShapes {
    private TokenShapes() {
    }

    private static boolean isB64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '+';
    }

    /** A run of exactly 40 base64 characters somewhere (the only shape the AWS-secret rule can match). */
    static boolean hasRunOf40(String s) {
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            if (isB64(s.charAt(i))) {
                run++;
            } else {
                if (run == 40) {
                    return true;
                }
                run = 0;
            }
        }
        return run == 40;
    }

    /** A run of 16+ letters and digits holding a digit, or a UUID: the only values the provider-keyword rule can mask. */
    static boolean hasKeyedRun(String s) {
        int run = 0, hexRun = 0;
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean d = c >= '0' && c <= '9';
            if (d || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                run++;
                digit |= d;
                if (run >= 16 && digit) {
                    return true;
                }
                hexRun = d || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ? hexRun + 1 : 0;
                if (hexRun == 12 && i >= 35 && s.charAt(i - 12) == '-') {
                    return true; // the last part of a UUID
                }
            } else {
                run = 0;
                hexRun = 0;
                digit = false;
            }
        }
        return false;
    }

    /** A ':', spaces or tabs, then '|' or '>': where a YAML block scalar starts, the only places yaml-block-credential matches. */
    static boolean hasBlockIndicator(String s) {
        for (int i = s.indexOf(':'); i >= 0; i = s.indexOf(':', i + 1)) {
            int j = i + 1;
            while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                j++;
            }
            if (j < s.length() && (s.charAt(j) == '|' || s.charAt(j) == '>')) {
                return true;
            }
        }
        return false;
    }

    /** A space or tab, then 20 or more of A-Za-z0-9_/+=-: the only tokens keyword-then-token masks. */
    static boolean hasLongRunAfterABlank(String s) {
        int run = -1; // -1: the run does not start after a blank
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t') {
                run = 0;
            } else if (run >= 0 && (isB64(c) || c == '_' || c == '=' || c == '-')) {
                if (++run >= 20) {
                    return true;
                }
            } else {
                run = -1;
            }
        }
        return false;
    }

    /**
     * A run of 8 or more characters a prose or flag value can hold (no whitespace, quote, backtick, bracket, '<', '>', ',', ';'
     * or backslash) with an ASCII letter and digit in it: where {@link #credentialShaped} can hold, else
     * credential-word-value keeps every value it finds.
     */
    static boolean hasShapedRun(String s) {
        int run = 0;
        boolean letter = false, digit = false;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ' ';
            if (c > ' ' && "\"'`<>,;()[]{}\\".indexOf(c) < 0 || c < ' ' && c != '\t' && c != '\n' && c != '\u000b' && c != '\f' && c != '\r') {
                run++;
                letter |= c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
                digit |= c >= '0' && c <= '9';
            } else {
                if (run >= 8 && letter && digit) {
                    return true;
                }
                run = 0;
                letter = digit = false;
            }
        }
        return false;
    }

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * A value after a provider's name that is a key, not a word, a model name or a date: a UUID, or a run of 16 or more
     * letters and digits (between separators) holding at least one digit and three letters.
     */
    static boolean keyedSecret(String v) {
        if (UUID.matcher(v).find()) {
            return true;
        }
        int run = 0, digits = 0, letters = 0;
        for (int i = 0; i <= v.length(); i++) {
            char c = i < v.length() ? v.charAt(i) : '-';
            boolean d = c >= '0' && c <= '9', l = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            if (d || l) {
                run++;
                digits += d ? 1 : 0;
                letters += l ? 1 : 0;
                continue;
            }
            if (run >= 16 && digits >= 1 && letters >= 3) {
                return true;
            }
            run = digits = letters = 0;
        }
        return false;
    }

    /**
     * An assigned value that is no credential: the variable's own name as a placeholder ({@code "account_key": ACCOUNT_KEY}),
     * or a count of tokens ({@code target_token=200}, LLMLingua's prompts; up to 9 digits).
     */
    static boolean placeholderOrCount(String label, String value) {
        int end = 0;
        while (end < label.length() && (Character.isLetterOrDigit(label.charAt(end)) || label.charAt(end) == '_' || label.charAt(end) == '-')) {
            end++;
        }
        String name = label.substring(0, end);
        if (value.replace("-", "_").equalsIgnoreCase(name.replace("-", "_"))) {
            return true;
        }
        return TOKEN_COUNT.matcher(name).matches() && value.length() <= 9 && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Names of token counts (not of credentials: auth_token=123456 is still masked). */
    private static final Pattern TOKEN_COUNT = Pattern.compile("(?i)(?:[a-z0-9]+[_-])*(?:target|max|min|num|n|total|input|output|prompt"
            + "|completion|context|reasoning|cached|budget|limit|remaining|used|per|keep|drop|chunk)[_-]?tokens?");

    /** Mixed case and a digit or '/' or '+': random, not a word, a hex digest or a path. */
    static boolean looksRandom(String s) {
        boolean upper = false, lower = false, other = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            other |= (c >= '0' && c <= '9') || c == '/' || c == '+';
        }
        return upper && lower && other;
    }

    /**
     * "sk-" starts a key when what follows looks random: a part (between '-' and '_') of 16 or more letters and digits, a
     * part mixing upper and lower case or letters and 3+ digits over 8 or more characters, or 32+ characters with 6+
     * digits (sk-lf-&lt;uuid&gt;). Names stay: sk-platform, sk-llama-7b. Glued to a word (abcsk-...) it needs a run of 16 with a digit.
     */
    static boolean skKey(Matcher m, String input) {
        String in = m.group();
        boolean glued = m.start() > 0 && Character.isLetterOrDigit(input.charAt(m.start() - 1));
        int run = 0, digitsAll = 0;
        boolean upper = false, lower = false, digit = false;
        for (int i = 3; i <= in.length(); i++) {
            char c = i < in.length() ? in.charAt(i) : '-';
            if (Character.isLetterOrDigit(c)) {
                run++;
                digit |= Character.isDigit(c);
                upper |= Character.isUpperCase(c);
                lower |= Character.isLowerCase(c);
                digitsAll += Character.isDigit(c) ? 1 : 0;
                continue;
            }
            if (glued ? run >= 16 && digit : run >= 16 || (run >= 8 && upper && lower) || (run >= 8 && digitCount(in, i - run, i) >= 3 && (upper || lower))) {
                return true;
            }
            run = 0;
            upper = lower = digit = false;
        }
        return !glued && in.length() - 3 >= 32 && digitsAll >= 6;
    }

    private static int digitCount(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += Character.isDigit(s.charAt(i)) ? 1 : 0;
        }
        return n;
    }

    /** Random-looking: mixed case with a digit over 20+ characters, or 32+ hex digits holding both letters and digits. */
    static boolean randomToken(String s) {
        if (looksRandomMixed(s)) {
            return true;
        }
        int hex = 0, letters = 0, digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean d = c >= '0' && c <= '9', h = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!d && !h) {
                return false;
            }
            hex++;
            digits += d ? 1 : 0;
            letters += h ? 1 : 0;
        }
        return hex >= 32 && digits >= 4 && letters >= 4;
    }

    private static boolean looksRandomMixed(String s) {
        boolean upper = false, lower = false, digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        return upper && lower && digit;
    }

    /**
     * A value that prose, a flag or a generic name ("password is V", "--password V", "Key = V") gives as a credential: 8+
     * characters (sentence punctuation after it aside) with a letter and a digit, and mixed case, a symbol other than
     * - _ . / or a keyed run (see {@link #keyedSecret}). Words, counts, ports, paths and model names (gpt-4o-2024-08-06,
     * claude-3-5-sonnet-20241022) are none of these.
     */
    static boolean credentialShaped(String v) {
        int n = v.length();
        while (n > 0 && ".,;:!?)".indexOf(v.charAt(n - 1)) >= 0) {
            n--;
        }
        if (n < 8 || v.contains("://")) {
            return false;
        }
        boolean upper = false, lower = false, digit = false, symbol = false;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
            symbol |= c > ' ' && c < 0x7f && !Character.isLetterOrDigit(c) && "-_./".indexOf(c) < 0;
        }
        return digit && (upper || lower) && (upper && lower || symbol || keyedSecret(v.substring(0, n)));
    }

    /** Basic credentials decode to printable "user:password". */
    static boolean isBasicCredential(String b64) {
        try {
            byte[] d = Base64.getDecoder().decode(b64);
            String text = new String(d, StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            if (colon < 0) {
                return false;
            }
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) < 0x20 || text.charAt(i) == 0xFFFD) {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
