package io.techopt.stats;

/** Open-addressing set of longs (0 is not a member): 8-16 bytes per value, no boxing. */
public final class LongHashSet {
    private long[] slots = new long[64];
    private int size;

    /** Adds v (must not be 0); true when it was absent. */
    public boolean add(long v) {
        if (v == 0) {
            throw new IllegalArgumentException("0 is reserved");
        }
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = mix(v) & mask;
        while (slots[i] != 0) {
            if (slots[i] == v) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = v;
        size++;
        return true;
    }

    public boolean contains(long v) {
        int mask = slots.length - 1;
        int i = mix(v) & mask;
        while (slots[i] != 0) {
            if (slots[i] == v) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    public int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long v : old) {
            if (v != 0) {
                add(v);
            }
        }
    }

    static int mix(long v) {
        v ^= v >>> 33;
        v *= 0xff51afd7ed558ccdL;
        v ^= v >>> 33;
        return (int) v;
    }
}
