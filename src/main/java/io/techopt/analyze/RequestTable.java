package io.techopt.analyze;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every request kept as one row of primitive columns, so that exact percentiles, "last wins" de-duplication and any
 * grouping can be computed after the stream ends. Rows live in blocks of 16,384, so growing never copies what is
 * already stored, and each block's columns are as narrow as its values allow (about 45 bytes a request on a typical
 * log, 81 at most): dictionary ids in one byte until a block meets a larger id, times as offsets from the block's
 * first time while they fit an int, the logged cost and the rarer token kinds only in blocks that have one. Token
 * counts are ints; the rare row beyond that range (an aggregate CSV row) keeps its counts in a side map, as do the
 * few rows that stand for several requests or carry an error message.
 */
final class RequestTable {
    static final byte ERROR = 1, BATCH = 2, DEAD = 8, COST_AS_LOGGED = 16;
    static final int INPUT = 0, CACHE_READ = 1, CACHE_WRITE = 2, CACHE_WRITE_1H = 3, OUTPUT = 4, REASONING = 5;
    private static final int SHIFT = 14, SIZE = 1 << SHIFT, MASK = SIZE - 1;
    /** The token kinds every block holds (four ints a row), and where the two rarer kinds sit in their own array. */
    private static final int[] COMMON = {0, 1, 2, -1, 3, -1}, RARE = {-1, -1, -1, 0, -1, 1};

    /** A column of dictionary ids (-1: none), one byte a row until an id needs two, then four. */
    static final class Ids {
        private byte[] narrow = new byte[SIZE];
        private char[] medium;
        private int[] wide;

        void set(int i, int id) {
            int v = id + 1; // -1 (no value) is stored as 0
            if (wide != null) {
                wide[i] = v;
            } else if (medium != null) {
                if (v > Character.MAX_VALUE) {
                    wide = new int[SIZE];
                    for (int k = 0; k < SIZE; k++) {
                        wide[k] = medium[k];
                    }
                    medium = null;
                    wide[i] = v;
                } else {
                    medium[i] = (char) v;
                }
            } else if (v > 0xFF) {
                medium = new char[SIZE];
                for (int k = 0; k < SIZE; k++) {
                    medium[k] = (char) (narrow[k] & 0xFF);
                }
                narrow = null;
                set(i, id);
            } else {
                narrow[i] = (byte) v;
            }
        }

        int get(int i) {
            return (narrow != null ? narrow[i] & 0xFF : medium != null ? medium[i] : wide[i]) - 1;
        }
    }

    private static final class Block {
        final Ids model = new Ids(), provider = new Ids(), user = new Ids(), team = new Ids(), task = new Ids(),
                session = new Ids();
        final int[] tokens = new int[SIZE * 4];
        /** cache_write_1h and reasoning tokens: null while every row of the block has none. */
        int[] rareTokens;
        /** Times: offsets from {@code base} while they fit an int, else the times themselves. */
        final long base;
        int[] tsOffset = new int[SIZE];
        long[] ts;
        final long[] prompt = new long[SIZE];
        final double[] latency = new double[SIZE];
        /** The logged cost: null while no row of the block logged one (NaN). */
        double[] logged;
        final byte[] flags = new byte[SIZE];

        Block(long base) {
            this.base = base;
        }

        void setTs(int i, long t) {
            long off = t - base; // base + off gives t back even when the subtraction wraps
            if (ts == null && off == (int) off) {
                tsOffset[i] = (int) off;
                return;
            }
            if (ts == null) {
                ts = new long[SIZE];
                for (int k = 0; k < SIZE; k++) {
                    ts[k] = base + tsOffset[k];
                }
                tsOffset = null;
            }
            ts[i] = t;
        }

        long ts(int i) {
            return ts != null ? ts[i] : base + tsOffset[i];
        }

        void setLogged(int i, double v) {
            if (logged == null) {
                if (Double.isNaN(v)) {
                    return;
                }
                logged = new double[SIZE];
                java.util.Arrays.fill(logged, Double.NaN);
            }
            logged[i] = v;
        }
    }

    int n;
    private final List<Block> blocks = new ArrayList<>();
    private final Map<Integer, long[]> wideTokens = new HashMap<>();
    private final Map<Integer, Long> counts = new HashMap<>();
    private final Map<Integer, Integer> errorTexts = new HashMap<>();

    /** Adds a row with its dimension ids, time, prompt key, latency (NaN: none), logged cost and flags. */
    int add(int model, int provider, int user, int team, int task, int session, long ts, long prompt, double latency,
            double logged, byte flags) {
        int row = n++;
        if ((row & MASK) == 0) {
            blocks.add(new Block(ts));
        }
        Block b = blocks.get(row >>> SHIFT);
        int i = row & MASK;
        b.model.set(i, model);
        b.provider.set(i, provider);
        b.user.set(i, user);
        b.team.set(i, team);
        b.task.set(i, task);
        b.session.set(i, session);
        b.setTs(i, ts);
        b.prompt[i] = prompt;
        b.latency[i] = latency;
        b.setLogged(i, logged);
        b.flags[i] = flags;
        return row;
    }

    private Block b(int row) {
        return blocks.get(row >>> SHIFT);
    }

    int model(int row) {
        return b(row).model.get(row & MASK);
    }

    int provider(int row) {
        return b(row).provider.get(row & MASK);
    }

    int user(int row) {
        return b(row).user.get(row & MASK);
    }

    int team(int row) {
        return b(row).team.get(row & MASK);
    }

    int task(int row) {
        return b(row).task.get(row & MASK);
    }

    int session(int row) {
        return b(row).session.get(row & MASK);
    }

    long ts(int row) {
        return b(row).ts(row & MASK);
    }

    long prompt(int row) {
        return b(row).prompt[row & MASK];
    }

    double latency(int row) {
        return b(row).latency[row & MASK];
    }

    double logged(int row) {
        double[] logged = b(row).logged;
        return logged == null ? Double.NaN : logged[row & MASK];
    }

    void setTokens(int row, long... values) {
        boolean wide = false;
        for (long v : values) {
            wide |= v > Integer.MAX_VALUE;
        }
        if (wide) {
            wideTokens.put(row, values.clone());
        } else {
            Block b = b(row);
            int i = row & MASK;
            for (int k = 0; k < 6; k++) {
                int v = (int) values[k];
                if (COMMON[k] >= 0) {
                    b.tokens[i * 4 + COMMON[k]] = v;
                } else if (v != 0 || b.rareTokens != null) {
                    if (b.rareTokens == null) {
                        b.rareTokens = new int[SIZE * 2];
                    }
                    b.rareTokens[i * 2 + RARE[k]] = v;
                }
            }
        }
    }

    long tokens(int row, int kind) {
        long[] w = wideTokens.isEmpty() ? null : wideTokens.get(row);
        if (w != null) {
            return w[kind];
        }
        Block b = b(row);
        int i = row & MASK;
        if (COMMON[kind] >= 0) {
            return b.tokens[i * 4 + COMMON[kind]];
        }
        return b.rareTokens == null ? 0 : b.rareTokens[i * 2 + RARE[kind]];
    }

    void setCount(int row, long count) {
        if (count != 1) {
            counts.put(row, count);
        }
    }

    long count(int row) {
        return counts.isEmpty() ? 1 : counts.getOrDefault(row, 1L);
    }

    void setErrorText(int row, int id) {
        if (id >= 0) {
            errorTexts.put(row, id);
        }
    }

    int errorText(int row) {
        return errorTexts.getOrDefault(row, -1);
    }

    boolean is(int row, byte flag) {
        return (b(row).flags[row & MASK] & flag) != 0;
    }

    boolean live(int row) {
        return !is(row, DEAD);
    }

    void kill(int row) {
        b(row).flags[row & MASK] |= DEAD;
    }

    /** Empties the table: a reader that folds each chunk of rows into sums and then drops them (SpendSink). */
    void clear() {
        n = 0;
        blocks.clear();
        wideTokens.clear();
        counts.clear();
        errorTexts.clear();
    }
}
