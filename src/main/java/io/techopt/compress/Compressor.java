package io.techopt.compress;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.knuddels.jtokkit.api.Encoding;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extractive, question-aware prompt compression to a token target. It never rewrites a sentence: it cleans
 * whitespace and comments, drops repeated sentences, then keeps whole paragraphs and the best remaining sentences
 * (BM25 relevance to the question, position, numbers, URLs, code, names) in their original order. Protected spans
 * always stay; JSON is minified and its long string values compressed in place, so it stays valid JSON.
 */
public final class Compressor {
    /** What one call did: the text and the tokens it saved per strategy. */
    public record Result(String text, int tokensBefore, int tokensAfter, Map<String, Integer> savedByStrategy,
                         List<String> removed) {
    }

    /** @param abbreviations null to leave wording alone (the default: kept sentences then stand verbatim) */
    public record Options(int targetTokens, String question, List<Pattern> protect, boolean cleanup, boolean dedup,
                          boolean dropHashComments, Abbreviations abbreviations) {
        public Options(int targetTokens, String question, List<Pattern> protect, boolean cleanup, boolean dedup,
                       boolean dropHashComments) {
            this(targetTokens, question, protect, cleanup, dedup, dropHashComments, null);
        }

        public Options withGoal(int t) {
            return new Options(t, question, protect, cleanup, dedup, dropHashComments, abbreviations);
        }

        Options withQuestion(String q) {
            return new Options(targetTokens, q, protect, cleanup, dedup, dropHashComments, abbreviations);
        }

        Options withTarget(int t, boolean withCleanup) {
            return new Options(t, question, protect, withCleanup && cleanup, dedup, dropHashComments,
                    withCleanup ? abbreviations : null);
        }
    }

    /** LLMLingua's structured-prompt markers ({@code <llmlingua, compress=False>…</llmlingua>}): read as plain markers. */
    private static final Pattern LLMLINGUA_TAG = Pattern.compile("</?llmlingua[^>]*>");
    private static final Pattern SPACE_RUN = Pattern.compile("[ \\t\\u00a0]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern MARKDOWN_HEADING = Pattern.compile("#+ \\S.*");
    private static final Pattern HTML_COMMENT = Pattern.compile("(?s)<!--.*?-->");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final Pattern NAME = Pattern.compile("(?<=\\S\\s)[A-Z][a-z]+");
    private static final JsonFactory JSON = new JsonFactory();

    private final Encoding enc;
    private final io.techopt.tokens.TokenCounter counter;
    private final com.knuddels.jtokkit.api.EncodingType type;

    public Compressor(Encoding enc) {
        this.enc = enc;
        this.counter = null;
        this.type = null;
    }

    /** Counts through the counter's cache: in a log the same sentences come back request after request. */
    public Compressor(io.techopt.tokens.TokenCounter counter, com.knuddels.jtokkit.api.EncodingType type) {
        this.enc = counter.encoding(type);
        this.counter = counter;
        this.type = type;
    }

    public int tokens(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        return counter != null ? counter.count(s, type) : io.techopt.tokens.TokenCounter.countBounded(enc, s);
    }

    public Result compress(String input, Options o) {
        int before = tokens(input);
        String text = LLMLINGUA_TAG.matcher(input).replaceAll("");
        Map<String, Integer> saved = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        String json = minifiedJson(text);
        if (json != null) {
            saved.put("json_minify", before - tokens(json));
            String out = tokens(json) <= o.targetTokens() ? json : compressJsonStrings(json, o, removed);
            saved.put("context", tokens(json) - tokens(out));
            return new Result(out, before, tokens(out), saved, removed);
        }
        String s = text;
        // the markers removed above count as cleanup, so the strategies sum to what was removed (review r27n)
        int markers = text.length() == input.length() ? 0 : before - tokens(text);
        if (o.cleanup()) {
            String c = cleanup(s, o);
            saved.put("cleanup", markers + tokens(s) - tokens(c));
            s = c;
        } else if (markers != 0) {
            saved.put("cleanup", markers);
        }
        if (untagged(s).isBlank() && !input.isEmpty()) {
            // only whitespace: kept as it came (an empty prompt is not a compressed one); the caller notes it
            return new Result(input, before, before, Map.of(), removed);
        }
        if (tokens(untagged(s)) <= o.targetTokens()) {
            String done = untagged(s);
            return new Result(done, before, tokens(done), saved, removed);
        }
        String out = select(s, o, saved, removed);
        String plain = untagged(s);
        if (out.isBlank() && !plain.isBlank()) {
            // no whole sentence fits (one long sentence, text without punctuation or spaces): never answer with
            // nothing; keep the leading span that fits, cut at a word boundary where there is one
            out = leadingSpan(plain, o.targetTokens());
            removed.clear();
            removed.add(plain.substring(out.length()));
            saved.put("dedup", 0);
            saved.put("context", 0);
            saved.put("truncate", tokens(s) - tokens(out));
        }
        return new Result(out, before, tokens(out), saved, removed);
    }

    /**
     * The longest leading part of {@code s} within {@code maxTokens}, ended at a word boundary when the part holds
     * whitespace in its second half (else at a character boundary); at least the first character, so never empty.
     */
    public String leadingSpan(String s, int maxTokens) {
        s = s.strip();
        if (s.isEmpty()) {
            return s;
        }
        // a token is rarely longer than 16 characters: never encode more than that (the text may be megabytes)
        int hi = (int) Math.min(s.length(), Math.max(1L, (long) maxTokens) * 16L), lo = 0;
        var prefixes = new io.techopt.tokens.TokenCounter.Prefixes(enc, s); // each probe's count, its chunks counted once
        while (lo < hi) { // the longest prefix length within the budget
            int mid = (lo + hi + 1) >>> 1;
            if (prefixes.count(safeEnd(s, mid)) <= maxTokens) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int end = safeEnd(s, lo);
        if (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
            int ws = end - 1;
            while (ws > 0 && !Character.isWhitespace(s.charAt(ws))) {
                ws--;
            }
            if (ws > end / 2) {
                end = ws;
            }
        }
        String out = s.substring(0, end).strip();
        return out.isEmpty() ? s.substring(0, Character.charCount(s.codePointAt(0))) : out;
    }

    /** {@code end}, moved back off the middle of a surrogate pair. */
    private static int safeEnd(String s, int end) {
        return end > 0 && end < s.length() && Character.isHighSurrogate(s.charAt(end - 1)) ? end - 1 : end;
    }

    private static final Pattern KEEP_TAG = Pattern.compile("</?keep>");

    private static String untagged(String s) {
        return KEEP_TAG.matcher(s).replaceAll("");
    }

    /** Whitespace runs inside lines to one space, blank-line runs to one, HTML comments and (optionally) # lines out. */
    String cleanup(String s, Options o) {
        StringBuilder out = new StringBuilder();
        for (Segments.Seg seg : Segments.split(s, o.protect())) {
            if (seg.kind() == Segments.Kind.PROTECTED) {
                // keep the tags: the selection that follows must still see the span as protected
                out.append(seg.keepTagged() ? "<keep>" + seg.text() + "</keep>" : seg.text());
                continue;
            }
            String t = HTML_COMMENT.matcher(seg.text()).replaceAll("");
            if (seg.kind() == Segments.Kind.SEPARATOR) {
                int newlines = (int) t.chars().filter(ch -> ch == '\n').count();
                t = newlines >= 2 ? "\n\n" : newlines == 1 ? "\n" : t.isEmpty() ? "" : " ";
            } else {
                t = SPACE_RUN.matcher(t).replaceAll(" ");
                if (o.abbreviations() != null) {
                    t = o.abbreviations().apply(t);
                }
                if (o.dropHashComments() && t.startsWith("#") && !t.startsWith("#!") && !MARKDOWN_HEADING.matcher(t).matches()) {
                    t = "";
                }
            }
            out.append(t);
        }
        return out.toString().strip();
    }

    private String select(String s, Options o, Map<String, Integer> saved, List<String> removed) {
        List<Segments.Seg> segs = Segments.split(s, o.protect());
        List<Integer> units = new ArrayList<>();
        int protectedTokens = 0;
        for (int i = 0; i < segs.size(); i++) {
            if (segs.get(i).kind() == Segments.Kind.UNIT) {
                units.add(i);
            } else if (segs.get(i).kind() == Segments.Kind.PROTECTED) {
                protectedTokens += tokens(segs.get(i).text());
            }
        }
        boolean[] keep = new boolean[segs.size()];
        for (int i = 0; i < segs.size(); i++) {
            keep[i] = segs.get(i).kind() == Segments.Kind.PROTECTED;
        }
        // (d) a sentence said again is dropped first
        boolean[] duplicate = new boolean[segs.size()];
        if (o.dedup()) {
            Set<String> seen = new HashSet<>();
            for (int i : units) {
                String k = WHITESPACE.matcher(segs.get(i).text().toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
                duplicate[i] = k.length() > 12 && !seen.add(k);
            }
        }
        List<String> texts = new ArrayList<>();
        units.forEach(i -> texts.add(segs.get(i).text()));
        List<String> query = Bm25.words(o.question() == null || o.question().isBlank() ? s : o.question());
        double[] bm = Bm25.scores(texts, query);
        double max = Arrays.stream(bm).max().orElse(0);
        Set<String> questionNumbers = new HashSet<>();
        if (o.question() != null) {
            Matcher m = NUMBER.matcher(o.question());
            while (m.find()) {
                questionNumbers.add(m.group());
            }
        }
        double[] score = new double[segs.size()];
        int[] cost = new int[segs.size()];
        Map<Integer, List<Integer>> paragraphs = new LinkedHashMap<>();
        int lastParagraph = segs.isEmpty() ? 0 : segs.get(segs.size() - 1).paragraph();
        for (int k = 0; k < units.size(); k++) {
            int i = units.get(k);
            String t = segs.get(i).text();
            cost[i] = tokens(t); // joined by a space, a sentence's tokens add up: " The" is one token as "The" is
            double sc = max > 0 ? bm[k] / max : 0;
            int para = segs.get(i).paragraph();
            List<Integer> inPara = paragraphs.computeIfAbsent(para, x -> new ArrayList<>());
            if (inPara.isEmpty()) {
                sc += 0.15; // a paragraph's first sentence carries its topic
            }
            if (para == 0 || para == lastParagraph) {
                sc += 0.1; // instructions tend to open or close a prompt
            }
            Matcher nm = NUMBER.matcher(t);
            boolean number = false, questionNumber = false;
            while (nm.find()) {
                number = true;
                questionNumber |= questionNumbers.contains(nm.group());
            }
            sc += (number ? 0.15 : 0) + (questionNumber ? 0.5 : 0) + (URL.matcher(t).find() ? 0.2 : 0)
                    + (t.contains("`") ? 0.2 : 0) + (NAME.matcher(t).find() ? 0.05 : 0);
            score[i] = duplicate[i] ? -1 : sc;
            inPara.add(i);
        }
        int budget = Math.max(0, o.targetTokens() - protectedTokens);
        // coarse: whole paragraphs by mean score, while they fit
        List<Integer> order = new ArrayList<>(paragraphs.keySet());
        order.sort((a, b) -> Double.compare(mean(paragraphs.get(b), score), mean(paragraphs.get(a), score)));
        int used = 0;
        for (int p : order) {
            int c = paragraphs.get(p).stream().filter(i -> !duplicate[i]).mapToInt(i -> cost[i]).sum();
            if (used + c > budget) {
                break;
            }
            for (int i : paragraphs.get(p)) {
                keep[i] = !duplicate[i];
            }
            used += c;
        }
        // fine: the best remaining sentences, by score per token
        List<Integer> rest = new ArrayList<>();
        for (int i : units) {
            if (!keep[i] && !duplicate[i]) {
                rest.add(i);
            }
        }
        rest.sort((a, b) -> Double.compare(score[b] / Math.sqrt(cost[b]), score[a] / Math.sqrt(cost[a])));
        for (int i : rest) {
            if (used + cost[i] <= budget) {
                keep[i] = true;
                used += cost[i];
            }
        }
        String out = assemble(segs, keep);
        int outTokens = tokens(out);
        // exact fit: the separators make the sum approximate; drop the weakest kept sentences that cover the excess
        List<Integer> weakestFirst = new ArrayList<>(units);
        weakestFirst.sort((a, b) -> Double.compare(score[a], score[b]));
        while (outTokens > o.targetTokens()) {
            int over = outTokens - o.targetTokens(), freed = 0;
            for (int i : weakestFirst) {
                if (keep[i] && freed < over) {
                    keep[i] = false;
                    freed += cost[i];
                }
            }
            if (freed == 0) {
                break;
            }
            out = assemble(segs, keep);
            outTokens = tokens(out);
        }
        // fill: the best sentences left out that still fit, each measured in place (the kept neighbours around it), so
        // the result uses its budget; a few tries at most, each a short text however long the prompt
        List<Integer> left = new ArrayList<>();
        for (int i : units) {
            if (!keep[i] && !duplicate[i] && cost[i] > 0) {
                left.add(i);
            }
        }
        left.sort((a, b) -> Double.compare(score[b] / Math.sqrt(cost[b]), score[a] / Math.sqrt(cost[a])));
        int tries = 0;
        for (int i : left) {
            if (outTokens + cost[i] - 1 > o.targetTokens()) {
                continue;
            }
            if (++tries > MAX_FILL_TRIES) {
                break;
            }
            int delta = addedTokens(segs, keep, i);
            if (outTokens + delta <= o.targetTokens()) {
                keep[i] = true;
                outTokens += delta;
            }
        }
        if (tries > 0) {
            out = assemble(segs, keep);
            outTokens = tokens(out);
            while (outTokens > o.targetTokens()) { // a neighbour's measure was off: give back the weakest, one at a time
                int worst = -1;
                for (int i : weakestFirst) {
                    if (keep[i] && segs.get(i).kind() == Segments.Kind.UNIT) {
                        worst = i;
                        break;
                    }
                }
                if (worst < 0) {
                    break;
                }
                keep[worst] = false;
                out = assemble(segs, keep);
                outTokens = tokens(out);
            }
        }
        int dupTokens = 0;
        for (int i : units) {
            if (!keep[i]) {
                removed.add(segs.get(i).text());
                if (duplicate[i]) {
                    dupTokens += cost[i];
                }
            }
        }
        saved.put("dedup", dupTokens);
        // measured on the whole text, not summed by sentence: joins change a token here and there, and the
        // strategies sum to what was removed
        saved.put("context", tokens(s) - tokens(out) - dupTokens);
        return out;
    }

    /** A result this close under its target (a share of it) has used its budget. */
    static final double FILL_TOLERANCE = 0.03;
    /** Sentences tried in the last pass that fills the budget. */
    static final int MAX_FILL_TRIES = 64;

    /** What keeping unit {@code i} adds to the assembled text, counted on it and its nearest kept neighbours. */
    private int addedTokens(List<Segments.Seg> segs, boolean[] keep, int i) {
        int from = i - 1, to = i + 1;
        while (from > 0 && !(keep[from] && segs.get(from).kind() != Segments.Kind.SEPARATOR)) {
            from--;
        }
        while (to < segs.size() - 1 && !(keep[to] && segs.get(to).kind() != Segments.Kind.SEPARATOR)) {
            to++;
        }
        from = Math.max(0, from);
        to = Math.min(segs.size() - 1, to);
        List<Segments.Seg> window = segs.subList(from, to + 1);
        boolean[] k = Arrays.copyOfRange(keep, from, to + 1);
        int without = tokens(assemble(window, k));
        k[i - from] = true;
        return tokens(assemble(window, k)) - without;
    }

    private static double mean(List<Integer> idx, double[] score) {
        return idx.stream().mapToDouble(i -> score[i]).average().orElse(0);
    }

    /** Kept segments in order; between two kept ones, the strongest separator that stood between them. */
    static String assemble(List<Segments.Seg> segs, boolean[] keep) {
        StringBuilder out = new StringBuilder();
        String pending = null;
        for (int i = 0; i < segs.size(); i++) {
            Segments.Seg s = segs.get(i);
            if (s.kind() == Segments.Kind.SEPARATOR) {
                pending = stronger(pending, s.text());
            } else if (keep[i]) {
                if (out.length() > 0 && pending != null) {
                    out.append(pending.contains("\n\n") ? "\n\n" : pending.contains("\n") ? "\n" : pending.isEmpty() ? "" : " ");
                }
                out.append(s.text());
                pending = null;
            } else {
                pending = stronger(pending, " ");
            }
        }
        return out.toString();
    }

    private static String stronger(String a, String b) {
        if (a == null) {
            return b;
        }
        int ra = a.contains("\n\n") ? 3 : a.contains("\n") ? 2 : 1, rb = b.contains("\n\n") ? 3 : b.contains("\n") ? 2 : 1;
        return rb > ra ? b : a;
    }

    /** The text as minified JSON when it is a JSON object or array; null otherwise. */
    static String minifiedJson(String text) {
        String t = text.strip();
        if (!(t.startsWith("{") || t.startsWith("["))) {
            return null;
        }
        try (JsonParser p = JSON.createParser(t)) {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(w)) {
                p.nextToken();
                g.copyCurrentStructure(p);
            }
            if (p.nextToken() != null) {
                return null;
            }
            return w.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** The JSON with each replaced string value written as its compressed text. */
    private static String written(String json, Map<String, Result> replacement) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonParser p = JSON.createParser(json); JsonGenerator g = JSON.createGenerator(w)) {
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                if (t == JsonToken.VALUE_STRING && replacement.containsKey(p.getText())) {
                    g.writeString(replacement.get(p.getText()).text());
                } else {
                    g.copyCurrentEvent(p);
                }
            }
        }
        return w.toString();
    }

    /** Compresses long string values, longest first, each to its share of what must go; the structure stays. */
    private String compressJsonStrings(String json, Options o, List<String> removed) {
        try {
            List<String> strings = new ArrayList<>();
            try (JsonParser p = JSON.createParser(json)) {
                for (JsonToken t; (t = p.nextToken()) != null; ) {
                    if (t == JsonToken.VALUE_STRING && p.getText().split("\\s+").length > 12) {
                        strings.add(p.getText());
                    }
                }
            }
            int total = tokens(json), excess = total - o.targetTokens();
            int longTokens = strings.stream().mapToInt(this::tokens).sum();
            Map<String, Result> replacement = new LinkedHashMap<>();
            for (String s : strings) {
                int t = tokens(s);
                int target = Math.max(1, t - (int) Math.ceil((double) excess * t / Math.max(1, longTokens)) - 2);
                replacement.put(s, compress(s, o.withTarget(target, false))); // JSON string values keep their wording
            }
            String out = written(json, replacement);
            int got = tokens(out);
            // each string lost whole sentences, so together they lost more than their share: give what is left of the
            // budget back, string by string (longest first), each compressed again to its tokens plus what is left
            List<String> longestFirst = new ArrayList<>(replacement.keySet());
            longestFirst.sort((a, b) -> Integer.compare(tokens(b), tokens(a)));
            for (String s : longestFirst) {
                int room = o.targetTokens() - got;
                if (room <= 0) {
                    break;
                }
                Result now = replacement.get(s);
                if (now.tokensAfter() >= tokens(s)) {
                    continue;
                }
                Result more = compress(s, o.withTarget(now.tokensAfter() + room, false));
                if (more.tokensAfter() <= now.tokensAfter()) {
                    continue;
                }
                replacement.put(s, more);
                String tried = written(json, replacement);
                int t = tokens(tried);
                if (t <= o.targetTokens()) {
                    out = tried;
                    got = t;
                } else {
                    replacement.put(s, now);
                }
            }
            replacement.values().forEach(r -> removed.addAll(r.removed()));
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("JSON that parsed once failed to parse again", e);
        }
    }
}
