package io.techopt.core;

/**
 * Makes text taken from logs (model, team, user, variant, experiment and file names, error texts) safe to show to
 * a person: every character that is invisible or that steers a terminal, an editor or a spreadsheet is written as
 * its escape, so it is seen and does nothing.
 *
 * <p>The convention, one for every human-readable output (table, markdown, csv, html, stderr): a character of
 * Unicode category Cc (C0 and C1 controls, DEL: ESC, NUL, CR, LF, TAB...), Cf (format characters: bidi marks,
 * embeddings, overrides and isolates U+200E/F, U+202A-202E, U+2066-2069, U+061C, zero-width U+200B-200D, word
 * joiner U+2060, BOM U+FEFF, soft hyphen, tag characters), Zl or Zp (U+2028, U+2029), or a lone surrogate is
 * written as a backslash, {@code u} and four lower-case hex digits per UTF-16 unit, e.g. <code>&#92;u001b</code>,
 * <code>&#92;u000a</code>, <code>&#92;u202e</code> (a tag character becomes its surrogate pair,
 * <code>&#92;udb40&#92;udc41</code>). That is the escape JSON, Java
 * and JavaScript read, so a user can paste a shown name back into a JSON filter. A backslash already in a name is
 * left as it is. JSON reports keep the exact data: Jackson writes the same characters as the same escapes
 * (report.JsonRenderer), which decode to the original string.
 */
public final class Printable {
    private Printable() {
    }

    /** Whether the character is shown as its escape. */
    public static boolean needsEscape(char c) {
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return true;
        }
        if (c < 0xa0) {
            return false;
        }
        if (Character.isSurrogate(c)) {
            return false; // pairs are judged as code points in escape(); lone ones there too
        }
        int t = Character.getType(c);
        return t == Character.FORMAT || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean needsEscape(int codePoint) {
        if (codePoint < 0x10000) {
            return needsEscape((char) codePoint) || Character.isSurrogate((char) codePoint);
        }
        return Character.getType(codePoint) == Character.FORMAT;
    }

    /** The text with every control, format (bidi, zero-width), line or paragraph separator character escaped. */
    public static String escape(String s) {
        return escape(s, false);
    }

    /**
     * As {@link #escape(String)} but a line feed stays a line feed: for whole rendered lines at the output boundary,
     * where line feeds are the renderer's own line ends (names had theirs escaped before rendering).
     */
    public static String escapeKeepingLineFeeds(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean keepLf) {
        if (s == null) {
            return null;
        }
        int first = firstToEscape(s, keepLf);
        if (first < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, first);
        for (int i = first; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (needsEscape(cp) && !(keepLf && cp == '\n')) {
                for (int k = i; k < i + n; k++) {
                    unit(b, s.charAt(k));
                }
            } else {
                b.append(s, i, i + n);
            }
            i += n;
        }
        return b.toString();
    }

    private static int firstToEscape(String s, boolean keepLf) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (needsEscape(cp) && !(keepLf && cp == '\n')) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    /**
     * Where to cut escaped text to keep at most {@code max} characters: never inside an escape (a cut
     * <code>&#92;u00</code> would read as other text) nor between the two halves of a surrogate pair.
     */
    public static int cutPoint(String s, int max) {
        if (s.length() <= max) {
            return s.length();
        }
        int cut = max;
        for (int k = Math.max(0, cut - 5); k < cut; k++) {
            if (s.charAt(k) == '\\' && k + 1 < s.length() && s.charAt(k + 1) == 'u' && k + 6 > cut) {
                cut = k;
                break;
            }
        }
        if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return cut;
    }

    private static void unit(StringBuilder b, char c) {
        b.append("\\u");
        String hex = Integer.toHexString(c);
        b.append("0".repeat(4 - hex.length())).append(hex);
    }
}
