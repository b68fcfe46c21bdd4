package io.techopt.stats;

import java.util.Arrays;

/**
 * Open-addressing map from long keys (not 0) to int values; -1 means absent. Filled up to three quarters (12 to 16
 * bytes an entry, 24 while growing): analyze keeps one entry per request id, so this is memory per request.
 */
public final class LongIntMap {
    private long[] keys = new long[64];
    private int[] values = new int[64];
    private int size;

    /** Stores v for k and returns the previous value, or -1. */
    public int put(long k, int v) {
        if (k == 0) {
            throw new IllegalArgumentException("0 is reserved");
        }
        if ((size + 1) * 4L > keys.length * 3L) {
            grow();
        }
        int mask = keys.length - 1;
        int i = LongHashSet.mix(k) & mask;
        while (keys[i] != 0) {
            if (keys[i] == k) {
                int old = values[i];
                values[i] = v;
                return old;
            }
            i = (i + 1) & mask;
        }
        keys[i] = k;
        values[i] = v;
        size++;
        return -1;
    }

    /** The value stored for k, or -1. */
    public int get(long k) {
        if (k == 0) {
            return -1;
        }
        int mask = keys.length - 1;
        int i = LongHashSet.mix(k) & mask;
        while (keys[i] != 0) {
            if (keys[i] == k) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    public int size() {
        return size;
    }

    private void grow() {
        long[] ok = keys;
        int[] ov = values;
        keys = new long[ok.length * 2];
        values = new int[ok.length * 2];
        Arrays.fill(values, -1);
        size = 0;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] != 0) {
                put(ok[i], ov[i]);
            }
        }
    }
}
