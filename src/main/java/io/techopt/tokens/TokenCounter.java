package io.techopt.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.core.Message;
import io.techopt.core.Usage;

import java.util.List;
import java.util.Locale;

/**
 * Token counts with jtokkit. OpenAI models use their own encoding; other vendors' tokenizers are not public,
 * so their counts are o200k_base estimates (records counted this way are marked as estimated).
 */
public final class TokenCounter {
    /** OpenAI's chat format: each message costs its role and content plus 3 tokens; every reply is primed with 3. */
    static final int TOKENS_PER_MESSAGE = 3;
    static final int REPLY_PRIMING = 3;

    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    /**
     * Counts of texts seen before, one map per encoding: prompts repeat (system prompts, their sentences), and BPE
     * is the hot path. Bounded by the characters it holds (about 16 MB), keyed by the texts themselves (no copies).
     */
    private final java.util.Map<EncodingType, java.util.concurrent.ConcurrentHashMap<String, Integer>> cache =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong cachedChars = new java.util.concurrent.atomic.AtomicLong();
    private static final long CACHE_MAX_CHARS = 8_000_000;
    private static final int CACHE_MIN_CHARS = 24;

    public Encoding encoding(EncodingType type) {
        return registry.getEncoding(type);
    }

    public Encoding encoding(String name) {
        return registry.getEncoding(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown encoding '" + name + "' (expected o200k_base, cl100k_base, p50k_base, r50k_base)"));
    }

    /** The encoding a model's tokenizer uses (o200k_base for every model whose tokenizer is not public). */
    public static EncodingType encodingFor(String model) {
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        if (slash >= 0) {
            m = m.substring(slash + 1);
        }
        if (m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-4.5") || m.startsWith("gpt-5")
                || m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4") || m.startsWith("chatgpt-4o")
                || m.startsWith("gpt-oss")) {
            return EncodingType.O200K_BASE;
        }
        if (m.startsWith("gpt-4") || m.startsWith("gpt-3.5") || m.startsWith("gpt-35") || m.startsWith("text-embedding")) {
            return EncodingType.CL100K_BASE;
        }
        if (m.startsWith("text-davinci") || m.startsWith("code-davinci")) {
            return EncodingType.P50K_BASE;
        }
        if (m.startsWith("davinci") || m.startsWith("curie") || m.startsWith("babbage") || m.startsWith("ada")) {
            return EncodingType.R50K_BASE;
        }
        return EncodingType.O200K_BASE;
    }

    public int count(String text, EncodingType type) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (text.length() < CACHE_MIN_CHARS) {
            return encoding(type).countTokensOrdinary(text);
        }
        if (text.length() > CACHE_MAX_CHARS / 8) {
            return countHuge(text, type); // it would only flush the cache of everyday texts
        }
        var map = cache.computeIfAbsent(type, t -> new java.util.concurrent.ConcurrentHashMap<>());
        Integer n = map.get(text);
        if (n == null) {
            n = countBounded(encoding(type), text);
            if (cachedChars.addAndGet(text.length()) > CACHE_MAX_CHARS) {
                cache.values().forEach(java.util.Map::clear); // bounded memory; hot texts come back quickly
                cachedChars.set(text.length());
            }
            map.put(text, n);
        }
        return n;
    }

    private record Huge(EncodingType type, String text) {
    }

    private static final long HUGE_MAX_CHARS = 32_000_000;
    /** The counts of the last few huge texts: compressing one counts it (and copies of it) several times. */
    private final java.util.LinkedHashMap<Huge, Integer> huge = new java.util.LinkedHashMap<>();

    private int countHuge(String text, EncodingType type) {
        Huge key = new Huge(type, text);
        synchronized (huge) {
            Integer n = huge.get(key);
            if (n != null) {
                return n;
            }
        }
        int n = countBounded(encoding(type), text);
        synchronized (huge) {
            huge.put(key, n);
            long chars = huge.keySet().stream().mapToLong(k -> k.text().length()).sum();
            for (var it = huge.keySet().iterator(); chars > HUGE_MAX_CHARS && it.hasNext(); ) {
                chars -= it.next().text().length();
                it.remove();
            }
        }
        return n;
    }

    /** Longest piece handed to the BPE at once: jtokkit's memory and time grow much faster than a piece's length. */
    static final int CHUNK_CHARS = 8192;

    /**
     * The token count in bounded memory: a long text is counted in chunks of at most {@link #CHUNK_CHARS} characters.
     * Chunks end before a single space that follows a non-space and precedes a letter, where every tiktoken
     * pre-tokenizer starts a new piece, so the sum equals the whole text's count; text with no such place for
     * {@code CHUNK_CHARS} characters (a 10 MB string without spaces) is cut at the limit, which may shift a
     * token or two per chunk, instead of building one giant BPE piece.
     */
    public static int countBounded(com.knuddels.jtokkit.api.Encoding enc, String text) {
        int n = text.length();
        if (n <= CHUNK_CHARS) {
            return enc.countTokensOrdinary(text);
        }
        int total = 0;
        for (int start = 0; start < n; ) {
            int end = chunkEnd(text, start);
            total += enc.countTokensOrdinary(text.substring(start, end));
            start = end;
        }
        return total;
    }

    /**
     * {@code countBounded(enc, text.substring(0, end))} for many {@code end}s of one text, each chunk counted once: a
     * prefix's chunks are the whole text's up to the last {@link #CHUNK_CHARS} + 1 characters before {@code end}
     * ({@link #chunkEnd} looks no further ahead), so a binary search over a 10 MB text's prefixes encodes about the
     * text once instead of twenty times.
     */
    public static final class Prefixes {
        private final Encoding enc;
        private final String text;
        /** The whole text's chunks from its start, as far as counted: their ends and running token totals. */
        private final java.util.ArrayList<int[]> chunks = new java.util.ArrayList<>();

        public Prefixes(Encoding enc, String text) {
            this.enc = enc;
            this.text = text;
        }

        public int count(int end) {
            int start = 0, total = 0;
            for (int k = 0; start + CHUNK_CHARS + 1 < end; k++) {
                if (k == chunks.size()) {
                    int e = chunkEnd(text, start);
                    chunks.add(new int[]{e, total + enc.countTokensOrdinary(text.substring(start, e))});
                }
                start = chunks.get(k)[0];
                total = chunks.get(k)[1];
            }
            return start == end ? total : total + countBounded(enc, text.substring(start, end));
        }
    }

    static int chunkEnd(String text, int start) {
        int limit = start + CHUNK_CHARS;
        if (limit >= text.length()) {
            return text.length();
        }
        for (int i = limit; i > start + CHUNK_CHARS / 2; i--) {
            if (text.charAt(i) == ' ' && i + 1 < text.length() && Character.isLetter(text.charAt(i + 1))
                    && !Character.isWhitespace(text.charAt(i - 1))) {
                return i;
            }
        }
        return Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
    }

    /** Prompt tokens of a chat request as OpenAI counts them. */
    public long countMessages(List<Message> messages, EncodingType type) {
        if (messages == null || messages.isEmpty()) {
            return 0;
        }
        long n = REPLY_PRIMING;
        for (Message m : messages) {
            n += TOKENS_PER_MESSAGE + count(m.role(), type) + count(m.content(), type);
        }
        return n;
    }

    /** Usage counted from the text of a request that logged none. */
    public Usage estimate(String model, List<Message> messages, String response) {
        EncodingType type = encodingFor(model);
        return new Usage(countMessages(messages, type), 0, 0, 0, count(response, type), 0);
    }
}
