package io.techopt.core;

import java.util.List;

/**
 * 64-bit key of (model, normalized messages) per cli.md: each message is its role plus its content with runs of
 * whitespace collapsed to one space and trimmed. Also yields the keys of two cacheable prefixes: the leading
 * system messages, and everything before the last message (the conversation so far).
 */
public final class PromptKey {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** key: whole prompt; systemPrefix / historyPrefix: 0 when the prompt has none; chars: normalized lengths. */
    public record Info(long key, long systemPrefix, int systemChars, long historyPrefix, int historyChars,
                       int promptChars) {
    }

    /**
     * The key computed when the record's log was read, carried by a record read back from a usage store, which keeps
     * the key but not (unless asked) the text, and that text redacted: a sink keying prompts takes it first.
     */
    public static final Derived.Key<Info> STORED = Derived.Key.of("prompt.stored", Info.class);

    private PromptKey() {
    }

    /**
     * The record's prompt key: the one a store kept (of the text as logged, before redaction), else of its text, else
     * null (no prompt logged).
     */
    public static Info of(LogRecord r) {
        Info stored = r.derived(STORED);
        if (stored != null) {
            return stored;
        }
        return r.hasPrompt() ? of(r.model, r.messages) : null;
    }

    public static Info of(String model, List<Message> messages) {
        long h = FNV_OFFSET;
        h = str(h, model);
        h = mix(h, 0x1F);
        long sys = 0, hist = 0;
        int sysChars = 0, histChars = 0, chars = 0;
        boolean leadingSystem = true;
        int[] length = new int[1];
        int n = messages.size();
        for (int i = 0; i < n; i++) {
            Message m = messages.get(i);
            if (leadingSystem && !isSystem(m.role())) {
                leadingSystem = false;
                if (i > 0) {
                    sys = nonZero(h);
                    sysChars = chars;
                }
            }
            if (i == n - 1 && n > 1) {
                hist = nonZero(h);
                histChars = chars;
            }
            h = str(h, m.role());
            h = mix(h, 0x1E);
            h = collapsed(h, m.content(), length);
            chars += m.role().length() + length[0];
            h = mix(h, 0x1D);
        }
        return new Info(nonZero(finish(h)), sys == 0 ? 0 : nonZero(finish(sys)), sysChars,
                hist == 0 ? 0 : nonZero(finish(hist)), histChars, chars);
    }

    /** Whitespace as Python's str.isspace() sees it, so independent checks in other languages agree. */
    static boolean isSpace(char c) {
        if (c < 0x80) {
            return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
        }
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /** The normalized content itself (for tests and for tools that need the text). */
    public static String normalize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                pendingSpace = b.length() > 0;
            } else {
                if (pendingSpace) {
                    b.append(' ');
                    pendingSpace = false;
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The last long texts hashed on this thread (system prompts, conversation histories repeat from record to record):
     * a text equal to one of them, after the same hash state, gets its result without hashing it again. Comparing is
     * an order of magnitude faster than FNV's one multiply per character; the key is the same by construction.
     */
    private static final class Memo {
        static final int SLOTS = 64, MIN_CHARS = 256, MAX_CHARS = 1 << 16; // at most 64 x 64K characters kept a thread
        final long[] before = new long[SLOTS], after = new long[SLOTS];
        final int[] length = new int[SLOTS];
        final String[] text = new String[SLOTS];
    }

    private static final ThreadLocal<Memo> MEMO = ThreadLocal.withInitial(Memo::new);

    /** Hashes the content as normalized (whitespace runs as one space, trimmed); its length goes to length[0]. */
    private static long collapsed(long h, String s, int[] length) {
        int len = s.length();
        if (len < Memo.MIN_CHARS || len > Memo.MAX_CHARS) {
            return hashCollapsed(h, s, length);
        }
        Memo m = MEMO.get();
        int slot = (int) ((h ^ (h >>> 29) ^ len * 0x9E3779B1L ^ s.charAt(len >>> 1) * 31L ^ s.charAt(len - 1))
                & (Memo.SLOTS - 1));
        if (m.before[slot] == h && s.equals(m.text[slot])) {
            length[0] = m.length[slot];
            return m.after[slot];
        }
        long out = hashCollapsed(h, s, length);
        m.before[slot] = h;
        m.text[slot] = s;
        m.after[slot] = out;
        m.length[slot] = length[0];
        return out;
    }

    private static long hashCollapsed(long h, String s, int[] length) {
        boolean pendingSpace = false, any = false;
        int n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                pendingSpace = any;
            } else {
                if (pendingSpace) {
                    h = mix(h, ' ');
                    pendingSpace = false;
                    n++;
                }
                h = mix(h, c);
                n++;
                any = true;
            }
        }
        length[0] = n;
        return h;
    }

    private static boolean isSystem(String role) {
        return role.equals("system") || role.equals("developer");
    }

    private static long str(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = mix(h, s.charAt(i));
        }
        return h;
    }

    private static long mix(long h, int c) {
        return (h ^ c) * FNV_PRIME;
    }

    /** A final avalanche so that near-identical prompts spread over the whole 64 bits. */
    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static long nonZero(long h) {
        return h == 0 ? 1 : h;
    }

    /** 64-bit hash of any string (request ids). */
    public static long hash(String s) {
        return nonZero(finish(str(FNV_OFFSET, s)));
    }

    /**
     * The keys of a prompt whose text is gone (a store's row) as sent to another model: every key is of the model and
     * the prompt, so a request whose model an update changed is no repeat of its prompt under the first model (review
     * adv25b MED-1). Two such requests of one prompt share a key; a request logged with that model and prompt from the
     * start has another (its key is of the text).
     */
    public static Info forModel(Info stored, String model) {
        return new Info(rekey(stored.key(), model), rekey(stored.systemPrefix(), model), stored.systemChars(),
                rekey(stored.historyPrefix(), model), stored.historyChars(), stored.promptChars());
    }

    private static long rekey(long key, String model) {
        return key == 0 ? 0 : hash(model + "\u001f" + Long.toHexString(key));
    }
}
