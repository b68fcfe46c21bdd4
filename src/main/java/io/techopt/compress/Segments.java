package io.techopt.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts text into units that can be kept or dropped (sentences, list lines), separators (the whitespace between
 * them), and protected spans that are always kept verbatim: fenced code blocks, {@code <keep>…</keep>} (tags
 * removed) and matches of caller-given patterns. Concatenating all segments gives back the text (minus keep tags).
 */
public final class Segments {
    public enum Kind { UNIT, SEPARATOR, PROTECTED }

    /** {@code keepTagged}: a protected span that came from {@code <keep>…</keep>} (its text is without the tags). */
    public record Seg(String text, Kind kind, int paragraph, boolean keepTagged) {
        Seg(String text, Kind kind, int paragraph) {
            this(text, kind, paragraph, false);
        }
    }

    private static final Pattern FENCE = Pattern.compile("(?s)```.*?(```|\\z)");
    private static final Pattern KEEP = Pattern.compile("(?s)<keep>(.*?)</keep>");
    /** A sentence ends at . ! ? (or their CJK forms) followed by space, unless the word is a common abbreviation or a decimal. */
    private static final Pattern BOUNDARY = Pattern.compile("(?<=[.!?。！？])(?<![A-Z][a-z]?\\.)(?<!\\b(?:e\\.g|i\\.e|etc|vs|Mr|Mrs|Ms|Dr|St|No|approx|incl)\\.)\\s+");

    private Segments() {
    }

    public static List<Seg> split(String text, List<Pattern> protect) {
        List<int[]> ranges = new ArrayList<>(); // {start, end, keepTagged}
        collect(FENCE.matcher(text), ranges, 0);
        collect(KEEP.matcher(text), ranges, 1);
        for (Pattern p : protect) {
            collect(p.matcher(text), ranges, 0);
        }
        ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<Seg> out = new ArrayList<>();
        int pos = 0, paragraph = 0;
        for (int[] r : ranges) {
            if (r[0] < pos) {
                continue; // overlaps an earlier protected span
            }
            paragraph = splitText(text.substring(pos, r[0]), out, paragraph);
            String span = text.substring(r[0], r[1]);
            if (r[2] == 1) {
                span = span.substring("<keep>".length(), span.length() - "</keep>".length());
            }
            out.add(new Seg(span, Kind.PROTECTED, paragraph, r[2] == 1));
            pos = r[1];
        }
        splitText(text.substring(pos), out, paragraph);
        return out;
    }

    /** Where a long unit may be cut: after a clause's comma, semicolon or colon, or before a dash between spaces. */
    private static final Pattern CLAUSE = Pattern.compile("(?<=[,;:，；：])\\s+|\\s+(?=[-–—]\\s)");
    private static final int MIN_CLAUSE = 60;
    private static final Pattern FENCE_LINE = Pattern.compile("\\s*```.*");

    /**
     * The segments with every unit longer than {@code maxChars} cut into units at clause boundaries (a clause under
     * 60 characters joined to the next), and a clause still longer cut at the last space within it (or, without
     * spaces, after {@code maxChars} characters); a fenced code block longer than that becomes one unit per line,
     * its fences separators. A run-on text, a list without periods or a long code block then gives units a summary
     * can choose from, instead of one unit too large for any budget. {@code <keep>} spans and --protect matches
     * stay whole. Concatenating the result gives back the same text.
     */
    public static List<Seg> refine(List<Seg> segs, int maxChars) {
        List<Seg> out = new ArrayList<>(segs.size());
        for (Seg s : segs) {
            boolean code = s.kind() == Kind.PROTECTED && !s.keepTagged() && s.text().startsWith("```");
            if (s.text().length() <= maxChars || !(s.kind() == Kind.UNIT || code)) {
                out.add(s);
            } else if (code) {
                String[] lines = s.text().split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (i > 0) {
                        out.add(new Seg("\n", Kind.SEPARATOR, s.paragraph()));
                    }
                    String line = lines[i];
                    if (line.isBlank() || FENCE_LINE.matcher(line).matches()) {
                        out.add(new Seg(line, Kind.SEPARATOR, s.paragraph()));
                    } else {
                        cut(line, maxChars, s.paragraph(), out);
                    }
                }
            } else {
                Matcher m = CLAUSE.matcher(s.text());
                int pieceStart = 0;
                String t = s.text();
                while (m.find()) {
                    // a clause is a unit; one shorter than MIN_CLAUSE joins the next while they stay within maxChars
                    if (m.start() - pieceStart >= MIN_CLAUSE || nextClauseEnd(t, m.end()) - pieceStart > maxChars) {
                        cut(t.substring(pieceStart, m.start()), maxChars, s.paragraph(), out);
                        out.add(new Seg(t.substring(m.start(), m.end()), Kind.SEPARATOR, s.paragraph()));
                        pieceStart = m.end();
                    }
                }
                cut(t.substring(pieceStart), maxChars, s.paragraph(), out);
            }
        }
        return out;
    }

    private static int nextClauseEnd(String t, int from) {
        Matcher m = CLAUSE.matcher(t);
        return m.find(from) ? m.start() : t.length();
    }

    /** Text without whitespace at either end, as units of at most maxChars, cut at the last space within (else hard). */
    private static void cut(String t, int maxChars, int paragraph, List<Seg> out) {
        int pos = 0;
        while (t.length() - pos > maxChars) {
            int end = pos + maxChars;
            if (Character.isHighSurrogate(t.charAt(end - 1))) {
                end--;
            }
            int ws = end;
            while (ws > pos + maxChars / 3 && !Character.isWhitespace(t.charAt(ws))) {
                ws--;
            }
            if (Character.isWhitespace(t.charAt(ws)) && ws > pos) {
                int sepEnd = ws;
                while (sepEnd < t.length() && Character.isWhitespace(t.charAt(sepEnd))) {
                    sepEnd++;
                }
                out.add(new Seg(t.substring(pos, ws), Kind.UNIT, paragraph));
                out.add(new Seg(t.substring(ws, sepEnd), Kind.SEPARATOR, paragraph));
                pos = sepEnd;
            } else {
                out.add(new Seg(t.substring(pos, end), Kind.UNIT, paragraph));
                out.add(new Seg("", Kind.SEPARATOR, paragraph));
                pos = end;
            }
        }
        if (pos < t.length()) {
            out.add(new Seg(t.substring(pos), Kind.UNIT, paragraph));
        }
    }

    private static void collect(Matcher m, List<int[]> ranges, int keepTagged) {
        while (m.find()) {
            if (m.end() > m.start()) {
                ranges.add(new int[]{m.start(), m.end(), keepTagged});
            }
        }
    }

    /** Paragraphs at blank lines, lines within them, sentences within lines. Returns the next paragraph number. */
    private static int splitText(String s, List<Seg> out, int paragraph) {
        int i = 0, n = s.length();
        while (i < n) {
            int ws = i;
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i > ws) {
                String sep = s.substring(ws, i);
                if (sep.indexOf('\n') != sep.lastIndexOf('\n')) {
                    paragraph++;
                }
                out.add(new Seg(sep, Kind.SEPARATOR, paragraph));
            }
            if (i >= n) {
                break;
            }
            int lineEnd = s.indexOf('\n', i);
            if (lineEnd < 0) {
                lineEnd = n;
            }
            String line = s.substring(i, lineEnd);
            Matcher m = BOUNDARY.matcher(line);
            int start = 0;
            while (m.find()) {
                out.add(new Seg(line.substring(start, m.start()), Kind.UNIT, paragraph));
                out.add(new Seg(line.substring(m.start(), m.end()), Kind.SEPARATOR, paragraph));
                start = m.end();
            }
            if (start < line.length()) {
                out.add(new Seg(line.substring(start), Kind.UNIT, paragraph));
            }
            i = lineEnd;
        }
        return paragraph;
    }
}
