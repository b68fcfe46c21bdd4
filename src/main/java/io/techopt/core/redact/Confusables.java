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

    /** An escaped quote may open a name or a value anywhere; '=' and ':' only right after a name or its closing quote. */
    private static boolean afterAName(char before, String unescaped) {
        if (unescaped.equals("\"") || unescaped.equals("'")) {
            return true;
        }
        return before < 0x80 && (Character.isLetterOrDigit(before) || before == '_' || before == '"' || before == '\'' || before == ';');
    }
}
