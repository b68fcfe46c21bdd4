package io.techopt.core.redact;

/**
 * How a credential's name hides from the rules without changing how it reads (review r24s, second list): a Cyrillic or
 * Greek letter that looks like a Latin one inside a Latin word ("pаssword=", Cyrillic а), and an operator or quote
 * written as a JSON, HTML or URL escape ({@code api_key\u005cu003dV}, {@code api_key&#61;V}, {@code api_key%3DV}).
 * The rules read the word in Latin letters and the escape as its character; text in which nothing is found is given back
 * as it was.
 */
final class Confusables {
    /** Cyrillic and Greek letters drawn like a Latin letter, and that letter: pairs of chars. */
    private static final String LOOK_ALIKES = "аaеeоoрpсcуyхxѕsіiјjԁdԛqԝwһhӏlАAВBЕEКKМMНHОOРPСCТTХXЅSІIЈJ"
            + "οoαaνvιiκkρpυuΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΧXΥY";
    private static final char[] LATIN = new char['\u0530'];

    static {
        for (int i = 0; i + 1 < LOOK_ALIKES.length(); i += 2) {
            LATIN[LOOK_ALIKES.charAt(i)] = LOOK_ALIKES.charAt(i + 1);
        }
    }

    /** Escapes of '=', ':' and quotes as JSON, HTML and URLs write them, each with the character it stands for. */
    private static final String[][] ESCAPES = {
            {"\\u003d", "="}, {"\\u003D", "="}, {"\\u003a", ":"}, {"\\u003A", ":"}, {"\\u0022", "\""}, {"\\u0027", "'"},
            {"&#61;", "="}, {"&#x3d;", "="}, {"&#x3D;", "="}, {"&equals;", "="}, {"&#58;", ":"}, {"&#x3a;", ":"}, {"&#x3A;", ":"},
            {"&colon;", ":"}, {"&quot;", "\""}, {"&#34;", "\""}, {"&#39;", "'"}, {"&apos;", "'"},
            {"%3D", "="}, {"%3d", "="}, {"%3A", ":"}, {"%3a", ":"}};

    private Confusables() {
    }

    /**
     * Each word (a run of letters and digits) holding a Latin letter and look-alikes, and no other non-Latin letter, in
     * Latin letters; a Russian or Greek word (no Latin letter in it) stays as it is. One char for one: the length stays.
     */
    static String folded(String s) {
        char[] out = null;
        int i = 0, n = s.length();
        while (i < n) {
            if (!Character.isLetterOrDigit(s.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            boolean latin = false, lookAlike = false, other = false;
            for (; end < n && Character.isLetterOrDigit(s.charAt(end)); end++) {
                char c = s.charAt(end);
                latin |= c < 0x80 && Character.isLetter(c);
                boolean mapped = c < LATIN.length && LATIN[c] != 0;
                lookAlike |= mapped;
                other |= c >= 0x80 && !mapped;
            }
            if (latin && lookAlike && !other) {
                if (out == null) {
                    out = s.toCharArray();
                }
                for (int k = i; k < end; k++) {
                    char c = out[k];
                    if (c < LATIN.length && LATIN[c] != 0) {
                        out[k] = LATIN[c];
                    }
                }
            }
            i = end;
        }
        return out == null ? s : new String(out);
    }

    /**
     * The text with an escaped operator or quote written as itself where it follows a name's last character (a letter, a
     * digit, '_', a quote or another such escape), so {@code api_key\u005cu003dV} reads as {@code api_key=V}. An escape
     * elsewhere ("a %3D sign" in prose, a URL's {@code https%3A%2F%2F}) stays.
     */
    static String unescapedOperators(String s) {
        StringBuilder b = null;
        int last = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' && c != '&' && c != '%') {
                continue;
            }
            int length = escapeInAName(s, i);
            if (length > 0) {
                if (b == null) {
                    b = new StringBuilder(s.length());
                }
                b.append(s, last, i).append(escaped(s, i, length));
                last = i + length;
                i = last - 1;
                continue;
            }
            for (String[] e : ESCAPES) {
                if (s.startsWith(e[0], i) && i > 0 && afterAName(s.charAt(i - 1), e[1])) {
                    if (b == null) {
                        b = new StringBuilder(s.length());
                    }
                    b.append(s, last, i).append(e[1]);
                    last = i + e[0].length();
                    i = last - 1;
                    break;
                }
            }
        }
        return b == null ? s : b.append(s, last, s.length()).toString();
    }

    /**
     * The length of a letter, digit, '_' or '-' escaped inside a name at i, else 0: JSON's {@code pass\u005cu0077ord},
     * {@code api\u005cu005fkey}, a URL's {@code api%5Fkey}, Markdown's {@code sk\-proj\-} and {@code api\_key}. Only
     * between a letter or digit and the rest of the name (another letter or digit, an operator, a quote or an escape).
     */
    private static int escapeInAName(String s, int i) {
        if (i == 0 || !asciiLetterOrDigit(s.charAt(i - 1))) {
            return 0;
        }
        int length = 0;
        if (s.startsWith("\\u00", i) && i + 6 <= s.length()) {
            int high = hex(s.charAt(i + 4)), low = hex(s.charAt(i + 5));
            length = high >= 0 && low >= 0 && nameChar((char) (high * 16 + low)) ? 6 : 0;
        } else if (s.startsWith("\\-", i) || s.startsWith("\\_", i)) {
            length = 2;
        } else if (s.regionMatches(true, i, "%5F", 0, 3) || s.regionMatches(true, i, "%2D", 0, 3)) {
            length = 3;
        }
        if (length == 0 || i + length >= s.length()) {
            return 0;
        }
        char after = s.charAt(i + length);
        return asciiLetterOrDigit(after) || "=:\"'\\%&".indexOf(after) >= 0 ? length : 0;
    }

    /** The character the escape of {@code length} at i stands for. */
    private static char escaped(String s, int i, int length) {
        return switch (length) {
            case 6 -> (char) (hex(s.charAt(i + 4)) * 16 + hex(s.charAt(i + 5)));
            case 2 -> s.charAt(i + 1);
            default -> s.charAt(i + 1) == '5' ? '_' : '-';
        };
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static boolean nameChar(char c) {
        return asciiLetterOrDigit(c) || c == '_' || c == '-';
    }

    private static boolean asciiLetterOrDigit(char c) {
        return c < 0x80 && Character.isLetterOrDigit(c);
    }

    /** An escaped quote may open a name or a value anywhere; '=' and ':' only right after a name or its closing quote. */
    private static boolean afterAName(char before, String unescaped) {
        if (unescaped.equals("\"") || unescaped.equals("'")) {
            return true;
        }
        return before < 0x80 && (Character.isLetterOrDigit(before) || before == '_' || before == '"' || before == '\'' || before == ';');
    }
}
