package io.techopt.compress;

import io.techopt.core.Message;
import io.techopt.embed.Embedder;
import io.techopt.embed.MiniLmEmbedder;
import io.techopt.tokens.TokenCounter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compresses a conversation to a token target. System messages and the last {@code keepTurns} user turns (with
 * their answers, the question among them) stay byte-identical; the turns before them become one extractive
 * summary: whole sentences of those turns, chosen for the question by meaning (sentence embeddings, so "when does
 * it land" finds "arrives at 08:20") and by words (BM25), filling what the target leaves. A summary that would hold
 * no sentence is left out, so no message is ever empty.
 */
public final class MessageCompressor {
    public record Result(List<Message> messages, int tokensBefore, int tokensAfter, Map<String, Integer> savedByStrategy,
                         int leftForCache, List<String> notes) {
        public Result(List<Message> messages, int tokensBefore, int tokensAfter, Map<String, Integer> savedByStrategy,
                      int leftForCache) {
            this(messages, tokensBefore, tokensAfter, savedByStrategy, leftForCache, List.of());
        }
    }

    static final String SUMMARY_HEADING = "Earlier in this conversation:";
    /** A result this far under its target (a fraction of it) says why in a note. */
    static final double UNDER_BUDGET_NOTED = 0.05;
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,:]\\d+)*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** Embedding models read a few hundred word pieces; longer text is cut before it reaches the model. */
    private static final int EMBED_MAX_CHARS = 2000;
    private static final int EMBED_CACHE_MAX = 8192;
    /** A summary's units are at most this long (about 50-70 tokens of English)... */
    static final int MAX_UNIT_CHARS = 280;
    /** ...or shorter when the room is small, so a piece fits it, but never cut below this (a short sentence stays whole). */
    static final int MIN_UNIT_CHARS = 120;

    static int maxUnitChars(int roomTokens) {
        return (int) Math.max(MIN_UNIT_CHARS, Math.min(MAX_UNIT_CHARS, 3L * roomTokens));
    }
    private static final double W_MEANING = 0.55, W_WORDS = 0.30;
    /** What kind of answer a question asks for (when, how much, how many), and what in a sentence gives it. */
    private static final Pattern ASKS_WHEN = Pattern.compile("(?i)\\b(when|what time|which day|what date|how soon|until when|schedule)\\b");
    private static final Pattern GIVES_WHEN = Pattern.compile("(?i)\\d{1,2}:\\d{2}|\\d{4}-\\d{2}-\\d{2}|\\b\\d{1,2} ?(am|pm)\\b|"
            + "\\b(mon|tues|wednes|thurs|fri|satur|sun)day\\b|\\b(january|february|march|april|may|june|july|august|september|"
            + "october|november|december|today|tomorrow|tonight|yesterday|noon|midnight)\\b");
    private static final Pattern ASKS_AMOUNT = Pattern.compile("(?i)\\b(how much|cost|costs|price|pay|paid|owe|spend|spent|bill|fee|budget)\\b");
    private static final Pattern GIVES_AMOUNT = Pattern.compile("(?i)[$€£¥]\\s?\\d|\\d\\s?[$€£¥]|\\b\\d[\\d,.]*\\s?(usd|eur|euros?|dollars?|pounds?|cents?|k|m)\\b");
    private static final Pattern ASKS_COUNT = Pattern.compile("(?i)\\b(how many|how often|number of|how long|how far|how old)\\b");

    private final Compressor compressor;
    private final TokenCounter counter;
    private final com.knuddels.jtokkit.api.EncodingType encoding;
    private final Supplier<Embedder> embedder;
    /** Vectors of sentences seen before: a log repeats a session's history request after request. */
    private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

    /** With all-MiniLM-L6-v2, loaded the first time a conversation has older turns to summarize. */
    public MessageCompressor(TokenCounter counter, com.knuddels.jtokkit.api.EncodingType encoding) {
        this(counter, encoding, lazy(MiniLmEmbedder::new));
    }

    public MessageCompressor(TokenCounter counter, com.knuddels.jtokkit.api.EncodingType encoding, Supplier<Embedder> embedder) {
        this.counter = counter;
        this.encoding = encoding;
        this.compressor = new Compressor(counter, encoding);
        this.embedder = embedder;
    }

    /** The supplier's value, made once on first use and shared by every thread. */
    public static Supplier<Embedder> lazy(Supplier<Embedder> make) {
        return new Supplier<>() {
            private volatile Embedder e;

            @Override
            public Embedder get() {
                Embedder v = e;
                if (v == null) {
                    synchronized (this) {
                        if (e == null) {
                            e = make.get();
                        }
                        v = e;
                    }
                }
                return v;
            }
        };
    }

    public int tokens(List<Message> messages) {
        return (int) counter.countMessages(messages, encoding);
    }

    private record Unit(int message, int seg, String text, int cost, boolean isProtected) {
    }

    /** The summary message (null when no sentence fits), and what of the older turns it could not use, and why. */
    private record Summary(Message message, int duplicates, int fillers, int notChosen) {
    }

    /** Acknowledgements that carry nothing a later answer could need ("Noted.", "ok"): never worth a summary's tokens. */
    private static final Set<String> FILLER = Set.of("noted", "ok", "okay", "k", "kk", "sure", "thanks", "thank you", "thx",
            "thanks a lot", "thank you very much", "got it", "understood", "alright", "all right", "will do", "sounds good",
            "great", "cool", "fine", "i see", "ack", "acknowledged", "of course", "certainly", "you are welcome",
            "you're welcome", "no problem", "noted thanks", "ok thanks", "okay thanks", "perfect", "nice", "hmm", "uh huh");

    /** A sentence that is only an acknowledgement, punctuation and case aside. */
    static boolean isFiller(String sentence) {
        String w = WHITESPACE.matcher(sentence.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]+", " ")).replaceAll(" ").strip();
        return FILLER.contains(w);
    }

    public Result compress(List<Message> in, int target, int keepTurns, int cacheableTokens, Compressor.Options base) {
        int before = tokens(in);
        List<Integer> userTurns = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            if (in.get(i).role().equals("user")) {
                userTurns.add(i);
            }
        }
        // the question (the last user turn) is always kept, so at least one turn is
        int keep = Math.max(1, keepTurns);
        int firstKept = userTurns.size() > keep ? userTurns.get(userTurns.size() - keep) : 0;
        String question = base.question() != null && !base.question().isBlank() ? base.question()
                : userTurns.isEmpty() ? null : in.get(userTurns.get(userTurns.size() - 1)).content();
        int cached = 0;
        for (int i = 0; i < in.size() && in.get(i).role().equals("system"); i++) {
            int t = counter.count(in.get(i).content(), encoding);
            if (t >= cacheableTokens) {
                cached += t; // a prefix the provider caches stays as it is (every system message does)
            }
        }
        List<Message> kept = new ArrayList<>();
        List<Integer> older = new ArrayList<>();
        int summaryAt = -1;
        for (int i = 0; i < in.size(); i++) {
            Message m = in.get(i);
            if (i < firstKept && !m.role().equals("system")) {
                older.add(i);
                if (summaryAt < 0) {
                    summaryAt = kept.size();
                }
            } else {
                kept.add(m);
            }
        }
        List<String> notes = new ArrayList<>();
        int keptTokens = tokens(kept);
        if (older.isEmpty()) {
            if (before > target) {
                notes.add("system messages and the last " + keep + " user turn(s) take " + before + " tokens, above the target of "
                        + target + "; they stay byte-identical (lower --keep-turns to summarize more turns)");
            }
            return new Result(in, before, before, Map.of(), cached, notes);
        }
        int oldTokens = before - keptTokens;
        Map<String, Integer> saved = new LinkedHashMap<>();
        Summary summary = summarize(in, older, kept, question, target, base);
        Message summarized = summary == null ? null : summary.message();
        List<Message> out = new ArrayList<>(kept);
        if (summarized != null) {
            out.add(summaryAt, summarized);
        }
        int after = tokens(out);
        saved.put("conversation", before - after);
        if (keptTokens > target) {
            notes.add("system messages and the last " + keep + " user turn(s) alone take " + keptTokens
                    + " tokens, above the target of " + target + "; they stay byte-identical, so the " + older.size()
                    + " earlier message(s) were left out entirely (lower --keep-turns to summarize more turns)");
        } else if (summarized == null && (summary == null || summary.notChosen() > 0)) {
            notes.add("no sentence of the " + older.size() + " earlier message(s) fits the " + (target - keptTokens)
                    + " tokens the target leaves; they were left out");
        } else if (after < target * (1 - UNDER_BUDGET_NOTED) && summary != null) {
            // a budget left unused is said, with why: what the older turns hold beyond the kept text is all used
            String why = summary.notChosen() > 0
                    ? summary.notChosen() + " remaining sentence(s) of the earlier messages do not fit the room left"
                    : "the earlier messages hold nothing more to add: every other sentence of theirs repeats text already kept or in "
                    + "the summary (" + summary.duplicates() + " duplicate sentence(s)) or is a content-free acknowledgement ("
                    + summary.fillers() + ", e.g. \"Noted.\")";
            notes.add(String.format(Locale.ROOT, "ended at %d tokens, %d (%.0f%%) under the target of %d: %s", after, target - after,
                    100.0 * (target - after) / target, target, why));
        }
        return new Result(out, before, after, saved, cached, notes);
    }

    /** The summary message of the older turns filling what the target leaves, or null when no sentence fits. */
    private Summary summarize(List<Message> in, List<Integer> older, List<Message> kept, String question, int target,
                              Compressor.Options base) {
        int headingOnly = tokens(withSummary(kept, SUMMARY_HEADING + "\n"));
        int room = target - headingOnly;
        if (room <= 0) {
            return null;
        }
        int duplicates = 0, fillers = 0;
        Set<String> keptSentences = new HashSet<>();
        List<Gist> keptGists = new ArrayList<>();
        for (Message m : kept) {
            for (Segments.Seg s : Segments.split(m.content(), base.protect())) {
                if (s.kind() == Segments.Kind.UNIT) {
                    keptSentences.add(norm(s.text()));
                    keptGists.add(gist(s.text()));
                }
            }
        }
        List<List<Segments.Seg>> segsOf = new ArrayList<>();
        List<Unit> units = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Compressor.Options clean = base.withTarget(Integer.MAX_VALUE, true);
        for (int k = 0; k < older.size(); k++) {
            String text = clean.cleanup() ? compressor.cleanup(in.get(older.get(k)).content(), clean) : in.get(older.get(k)).content();
            // long sentences, run-on text and long code blocks are cut into clause-sized units, so every older turn
            // offers something a summary can hold; whether it is chosen is then a matter of rank, not of size
            List<Segments.Seg> segs = Segments.refine(Segments.split(text, base.protect()), maxUnitChars(room));
            segsOf.add(segs);
            for (int s = 0; s < segs.size(); s++) {
                Segments.Seg seg = segs.get(s);
                if (seg.kind() == Segments.Kind.SEPARATOR || seg.text().isBlank()) {
                    continue;
                }
                String key = norm(seg.text());
                // a sentence said again, or still present in the kept turns, adds nothing
                if (base.dedup() && key.length() > 12 && (!seen.add(key) || keptSentences.contains(key))) {
                    duplicates++;
                    continue;
                }
                if (seg.kind() != Segments.Kind.PROTECTED && isFiller(seg.text())) {
                    fillers++;
                    continue;
                }
                units.add(new Unit(k, s, seg.text(), compressor.tokens(seg.text()) + 1, seg.kind() == Segments.Kind.PROTECTED));
            }
        }
        if (units.isEmpty()) {
            return new Summary(null, duplicates, fillers, 0);
        }
        double[] score = scores(units, question);
        demoteNearDuplicates(units, score);
        Integer[] order = new Integer[units.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // the most relevant first (not per token: the fact the question needs is worth a long sentence)
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        boolean[] chosen = new boolean[units.size()];
        Repeats repeats = new Repeats(units, keptGists, base.dedup());
        int used = 0;
        for (int i : order) {
            // + the role prefix a message's first sentence brings
            if (used + units.get(i).cost() + 2 <= room && !repeats.test(i, chosen)) {
                chosen[i] = true;
                used += units.get(i).cost() + 2;
            }
        }
        String summary = text(in, older, segsOf, units, chosen);
        // exact fit: the separators and prefixes make the sum approximate
        while (summary != null && tokens(withSummary(kept, summary)) > target) {
            int worst = -1;
            for (int i = 0; i < chosen.length; i++) {
                if (chosen[i] && (worst < 0 || score[i] < score[worst])) {
                    worst = i;
                }
            }
            chosen[worst] = false;
            summary = text(in, older, segsOf, units, chosen);
        }
        // then whatever still fits, best first, so the result uses its budget
        int total = summary == null ? headingOnly : tokens(withSummary(kept, summary));
        for (int i : order) {
            if (!chosen[i] && units.get(i).cost() <= target - total && !repeats.test(i, chosen)) {
                chosen[i] = true;
                String s = text(in, older, segsOf, units, chosen);
                int t = tokens(withSummary(kept, s));
                if (t <= target) {
                    summary = s;
                    total = t;
                } else {
                    chosen[i] = false;
                }
            }
        }
        int notChosen = 0;
        for (int i = 0; i < chosen.length; i++) {
            if (chosen[i]) {
                continue;
            }
            if (repeats.test(i, chosen)) {
                duplicates++; // says again what the summary or the kept turns say
            } else {
                notChosen++;
            }
        }
        return new Summary(summary == null ? null : new Message("system", summary), duplicates, fillers, notChosen);
    }

    /** A sentence that only adds this share of words to one already chosen (an intensifier: "really nice") says nothing new... */
    static final double ADDED_WORDS = 0.25;
    /** ...nor does one sharing at least {@link #SHARED_WORDS} of its words with a chosen one whose vector is this close. */
    static final double SAME_MEANING = 0.95;
    static final double SHARED_WORDS = 0.5;
    /** A word that turns a sentence around: "is not at 10:00" is no repeat of "is at 10:00" ("isn't" splits to "isn", "t"). */
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nor", "without", "t", "cannot", "neither");

    /** Words of acknowledgement: "Noted: X" says no more than X. */
    private static final Set<String> ACK_WORDS = Set.of("noted", "ok", "okay", "sure", "thanks", "thank", "thx", "got",
            "understood", "alright", "acknowledged", "ack", "yes", "right");

    /** A sentence's content words (lower case, stop words and acknowledgement words aside) and its numbers. */
    record Gist(Set<String> words, Set<String> numbers) {
    }

    static Gist gist(String sentence) {
        Set<String> words = new HashSet<>(), numbers = new HashSet<>();
        for (String w : Bm25.words(sentence)) {
            if (Character.isDigit(w.charAt(0))) {
                numbers.add(w);
                words.add(w);
            } else if (!ACK_WORDS.contains(w)) {
                words.add(w);
            }
        }
        return new Gist(words, numbers);
    }

    /** The share of a's words that are also b's. */
    static double contained(Gist a, Gist b) {
        if (a.words().isEmpty()) {
            return 0;
        }
        int in = 0;
        for (String w : a.words()) {
            in += b.words().contains(w) ? 1 : 0;
        }
        return (double) in / a.words().size();
    }

    /**
     * The sentence says nothing {@code chosen} does not. Its numbers must all be in chosen (another number is another
     * fact), and it adds no negation; then its words are all in chosen, or it is chosen plus a few words ({@link
     * #ADDED_WORDS}, none replaced: "departs" for "arrives" is another fact), or it shares half its words with chosen and
     * the embedder finds the two the same in meaning ({@link #SAME_MEANING}).
     */
    static boolean repeats(Gist sentence, Gist chosen, java.util.function.DoubleSupplier cosine) {
        if (sentence.words().isEmpty() || !chosen.words().containsAll(sentence.numbers())) {
            return false;
        }
        int added = 0;
        for (String w : sentence.words()) {
            if (!chosen.words().contains(w)) {
                if (NEGATIONS.contains(w)) {
                    return false;
                }
                added++;
            }
        }
        if (added == 0 || sentence.words().containsAll(chosen.words()) && added <= ADDED_WORDS * sentence.words().size()) {
            return true;
        }
        return contained(sentence, chosen) >= SHARED_WORDS && cosine.getAsDouble() >= SAME_MEANING;
    }

    static boolean repeats(String sentence, String chosen, double cosine) {
        return repeats(gist(sentence), gist(chosen), () -> cosine);
    }

    /** Whether a unit repeats one already chosen or a sentence of the kept turns (words only there: they are not embedded). */
    private final class Repeats {
        private final List<Unit> units;
        private final List<Gist> gists = new ArrayList<>(), kept;
        private final boolean on;
        private final Map<Long, Double> cosines = new java.util.HashMap<>();

        Repeats(List<Unit> units, List<Gist> kept, boolean on) {
            this.units = units;
            this.kept = kept;
            this.on = on;
            units.forEach(u -> gists.add(u.isProtected() ? new Gist(Set.of(), Set.of()) : gist(u.text())));
        }

        boolean test(int i, boolean[] chosen) {
            if (!on || units.get(i).isProtected()) {
                return false;
            }
            Gist g = gists.get(i);
            for (Gist k : kept) {
                if (repeats(g, k, () -> 0)) {
                    return true;
                }
            }
            for (int j = 0; j < chosen.length; j++) {
                if (chosen[j] && j != i) {
                    int a = i, b = j;
                    if (repeats(g, gists.get(j), () -> cosines.computeIfAbsent((long) a * units.size() + b, k -> cosine(a, b)))) {
                        return true;
                    }
                }
            }
            return false;
        }

        private double cosine(int a, int b) {
            List<float[]> v = vectors(List.of(units.get(a).text(), units.get(b).text()));
            return Embedder.cosine(v.get(0), v.get(1));
        }
    }

    /** Number words and ordinals: "detail number 3" and "the third detail" are the same sentence as "number 4", "fourth". */
    private static final Pattern NUMBER_WORD = Pattern.compile("\\b(\\d+(?:st|nd|rd|th)?|zero|one|two|three|four|five|six|seven|"
            + "eight|nine|ten|eleven|twelve|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\\b");
    /** Below every distinct sentence (whose scores stay under 2), above nothing: a near-duplicate fills what is left. */
    private static final double NEAR_DUPLICATE_PENALTY = 3;

    /** A sentence's shape: lower case, spaces collapsed, every number, number word and ordinal one placeholder. */
    static String shape(String sentence) {
        return NUMBER_WORD.matcher(norm(sentence).replaceAll("[^\\p{L}\\p{N}' ]+", " ")).replaceAll("#")
                .replaceAll("\\s+", " ").strip();
    }

    /**
     * Sentences that differ only by a number or an ordinal ("background detail number 0 ... number 7") say the same
     * thing: the best-scored of them competes as it is, the others rank after every distinct sentence, so a template
     * repeated turn after turn never crowds out facts said once. They still fill room that is left.
     */
    private static void demoteNearDuplicates(List<Unit> units, double[] score) {
        Map<String, Integer> best = new java.util.HashMap<>();
        for (int i = 0; i < units.size(); i++) {
            if (units.get(i).isProtected()) {
                continue;
            }
            String key = shape(units.get(i).text());
            if (key.length() <= 12 || !key.contains("#")) {
                continue; // exact repeats are dropped as duplicates already; only number-varied ones are handled here
            }
            Integer b = best.get(key);
            if (b == null) {
                best.put(key, i);
            } else if (score[i] > score[b]) {
                score[b] -= NEAR_DUPLICATE_PENALTY;
                best.put(key, i);
            } else {
                score[i] -= NEAR_DUPLICATE_PENALTY;
            }
        }
    }

    /** Relevance to the question: meaning (cosine of sentence embeddings) and words (BM25), plus numbers and recency. */
    private double[] scores(List<Unit> units, String question) {
        int n = units.size();
        double[] out = new double[n];
        List<String> texts = units.stream().map(Unit::text).toList();
        boolean hasQuestion = question != null && !question.isBlank();
        double[] bm = hasQuestion ? wordScores(texts, question) : Bm25.scores(texts, Bm25.words(String.join(" ", texts)));
        double bmMax = Arrays.stream(bm).max().orElse(0);
        double[] cos = new double[n];
        if (hasQuestion) {
            // meaning is judged on what a sentence says beyond the question's own words: those are credited once, by
            // the word score, so "your flight departs at 21:05" does not outrank "it arrives at 08:20" for "when does
            // my flight land?" merely by repeating "flight"
            Set<String> asked = new HashSet<>(Bm25.words(question));
            List<String> masked = texts.stream().map(t -> withoutWords(t, asked)).toList();
            // a sentence of nothing but the question's words has no meaning of its own to add (its vector is not needed)
            List<float[]> v = vectors(masked.stream().map(t -> t.isBlank() ? "-" : t).toList());
            float[] q = vectors(List.of(question)).get(0);
            for (int i = 0; i < n; i++) {
                cos[i] = masked.get(i).isBlank() ? 0 : Math.max(0, Embedder.cosine(q, v.get(i)));
            }
        }
        double cosMax = Arrays.stream(cos).max().orElse(0);
        Set<String> questionNumbers = new HashSet<>();
        if (hasQuestion) {
            Matcher m = NUMBER.matcher(question);
            while (m.find()) {
                questionNumbers.add(m.group());
            }
        }
        int messages = units.get(n - 1).message() + 1;
        boolean asksWhen = hasQuestion && ASKS_WHEN.matcher(question).find(), asksAmount = hasQuestion && ASKS_AMOUNT.matcher(question).find(),
                asksCount = hasQuestion && ASKS_COUNT.matcher(question).find();
        for (int i = 0; i < n; i++) {
            String t = units.get(i).text();
            double s = W_MEANING * (cosMax > 0 ? cos[i] / cosMax : 0) + W_WORDS * (bmMax > 0 ? bm[i] / bmMax : 0);
            Matcher m = NUMBER.matcher(t);
            boolean number = false, questionNumber = false;
            while (m.find()) {
                number = true;
                questionNumber |= questionNumbers.contains(m.group());
            }
            s += (number ? 0.05 : 0) + (questionNumber ? 0.2 : 0);
            if (hasQuestion) { // a sentence that gives the kind of answer asked for
                s += asksWhen && GIVES_WHEN.matcher(t).find() || asksAmount && GIVES_AMOUNT.matcher(t).find()
                        || asksCount && number ? 0.2 : 0;
            }
            s += 0.05 * (units.get(i).message() + 1) / messages; // later turns are closer to the question
            out[i] = units.get(i).isProtected() ? s + 1 : s; // code, <keep> and --protect spans go first
            
        }
        return out;
    }

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}]+|\\d+(?:[.,]\\d+)*");
    /** How strongly a word matched by WordNet (synonym, or the more general word) answers for the question's word. */
    private static final double RELATED = 0.7;
    /** Word vectors at least this close mean the same thing ("broken" and "fails" are 0.62 apart in MiniLM, "land" and "flight" 0.43). */
    private static final double WORD_COSINE = 0.6;

    private static String withoutWords(String text, Set<String> words) {
        Matcher m = WORD.matcher(text);
        StringBuilder b = new StringBuilder();
        int last = 0;
        while (m.find()) {
            if (words.contains(m.group().toLowerCase(Locale.ROOT))) {
                b.append(text, last, m.start());
                last = m.end();
            }
        }
        b.append(text.substring(last));
        return WHITESPACE.matcher(b).replaceAll(" ").strip();
    }

    /**
     * BM25 (k1 = 1.2, b = 0.75) where a question word matches a sentence's word by base form (1), by WordNet
     * (synonym or more general word, {@link #RELATED}), or by the embedder's word vectors (their cosine, when at least
     * {@link #WORD_COSINE}); a sentence counts each question word by its best match, and document frequencies are
     * the sums of those matches, so a word every sentence shares weighs little.
     */
    private double[] wordScores(List<String> texts, String question) {
        int n = texts.size();
        List<String> q = new ArrayList<>(new java.util.LinkedHashSet<>(Bm25.words(question)));
        List<List<String>> docs = texts.stream().map(Bm25::words).toList();
        Lexicon lex = Lexicon.get();
        Set<String> vocab = new java.util.LinkedHashSet<>();
        for (List<String> d : docs) {
            for (String w : d) {
                if (w.length() >= 3 && Character.isLetter(w.charAt(0))) {
                    vocab.add(w);
                }
            }
        }
        q.stream().filter(w -> w.length() >= 3 && Character.isLetter(w.charAt(0))).forEach(vocab::add);
        Map<String, float[]> wv = new java.util.HashMap<>();
        List<String> vocabList = new ArrayList<>(vocab);
        List<float[]> vs = vocabList.isEmpty() ? List.of() : vectors(vocabList);
        for (int i = 0; i < vocabList.size(); i++) {
            wv.put(vocabList.get(i), vs.get(i));
        }
        Map<String, Double> simCache = new java.util.HashMap<>();
        double[][] match = new double[q.size()][n];
        double[] len = new double[n];
        double avg = 0;
        for (int i = 0; i < n; i++) {
            len[i] = docs.get(i).size();
            avg += len[i];
            for (String v : new HashSet<>(docs.get(i))) {
                for (int j = 0; j < q.size(); j++) {
                    String w = q.get(j);
                    double sim = simCache.computeIfAbsent(w + "\u0000" + v, k -> similarity(w, v, lex, wv));
                    match[j][i] = Math.max(match[j][i], sim);
                }
            }
        }
        avg = n == 0 ? 1 : Math.max(1, avg / n);
        double[] out = new double[n];
        for (int j = 0; j < q.size(); j++) {
            double df = Arrays.stream(match[j]).sum();
            double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
            for (int i = 0; i < n; i++) {
                double f = match[j][i];
                if (f > 0) {
                    out[i] += idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * len[i] / avg));
                }
            }
        }
        return out;
    }

    private static double similarity(String w, String v, Lexicon lex, Map<String, float[]> wv) {
        if (w.equals(v)) {
            return 1;
        }
        double best = 0;
        if (lex != null && Character.isLetter(w.charAt(0)) && Character.isLetter(v.charAt(0))) {
            Set<String> lw = lex.lemmas(w), lv = lex.lemmas(v);
            if (!java.util.Collections.disjoint(lw, lv)) {
                return 1;
            }
            if (!java.util.Collections.disjoint(lex.related(w), lv) || !java.util.Collections.disjoint(lex.related(v), lw)) {
                best = RELATED;
            }
        }
        float[] a = wv.get(w), b = wv.get(v);
        if (a != null && b != null) {
            double c = Embedder.cosine(a, b);
            if (c >= WORD_COSINE) {
                best = Math.max(best, c);
            }
        }
        return best;
    }

    private List<float[]> vectors(List<String> texts) {
        Map<String, float[]> found = new java.util.HashMap<>();
        List<String> keys = new ArrayList<>(texts.size()), missing = new ArrayList<>();
        for (String t : texts) {
            String k = t.length() > EMBED_MAX_CHARS ? t.substring(0, EMBED_MAX_CHARS) : t;
            keys.add(k);
            float[] v = vectors.get(k);
            if (v != null) {
                found.put(k, v);
            } else if (!found.containsKey(k)) {
                found.put(k, null);
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            List<float[]> v = embedder.get().embedAll(missing);
            if (vectors.size() + missing.size() > EMBED_CACHE_MAX) {
                vectors.clear(); // bounded memory; a session's sentences come back quickly
            }
            for (int i = 0; i < missing.size(); i++) {
                found.put(missing.get(i), v.get(i));
                vectors.put(missing.get(i), v.get(i));
            }
        }
        List<float[]> out = new ArrayList<>(keys.size());
        keys.forEach(k -> out.add(found.get(k)));
        return out;
    }

    /** The heading, then one line per older message with a chosen sentence: its role, its chosen sentences in order. */
    private static String text(List<Message> in, List<Integer> older, List<List<Segments.Seg>> segsOf, List<Unit> units,
                               boolean[] chosen) {
        Map<Integer, boolean[]> keepOf = new LinkedHashMap<>();
        for (int i = 0; i < units.size(); i++) {
            if (chosen[i]) {
                Unit u = units.get(i);
                keepOf.computeIfAbsent(u.message(), k -> new boolean[segsOf.get(k).size()])[u.seg()] = true;
            }
        }
        if (keepOf.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder(SUMMARY_HEADING);
        for (int k = 0; k < older.size(); k++) {
            boolean[] keep = keepOf.get(k);
            if (keep != null) {
                b.append('\n').append(in.get(older.get(k)).role()).append(": ")
                        .append(Compressor.assemble(segsOf.get(k), keep).replace("\n\n", "\n"));
            }
        }
        return b.toString();
    }

    private static List<Message> withSummary(List<Message> kept, String summary) {
        List<Message> l = new ArrayList<>(kept.size() + 1);
        l.add(new Message("system", summary));
        l.addAll(kept);
        return l;
    }

    private static String norm(String s) {
        return WHITESPACE.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }
}
