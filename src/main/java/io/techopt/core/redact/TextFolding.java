package io.techopt.core.redact;

/**
 * The text as the rules read it: compatibility forms of an address folded to ASCII (NFKC) and invisible characters
 * inside a word or beside an '@' read away, so neither hides an address or a key from the rules. Text the rules
 * leave alone is given back as it was.
 */
public final class TextFolding {
    private TextFolding() {
    }

    /**
     * The text as the redactor reads it: with fullwidth and small forms (a CJK input method's '＠', U+FF20; '﹫', U+FE6B;
     * fullwidth letters) made their ASCII selves by NFKC (review r15 #3), else the text itself. Text in which nothing is
     * found is returned as it was, so a prompt keeps its fullwidth punctuation.
     */
    public static String folded(String s) {
        boolean compatibility = false, invisible = false, escaped = false, greekOrCyrillic = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                // ASCII, most of any text: a control but line ends (TAB a hard space), or an escape's first character
                invisible |= c < 0x20 ? c != '\n' && c != '\r' && c != '\f' : c == 0x7f;
                escaped |= c == '\\' || c == '&' || c == '%';
                continue;
            }
            compatibility |= c >= '\uFE50' && c <= '\uFE6F' || c >= '\uFF00' && c <= '\uFFEF';
            invisible |= invisibleAt(s, i) || hardSpace(c);
            greekOrCyrillic |= c >= '\u0370' && c <= '\u052F';
        }
        String out = compatibility ? foldedTokens(s) : s;
        if (greekOrCyrillic) {
            out = Confusables.folded(out);
        }
        if (escaped) {
            out = Confusables.unescapedOperators(out);
        }
        if (invisible) {
            // an invisible character inside an address (a zero-width space or soft hyphen from copy-paste, a bidi mark,
            // a control) hid it from every rule (review r16 #3): the redactor reads the text without those inside a
            // word or next to an '@'; others stay, so a report still shows them escaped
            StringBuilder b = new StringBuilder(out.length());
            for (int i = 0; i < out.length(); i++) {
                boolean drop = invisibleAt(out, i) ? insideAWord(out, i) : hardSpace(out.charAt(i)) && besideAnAt(out, i);
                if (!drop) {
                    b.append(out.charAt(i));
                }
            }
            out = b.toString();
        }
        return out;
    }

    /**
     * A space that is no ASCII space: no-break (U+00A0), narrow no-break (U+202F), figure (U+2007), thin, em,
     * ideographic and the other Unicode space separators, and TAB. Next to an '@' it hid the address ("zed\u00a0@corp.com",
     * review r17 #2), which an ordinary space does not do in text people write.
     */
    private static boolean hardSpace(char c) {
        // every Unicode space but the ASCII one, and TAB (review r18 F1: thin, em, ideographic U+3000 kept the address in
        // clear). The ASCII space stays: "x @ w.T" is Python's matrix product, not an address.
        return c == '\t' || c >= 0xa0 && Character.isSpaceChar(c);
    }

    /** Whether the hard space at i (with any others and invisible characters) lies between a letter or digit and an '@'. */
    private static boolean besideAnAt(String s, int i) {
        int p = i - 1, n = i + 1;
        // a bounded look: a long run of tabs (indented code) costs no quadratic time, and padding that long is no address
        while (p >= 0 && i - p <= 16 && (invisibleAt(s, p) || hardSpace(s.charAt(p)))) {
            p--;
        }
        while (n < s.length() && n - i <= 16 && (invisibleAt(s, n) || hardSpace(s.charAt(n)))) {
            n++;
        }
        if (p < 0 || n >= s.length()) {
            return false;
        }
        char a = s.charAt(p), z = s.charAt(n);
        boolean beside = a == '@' && Character.isLetterOrDigit(z) || z == '@' && (Character.isLetterOrDigit(a) || a == '.' || a == '-' || a == '_');
        return beside && dottedHostAfter(s, a == '@' ? p : n); // "follow us\u00a0@techopt" is a handle, no address
    }

    /** Whether the word after the '@' at {@code at} (hard spaces skipped) holds a dot: a mail domain, not a handle. */
    private static boolean dottedHostAfter(String s, int at) {
        for (int i = at + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' && i + 1 < s.length() && Character.isLetterOrDigit(s.charAt(i + 1))) {
                return true;
            }
            if (hardSpace(c)) {
                continue; // most Unicode spaces are whitespace to Java: checked first
            }
            if (Character.isWhitespace(c) || c == '@' || !hardSpace(c) && !invisibleAt(s, i) && !Character.isLetterOrDigit(c)
                    && c != '-' && c != '.') {
                return false;
            }
        }
        return false;
    }

    /** Whether the invisible character at i stands between two visible characters of one word, next to an '@', or between a word and its ':'/'='. */
    private static boolean insideAWord(String s, int i) {
        int p = i - 1, n = i + 1;
        while (p >= 0 && invisibleAt(s, p)) {
            p--;
        }
        while (n < s.length() && invisibleAt(s, n)) {
            n++;
        }
        if (p < 0 || n >= s.length()) {
            return false;
        }
        char a = s.charAt(p), z = s.charAt(n);
        // next to an assignment's operator too: api_key\u200b=VALUE hid the key from the assignment rule (review r24s M1)
        return a == '@' || z == '@' || (z == '=' || z == ':') && Character.isLetterOrDigit(a)
                || (Character.isLetterOrDigit(a) || a == '.' || a == '-')
                && (Character.isLetterOrDigit(z) || z == '.' || z == '-');
    }

    /**
     * The text with each whitespace-delimited token that holds an at-sign of any form, or only fullwidth and ASCII
     * characters, made ASCII by NFKC (leo＠example.com, a fullwidth key); other tokens, a CJK sentence's, stay as they are
     * (review r16 #9: the whole text was folded). Each character folds to one, so the text keeps its length.
     */
    private static String foldedTokens(String s) {
        char[] out = s.toCharArray();
        int i = 0;
        while (i < out.length) {
            if (Character.isWhitespace(out[i])) {
                i++;
                continue;
            }
            int end = i;
            boolean at = false, onlyWide = true, wide = false;
            for (; end < out.length && !Character.isWhitespace(out[end]); end++) {
                char c = out[end];
                boolean compat = c >= '\uFE50' && c <= '\uFE6F' || c >= '\uFF00' && c <= '\uFFEF';
                at |= c == '@' || c == '\uFF20' || c == '\uFE6B';
                wide |= compat;
                onlyWide &= compat || c < 0x80 || invisible(c);
            }
            if (wide && (at || onlyWide)) {
                for (int k = i; k < end; k++) {
                    char c = out[k];
                    if (c >= '\uFE50' && c <= '\uFE6F' || c >= '\uFF00' && c <= '\uFFEF') {
                        String n = java.text.Normalizer.normalize(String.valueOf(c), java.text.Normalizer.Form.NFKC);
                        if (n.length() == 1) {
                            out[k] = n.charAt(0);
                        }
                    }
                }
            }
            i = end;
        }
        return new String(out);
    }

    /**
     * Whether the char at i is invisible, either half of a Unicode tag character (U+E0000-E007F, a supplementary format
     * character: review r17 #1, an address with one before its '@' was shown whole) included.
     */
    private static boolean invisibleAt(String s, int i) {
        char c = s.charAt(i);
        if (c == '\uDB40') {
            return i + 1 < s.length() && s.charAt(i + 1) >= '\uDC00' && s.charAt(i + 1) <= '\uDC7F';
        }
        if (c >= '\uDC00' && c <= '\uDC7F') {
            return i > 0 && s.charAt(i - 1) == '\uDB40';
        }
        return invisible(c);
    }

    /** A format character (zero-width, soft hyphen, BOM, bidi controls) or a control that is no whitespace. */
    private static boolean invisible(char c) {
        return c < 0x20 ? c != '\t' && c != '\n' && c != '\r' && c != '\f'
                : c >= 0x7f && c <= 0x9f || c >= 0xad && Character.getType(c) == Character.FORMAT;
    }
}
