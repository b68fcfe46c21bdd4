package io.techopt.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte-array scanning for the readers: they cut and sniff raw blocks without decoding them to text. */
final class Bytes {
    /** Eight bytes as one little-endian long: the byte at the lowest index is the lowest byte. */
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;

    private Bytes() {
    }

    /** The eight bytes at {@code i} (the caller checks {@code i + 8 <= b.length}). */
    static long word(byte[] b, int i) {
        return (long) LONG.get(b, i);
    }

    /** True when none of the eight bytes of {@code w} has its high bit set (all ASCII). */
    static boolean ascii(long w) {
        return (w & HIGHS) == 0;
    }

    /** Reads until {@code len} bytes are in or the stream ends; returns how many were read. */
    static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(b, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    static int indexOf(byte[] b, byte v, int from, int to) {
        long pattern = (v & 0xFFL) * ONES;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = word(b, i) ^ pattern;
            // high bit of each zero byte; a false one can only sit above a true one, so the lowest is exact
            long zeros = (w - ONES) & ~w & HIGHS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    static int lastIndexOf(byte[] b, byte v, int len) {
        for (int i = len - 1; i >= 0; i--) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /** The first byte in {@code [from, to)} that is not a space, tab or line break; -1 when there is none. */
    static int firstNonSpace(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return i;
            }
        }
        return -1;
    }

    static long countNewlines(byte[] b, int len) {
        long n = 0;
        long pattern = '\n' * ONES;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            long w = word(b, i) ^ pattern;
            // exact: a byte's high bit stays clear only when the byte is zero (no carry crosses bytes)
            n += Long.bitCount(~(((w & LOWS) + LOWS) | w) & HIGHS);
        }
        for (; i < len; i++) {
            if (b[i] == '\n') {
                n++;
            }
        }
        return n;
    }
}
