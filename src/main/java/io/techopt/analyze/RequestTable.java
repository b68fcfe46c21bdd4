package io.techopt.analyze;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every request kept as one row of primitive columns (about 80 bytes a request), so that exact percentiles,
 * "last wins" de-duplication and any grouping can be computed after the stream ends. Rows live in blocks of
 * 16,384, so growing never copies what is already stored. Token counts are ints; the rare row beyond that range
 * (an aggregate CSV row) keeps its counts in a side map, as do the few rows that stand for several requests or
 * carry an error message.
 */
final class RequestTable {
    static final byte ERROR = 1, BATCH = 2, DEAD = 8, COST_AS_LOGGED = 16;
    static final int INPUT = 0, CACHE_READ = 1, CACHE_WRITE = 2, CACHE_WRITE_1H = 3, OUTPUT = 4, REASONING = 5;
    private static final int SHIFT = 14, SIZE = 1 << SHIFT, MASK = SIZE - 1;

    private static final class Block {
        final int[] model = new int[SIZE], provider = new int[SIZE], user = new int[SIZE], team = new int[SIZE],
                task = new int[SIZE], session = new int[SIZE], tokens = new int[SIZE * 6];
        final long[] ts = new long[SIZE], prompt = new long[SIZE];
        final double[] latency = new double[SIZE], logged = new double[SIZE];
        final byte[] flags = new byte[SIZE];
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
            blocks.add(new Block());
        }
        Block b = blocks.get(row >>> SHIFT);
        int i = row & MASK;
        b.model[i] = model;
        b.provider[i] = provider;
        b.user[i] = user;
        b.team[i] = team;
        b.task[i] = task;
        b.session[i] = session;
        b.ts[i] = ts;
        b.prompt[i] = prompt;
        b.latency[i] = latency;
        b.logged[i] = logged;
        b.flags[i] = flags;
        return row;
    }

    private Block b(int row) {
        return blocks.get(row >>> SHIFT);
    }

    int model(int row) {
        return b(row).model[row & MASK];
    }

    int provider(int row) {
        return b(row).provider[row & MASK];
    }

    int user(int row) {
        return b(row).user[row & MASK];
    }

    int team(int row) {
        return b(row).team[row & MASK];
    }

    int task(int row) {
        return b(row).task[row & MASK];
    }

    int session(int row) {
        return b(row).session[row & MASK];
    }

    long ts(int row) {
        return b(row).ts[row & MASK];
    }

    long prompt(int row) {
        return b(row).prompt[row & MASK];
    }

    double latency(int row) {
        return b(row).latency[row & MASK];
    }

    double logged(int row) {
        return b(row).logged[row & MASK];
    }

    void setTokens(int row, long... values) {
        boolean wide = false;
        for (long v : values) {
            wide |= v > Integer.MAX_VALUE;
        }
        if (wide) {
            wideTokens.put(row, values.clone());
        } else {
            int[] t = b(row).tokens;
            int base = (row & MASK) * 6;
            for (int k = 0; k < 6; k++) {
                t[base + k] = (int) values[k];
            }
        }
    }

    long tokens(int row, int kind) {
        long[] w = wideTokens.isEmpty() ? null : wideTokens.get(row);
        return w != null ? w[kind] : b(row).tokens[(row & MASK) * 6 + kind];
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
}
